import Foundation
import SchemaWireProtobuf
import SchemaWireTestSupport
import XCTest

/// Byte-for-byte agreement with protobuf-c, the C reference implementation, on messages generated
/// at random for schemas protoc-c compiled into a test-only C target: protobuf-c decodes what we
/// encode and re-encodes the very same bytes, holds the values we meant (field by field, as its C
/// structs report them), and we decode those bytes back to the same value.
final class ProtobufCAgreementTests: XCTestCase {
    func assertAgreement(_ file: String, message name: String, count: Int, seed: UInt64) throws {
        let schema = try ProtoSchema(parsing: try ProtobufCReference.source(file), path: file)
        var random = RandomProto(schema: schema, seed: seed)
        // protobuf-c keeps strings as C strings, so a NUL would truncate them on its side.
        random.allowNUL = false
        random.allowZeroMapEntries = false
        random.allowNegativeZero = false
        var comparedBytes = 0
        var comparedFields = 0
        for index in 0..<count {
            let value = random.message(name)
            let ours = try schema.encode(value, as: name)
            let theirs = try ProtobufCReference.repack(ours, as: name).get()
            guard theirs == ours else {
                let at = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ours.count, theirs.count)
                let window = { (bytes: [UInt8]) in bytes[max(0, at - 6)..<min(bytes.count, at + 10)].map { String($0) }.joined(separator: " ") }
                let json = { (bytes: [UInt8]) in (try? schema.json(schema.decode(bytes, as: name), as: name).serialized()) ?? "undecodable" }
                XCTFail(
                    "\(name) #\(index): protobuf-c re-encodes differently from byte \(at) (sizes \(ours.count)/\(theirs.count))\n"
                        + "ours:   …\(window(ours))…\ntheirs: …\(window(theirs))…\nours as JSON:   \(json(ours))\ntheirs as JSON: \(json(theirs))"
                )
                return
            }
            // What the bytes mean to protobuf-c, field by field, against the value we meant.
            let meant = ProtobufCReference.describe(value, as: name, in: schema)
            let held = try ProtobufCReference.describe(ours, as: name).get()
            guard held == meant else {
                XCTFail("\(name) #\(index): protobuf-c reads other values than we wrote\nours:   \(meant)\ntheirs: \(held)")
                return
            }
            comparedFields += held.split(separator: " ").count
            let decoded = try schema.decode(theirs, as: name)
            guard decoded == value else {
                XCTFail("\(name) #\(index): decoding protobuf-c's bytes gives \(try schema.json(decoded, as: name).serialized()), expected \(try schema.json(value, as: name).serialized())")
                return
            }
            comparedBytes += ours.count
        }
        XCTAssertGreaterThan(comparedBytes, count, "the corpus must not be trivially empty")
        XCTAssertGreaterThan(comparedFields, count, "protobuf-c's values were compared")
    }

    func testScalarsAgreeWithProtobufC() throws {
        try assertAgreement("agreement.proto", message: "agreement.Scalars", count: 300, seed: 1)
    }

    func testRepeatedPackedAndUnpackedAgreeWithProtobufC() throws {
        try assertAgreement("agreement.proto", message: "agreement.Repeated", count: 300, seed: 2)
    }

    func testOrdersWithMapsOneofsAndNestingAgreeWithProtobufC() throws {
        try assertAgreement("agreement.proto", message: "agreement.Order", count: 300, seed: 3)
    }

    func testProto2RequiredDefaultsAndPackedOptionAgreeWithProtobufC() throws {
        try assertAgreement("legacy.proto", message: "legacy.Record", count: 300, seed: 4)
    }

    func testNaNSurvivesBothImplementations() throws {
        let schema = try ProtoSchema(parsing: try ProtobufCReference.source("agreement.proto"), path: "agreement.proto")
        var random = RandomProto(schema: schema, seed: 5)
        random.allowNaN = true
        random.allowNUL = false
        random.allowNegativeZero = false
        for _ in 0..<100 {
            let ours = try schema.encode(random.message("agreement.Repeated"), as: "agreement.Repeated")
            let theirs = try ProtobufCReference.repack(ours, as: "agreement.Repeated").get()
            if theirs != ours {
                let at = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1
                XCTFail("first difference at byte \(at): \(ours[max(0, at - 8)..<min(ours.count, at + 8)]) vs \(theirs[max(0, at - 8)..<min(theirs.count, at + 8)])")
                return
            }
        }
    }

    /// Where protobuf-c's encoder departs from Google's runtimes (which we follow), the bytes still
    /// decode to the same value on both sides.
    func testKnownProtobufCEncodingDifferencesStillDecodeBothWays() throws {
        let schema = try ProtoSchema(parsing: try ProtobufCReference.source("agreement.proto"), path: "agreement.proto")
        // A map entry with a zero key and value: Google's runtimes write both; protobuf-c omits both.
        let zeroEntry = ProtoMessage(fields: [4: .map([ProtoMapEntry(key: .string(""), value: .int64(0))])])
        let ours = try schema.encode(zeroEntry, as: "agreement.Order")
        XCTAssertEqual(ours, [0x22, 0x04, 0x0A, 0x00, 0x10, 0x00])
        let theirs = try ProtobufCReference.repack(ours, as: "agreement.Order").get()
        XCTAssertEqual(theirs, [0x22, 0x00])
        XCTAssertEqual(try schema.decode(theirs, as: "agreement.Order"), zeroEntry)
        // -0.0 in an implicit-presence double: its bits are not zero, so Google's runtimes write it.
        let negativeZero = ProtoMessage(fields: [1: .single(.double(-0.0))])
        let encoded = try schema.encode(negativeZero, as: "agreement.Scalars")
        XCTAssertEqual(encoded, [0x09, 0, 0, 0, 0, 0, 0, 0, 0x80])
        XCTAssertEqual(try ProtobufCReference.repack(encoded, as: "agreement.Scalars").get(), [])
        guard case let .double(value)? = try schema.decode(encoded, as: "agreement.Scalars")[1]?.singleValue else {
            return XCTFail("-0.0 must survive decoding")
        }
        XCTAssertEqual(value.sign, .minus)
    }

    func testProtobufCRejectsWhatWeRejectAndViceVersa() throws {
        let schema = try ProtoSchema(parsing: try ProtobufCReference.source("legacy.proto"), path: "legacy.proto")
        // A Record without its required id: both implementations refuse it.
        let missingRequired: [UInt8] = [0x10, 0x05]
        XCTAssertEqual(ProtobufCReference.repack(missingRequired, as: "legacy.Record"), .failure(.rejected))
        XCTAssertThrowsError(try schema.decode(missingRequired, as: "legacy.Record"))
        // A length that runs past the end.
        let truncated: [UInt8] = [0x0A, 0x05, 0x61]
        XCTAssertEqual(ProtobufCReference.repack(truncated, as: "legacy.Record"), .failure(.rejected))
        XCTAssertThrowsError(try schema.decode(truncated, as: "legacy.Record"))
    }

    /// The checked-in C code must be what protoc-c generates from the checked-in schemas.
    func testFixturesAreProtocCOutputOfTheSchemas() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("protoc-c-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: output) }
        let fixtures = ProtobufCReference.fixtures
        let result = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/protoc-c"),
            ["-I", fixtures.path, "--c_out=\(output.path)", "agreement.proto", "legacy.proto"]
        )
        XCTAssertEqual(result.status, 0, result.stderr)
        for name in ["agreement", "legacy"] {
            XCTAssertEqual(
                try Data(contentsOf: output.appendingPathComponent("\(name).pb-c.c")),
                try Data(contentsOf: fixtures.appendingPathComponent("\(name).pb-c.c")), "\(name).pb-c.c is stale: rerun protoc-c"
            )
            XCTAssertEqual(
                try Data(contentsOf: output.appendingPathComponent("\(name).pb-c.h")),
                try Data(contentsOf: fixtures.appendingPathComponent("include/\(name).pb-c.h")), "\(name).pb-c.h is stale: rerun protoc-c"
            )
        }
    }
}
