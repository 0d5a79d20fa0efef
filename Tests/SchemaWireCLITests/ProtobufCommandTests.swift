import Foundation
import SchemaWireTestSupport
import XCTest

/// The `schemawire protobuf` commands against the contract in CLI.md, with protoc as the witness
/// of the bytes.
final class ProtobufCommandTests: XCTestCase {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("protobuf-cli-\(UUID())")

    override func setUpWithError() throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("shop"), withIntermediateDirectories: true)
        try Data("""
            syntax = "proto3";
            package shop;
            message Money { string currency = 1; int64 cents = 2; }
            """.utf8).write(to: directory.appendingPathComponent("shop/money.proto"))
        try Data("""
            syntax = "proto3";
            package shop;
            import "shop/money.proto";
            import "google/protobuf/timestamp.proto";
            message Order {
              string id = 1;
              repeated Money lines = 2;
              map<string, int32> tags = 3;
              google.protobuf.Timestamp placed_at = 4;
              message Note { string text = 1; }
              Note note = 5;
            }
            message Other { int32 x = 1; }
            """.utf8).write(to: directory.appendingPathComponent("shop/order.proto"))
    }

    var schema: String { directory.appendingPathComponent("shop/order.proto").path }
    let json = #"{"id":"o-1","lines":[{"currency":"EUR","cents":"1250"}],"tags":{"gift":1},"placedAt":"2026-12-03T10:00:00Z","note":{"text":"hi"}}"#

    func testEncodeMatchesProtocAndDecodeRoundTrips() throws {
        let encoded = try CommandRunner.run(["protobuf", "encode", "--schema", schema, "-I", directory.path], input: Array(json.utf8))
        XCTAssertEqual(encoded.status, 0, encoded.stderr)
        // protoc reads our bytes as the same message (its text format names every field).
        let text = try Protoc.decode(encoded.stdout, message: "shop.Order", file: "shop/order.proto", importPaths: [directory.path])
        XCTAssertTrue(text.contains(#"id: "o-1""#) && text.contains("cents: 1250") && text.contains(#"key: "gift""#) && text.contains("seconds: 1796292000"), text)
        let decoded = try CommandRunner.run(["protobuf", "decode", "--schema", schema, "-I", directory.path], input: encoded.stdout)
        XCTAssertEqual(decoded.status, 0, decoded.stderr)
        XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(decoded.stdout)) as? NSDictionary,
                       try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary)
    }

    func testMessageOptionPicksNestedAndRelativeNames() throws {
        for name in ["shop.Order.Note", "Order.Note", ".shop.Order.Note"] {
            let encoded = try CommandRunner.run(["protobuf", "encode", "--schema", schema, "-I", directory.path, "--message", name], input: Array(#"{"text":"x"}"#.utf8))
            XCTAssertEqual(encoded.status, 0, encoded.stderr)
            XCTAssertEqual(encoded.stdout, [0x0A, 0x01, 0x78], name)
        }
        let output = directory.appendingPathComponent("other.bin").path
        let written = try CommandRunner.run(["protobuf", "encode", "--schema", schema, "-I", directory.path, "--message", "Other", "--output", output], input: Array(#"{"x":150}"#.utf8))
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: output)), Data([0x08, 0x96, 0x01]))
        let read = try CommandRunner.run(["protobuf", "decode", "--schema", schema, "-I", directory.path, "--message", "Other", "--input", output])
        XCTAssertEqual(read.stdoutText, #"{"x":150}"# + "\n")
    }

    func testBadInputExitsTwoWithOneLineSayingWhere() throws {
        let cases: [([String], [UInt8], String)] = [
            (["protobuf", "encode", "--schema", schema], Array(json.utf8), #"import "shop/money.proto" was not found on the import path"#),
            (["protobuf", "encode", "--schema", schema, "-I", directory.path, "--message", "Nope"], [], "no message Nope (it declares shop.Order"),
            (["protobuf", "encode", "--schema", schema, "-I", directory.path], Array(#"{"id": 5}"#.utf8), "stdin: invalid Protobuf JSON at /id"),
            (["protobuf", "encode", "--schema", schema, "-I", directory.path], Array("{".utf8), "stdin: invalid JSON at line 1"),
            (["protobuf", "decode", "--schema", schema, "-I", directory.path], [0x0A, 0x05], "stdin: malformed Protobuf data at byte 1 (/id)"),
            (["protobuf", "decode", "--schema", "/nonexistent.proto"], [], "/nonexistent.proto: cannot read"),
        ]
        for (arguments, input, fragment) in cases {
            let result = try CommandRunner.run(arguments, input: input)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        }
    }

    func testDiffListsEveryDifferenceAndExitsOneWhenOneBreaks() throws {
        let updated = directory.appendingPathComponent("shop/order-v2.proto")
        let text = try String(contentsOfFile: schema, encoding: .utf8)
            .replacingOccurrences(of: "string id = 1;", with: "string order_id = 1;")
            .replacingOccurrences(of: "int32 x = 1;", with: "string x = 1;")
        try Data(text.utf8).write(to: updated)
        let diff = try CommandRunner.run(["protobuf", "diff", schema, updated.path, "-I", directory.path])
        XCTAssertEqual(diff.status, 1, diff.stderr)
        XCTAssertEqual(diff.stdoutText, "FIELD_NAME_CHANGED #/Order/1\nFIELD_SCALAR_KIND_CHANGED #/Other/1\n")
        let only = try CommandRunner.run(["protobuf", "diff", schema, updated.path, "-I", directory.path, "--incompatible-only"])
        XCTAssertEqual(only.stdoutText, "FIELD_SCALAR_KIND_CHANGED #/Other/1\n")
        let same = try CommandRunner.run(["protobuf", "diff", schema, schema, "-I", directory.path])
        XCTAssertEqual(same.status, 0, same.stderr)
        XCTAssertEqual(same.stdoutText, "")
    }
}
