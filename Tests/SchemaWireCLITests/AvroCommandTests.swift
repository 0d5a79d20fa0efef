import Foundation
import SchemaWireTestSupport
import XCTest

/// The `schemawire avro` commands against the contract in CLI.md: outputs, formats and exit codes.
final class AvroCommandTests: XCTestCase {
    let v1 = CommandRunner.repositoryPath("schemas/orders/order-v1.avsc")
    let v2 = CommandRunner.repositoryPath("schemas/orders/order-v2.avsc")
    let example = CommandRunner.repositoryPath("schemas/orders/order-example.json")

    func testCanonicalPrintsFormAndFingerprints() throws {
        let schema = FileManager.default.temporaryDirectory.appendingPathComponent("int-\(UUID()).avsc")
        try Data(#"{"type": "int"}"#.utf8).write(to: schema)
        let result = try CommandRunner.run(["avro", "canonical", "--schema", schema.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdoutText, """
            "int"
            crc64-avro: 8f5c393f1ad57572
            md5: ef524ea1b91e73173d938ade36c1db32
            sha256: 3f2b87a9fe7cc9b13835598c3981cd45e3e355309e5090aa0933d7becb6fba45

            """)
    }

    func testEncodeThenDecodeRoundTripsThroughStdio() throws {
        let json = try String(contentsOfFile: example, encoding: .utf8)
        let encoded = try CommandRunner.run(["avro", "encode", "--schema", v1], input: Array(json.utf8))
        XCTAssertEqual(encoded.status, 0, encoded.stderr)
        let decoded = try CommandRunner.run(["avro", "decode", "--schema", v1], input: encoded.stdout)
        XCTAssertEqual(decoded.status, 0, decoded.stderr)
        let expected = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary
        XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(decoded.stdout)) as? NSDictionary, expected)
    }

    /// `--logical`: the decimal that Avro JSON prints as "\t`" reads as 24.00, the timestamp as ISO 8601.
    func testDecodeLogicalPrintsDecimalsAndTimestampsReadably() throws {
        let encoded = try CommandRunner.run(["avro", "encode", "--schema", v1, "--input", example])
        let decoded = try CommandRunner.run(["avro", "decode", "--schema", v1, "--logical"], input: encoded.stdout)
        XCTAssertEqual(decoded.status, 0, decoded.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(decoded.stdout)) as? [String: Any])
        XCTAssertEqual(object["amount"] as? String, "24.00")
        XCTAssertEqual(object["createdAt"] as? String, "2025-11-25T12:00:00.000Z")
        XCTAssertEqual(((object["items"] as? [[String: Any]])?.first?["unitPrice"]) as? String, "12.00")
        XCTAssertEqual(object["orderId"] as? String, "8d3f1c52-4a7e-4a53-9f1e-2b8c6f0a9e11")
    }

    func testDecodeResolvesToAReaderSchema() throws {
        let encoded = try CommandRunner.run(["avro", "encode", "--schema", v1, "--input", example])
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("order-\(UUID()).bin")
        try Data(encoded.stdout).write(to: output)
        let decoded = try CommandRunner.run(["avro", "decode", "--schema", v1, "--reader", v2, "--input", output.path])
        XCTAssertEqual(decoded.status, 0, decoded.stderr)
        XCTAssertTrue(decoded.stdoutText.hasSuffix(#""couponCode":null,"shippingAddress":null}"# + "\n"), decoded.stdoutText)
    }

    func testEncodeWritesAnOutputFile() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("order-\(UUID()).bin")
        let result = try CommandRunner.run(["avro", "encode", "--schema", v1, "--input", example, "--output", output.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.isEmpty)
        XCTAssertEqual(try Data(contentsOf: output).first, 0x48)  // length 36 of the orderId string, zigzag
    }

    func testBadInputExitsTwoWithOneLineSayingWhere() throws {
        let intSchema = FileManager.default.temporaryDirectory.appendingPathComponent("int-\(UUID()).avsc")
        try Data(#""int""#.utf8).write(to: intSchema)
        let cases: [([String], [UInt8], String)] = [
            (["avro", "encode", "--schema", v1], Array(#"{"orderId": 1}"#.utf8), "stdin: invalid Avro JSON at /orderId"),
            (["avro", "encode", "--schema", v1], Array("{".utf8), "stdin: invalid JSON at line 1"),
            (["avro", "decode", "--schema", v1], [0x48, 0x01], "stdin: malformed Avro data at byte"),
            (["avro", "canonical", "--schema", "/nonexistent.avsc"], [], "/nonexistent.avsc: cannot read"),
            (["avro", "canonical", "--schema", example], [], "invalid Avro schema at /: missing \"type\""),
            (["avro", "decode", "--schema", v1, "--reader", intSchema.path], [], "cannot resolve"),
        ]
        for (arguments, input, fragment) in cases {
            let result = try CommandRunner.run(arguments, input: input)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        }
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try CommandRunner.run(["avro", "encode"]).status, 2)
        XCTAssertEqual(try CommandRunner.run(["frobnicate"]).status, 2)
        let help = try CommandRunner.run(["avro", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdoutText.contains("canonical"))
    }
}
