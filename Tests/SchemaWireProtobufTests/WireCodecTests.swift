import SchemaWireCore
import SchemaWireProtobuf
import SchemaWireTestSupport
import XCTest

/// Hand-checked encodings, hostile input and the round trip of unknown fields.
final class WireCodecTests: XCTestCase {
    let schema = try! ProtoSchema(
        parsing: """
            syntax = "proto3";
            package t;
            message Inner { int32 a = 1; string s = 2; }
            message Outer {
              int32 i = 1;
              string s = 2;
              Inner inner = 3;
              repeated int32 packed = 4;
              map<string, int32> m = 5;
              oneof choice { string left = 6; int64 right = 7; }
              sint32 z = 8;
              optional int32 maybe = 9;
              repeated Outer children = 10;
            }
            """, path: "t.proto")

    /// Fixed-width and signed values byte by byte, worked out from the encoding guide (little-endian
    /// fixed32/64 and IEEE 754 bits, ten-byte sign-extended negative varints, zigzag): a mapping
    /// bug shared by our encoder and decoder cannot pass a round trip here.
    func testFixedWidthAndSignedValuesHaveTheirSpecifiedBytes() throws {
        let vectors = try ProtoSchema(
            parsing: """
                syntax = "proto3";
                package v;
                message V {
                  fixed32 f32 = 1; sfixed64 sf64 = 2; float fl = 3; double db = 4; int64 i64 = 5; sint64 s64 = 6;
                  sfixed32 sf32 = 7; fixed64 f64 = 8; int32 i32 = 9; uint64 u64 = 10;
                }
                """, path: "v.proto")
        let cases: [(field: Int32, value: ProtoValue, bytes: [UInt8])] = [
            (1, .uint32(0x0102_0304), [0x0D, 0x04, 0x03, 0x02, 0x01]),
            (2, .int64(-2), [0x11, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
            (2, .int64(.min), [0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80]),
            (3, .float(1.5), [0x1D, 0x00, 0x00, 0xC0, 0x3F]),
            (3, .float(-0.0), [0x1D, 0x00, 0x00, 0x00, 0x80]),
            (3, .float(.infinity), [0x1D, 0x00, 0x00, 0x80, 0x7F]),
            (4, .double(-2.0), [0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0]),
            (4, .double(0.1), [0x21, 0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xB9, 0x3F]),
            (5, .int64(-1), [0x28, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
            (6, .int64(-3), [0x30, 0x05]),
            (6, .int64(.min), [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
            (7, .int32(-1), [0x3D, 0xFF, 0xFF, 0xFF, 0xFF]),
            (8, .uint64(0x0102_0304_0506_0708), [0x41, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01]),
            (9, .int32(-2), [0x48, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
            (10, .uint64(.max), [0x50, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        ]
        for (field, value, bytes) in cases {
            let message = ProtoMessage(fields: [field: .single(value)])
            XCTAssertEqual(try vectors.encode(message, as: "v.V"), bytes, "field \(field) = \(value)")
            XCTAssertEqual(try vectors.decode(bytes, as: "v.V"), message, "field \(field) from \(bytes)")
        }
        // -0.0 equals 0.0 as a Double: its sign must survive decoding.
        guard case let .single(.float(zero))? = try vectors.decode([0x1D, 0x00, 0x00, 0x00, 0x80], as: "v.V").fields[3] else {
            return XCTFail("no float decoded")
        }
        XCTAssertEqual(zero.sign, .minus)
    }

    func testSpecExamplesEncodeAsTheEncodingGuideShows() throws {
        // The encoding guide's examples: 150 → 08 96 01, "testing" → 12 07 74 65 73 74 69 6e 67.
        XCTAssertEqual(try schema.encode(ProtoMessage(fields: [1: .single(.int32(150))]), as: "t.Outer"), [0x08, 0x96, 0x01])
        XCTAssertEqual(
            try schema.encode(ProtoMessage(fields: [2: .single(.string("testing"))]), as: "t.Outer"),
            [0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6E, 0x67]
        )
        XCTAssertEqual(
            try schema.encode(ProtoMessage(fields: [4: .repeated([.int32(3), .int32(270), .int32(86942)])]), as: "t.Outer"),
            [0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05]
        )
        // Negative int32 takes ten bytes; sint32 zigzags.
        XCTAssertEqual(try schema.encode(ProtoMessage(fields: [1: .single(.int32(-1))]), as: "t.Outer").count, 11)
        XCTAssertEqual(try schema.encode(ProtoMessage(fields: [8: .single(.int32(-1))]), as: "t.Outer"), [0x40, 0x01])
        // proto3 implicit presence omits zero; explicit `optional` keeps it.
        XCTAssertEqual(try schema.encode(ProtoMessage(fields: [1: .single(.int32(0))]), as: "t.Outer"), [])
        XCTAssertEqual(try schema.encode(ProtoMessage(fields: [9: .single(.int32(0))]), as: "t.Outer"), [0x48, 0x00])
    }

    func testUnpackedInputIsAcceptedForPackedFieldsAndRepeatedMessagesMerge() throws {
        let unpacked: [UInt8] = [0x20, 0x01, 0x20, 0x02, 0x22, 0x01, 0x03]
        XCTAssertEqual(try schema.decode(unpacked, as: "t.Outer")[4], .repeated([.int32(1), .int32(2), .int32(3)]))
        // A singular message seen twice merges; a scalar seen twice keeps the last.
        let twice: [UInt8] = [0x1A, 0x02, 0x08, 0x05, 0x1A, 0x03, 0x12, 0x01, 0x78, 0x08, 0x01, 0x08, 0x02]
        let decoded = try schema.decode(twice, as: "t.Outer")
        XCTAssertEqual(decoded[3], .single(.message(ProtoMessage(fields: [1: .single(.int32(5)), 2: .single(.string("x"))]))))
        XCTAssertEqual(decoded[1], .single(.int32(2)))
        // The last oneof member wins.
        let oneof = try schema.decode([0x32, 0x01, 0x61, 0x38, 0x07], as: "t.Outer")
        XCTAssertNil(oneof[6])
        XCTAssertEqual(oneof[7], .single(.int64(7)))
    }

    func testUnknownFieldsSurviveReencoding() throws {
        // Field 99 (varint), 100 (fixed64), 101 (length-delimited), 102 (group) and 103 (fixed32)
        // are not declared: they come back verbatim after the known fields.
        let unknown: [UInt8] =
            [0x98, 0x06, 0x2A] + [0xA1, 0x06, 1, 2, 3, 4, 5, 6, 7, 8] + [0xAA, 0x06, 0x02, 0x68, 0x69]
            + [0xB3, 0x06, 0x08, 0x01, 0xB4, 0x06] + [0xBD, 0x06, 9, 9, 9, 9]
        let input: [UInt8] = [0x08, 0x01] + unknown
        let message = try schema.decode(input, as: "t.Outer")
        XCTAssertEqual(message.unknownFields, unknown)
        XCTAssertEqual(try schema.encode(message, as: "t.Outer"), input)
    }

    func testMalformedInputIsATypedErrorWithOffsetAndPath() throws {
        let cases: [(String, [UInt8], offset: Int, path: String)] = [
            ("truncated varint", [0x08, 0x96], 2, "/i"),
            ("varint longer than 10 bytes", [0x08] + [UInt8](repeating: 0xFF, count: 10) + [0x01], 1, "/i"),
            ("length beyond the buffer", [0x12, 0x05, 0x61], 1, "/s"),
            ("huge length", [0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], 1, "/s"),
            ("invalid UTF-8 in a string", [0x12, 0x02, 0xC3, 0x28], 2, "/s"),
            ("wrong wire type for a known field", [0x0D, 1, 2, 3, 4], 1, "/i"),
            ("invalid wire type 7", [0x0F], 0, ""),
            ("field number 0", [0x00, 0x01], 0, ""),
            ("unexpected end group", [0x0C], 0, ""),
            ("unterminated unknown group", [0xB3, 0x06, 0x08, 0x01], 4, ""),
            ("nested length past its parent", [0x1A, 0x02, 0x12, 0x05, 0x61, 0x62, 0x63, 0x64, 0x65], 3, "/inner/s"),
            ("packed varint cut by its length", [0x22, 0x01, 0x96, 0x01], 2, "/packed"),
            ("map entry with invalid UTF-8 key", [0x2A, 0x04, 0x0A, 0x02, 0xFF, 0xFE], 4, "/m/key"),
        ]
        for (name, bytes, offset, path) in cases {
            XCTAssertThrowsError(try schema.decode(bytes, as: "t.Outer"), name) { error in
                guard case let ProtobufError.malformedData(actualOffset, actualPath, _)? = error as? ProtobufError else {
                    return XCTFail("\(name): \(error)")
                }
                XCTAssertEqual(actualOffset, offset, name)
                XCTAssertEqual(actualPath, path, name)
            }
        }
    }

    func testDeepNestingStopsAtTheDepthLimit() throws {
        // 200 nested `children` messages: far beyond the limit of 100, rejected without a crash.
        var payload: [UInt8] = []
        for _ in 0..<200 {
            var writer = ByteWriter()
            writer.write(byte: 0x52)
            writer.writeVarint(UInt64(payload.count))
            writer.write(bytes: payload)
            payload = writer.bytes
        }
        XCTAssertThrowsError(try schema.decode(payload, as: "t.Outer")) { error in
            XCTAssertTrue("\(error)".contains("exceed the limit of 100 (ProtoWireReader.maximumDepth)"), "\(error)")
        }
        // Groups nested without end: also bounded.
        let groups: [UInt8] = (0..<400).map { $0 % 2 == 0 ? 0xB3 : 0x06 }
        XCTAssertThrowsError(try schema.decode(groups, as: "t.Outer"))
    }

    func testRandomMutationsNeverCrash() throws {
        var random = RandomProto(schema: schema, seed: 9)
        var generator = SeededGenerator(seed: 10)
        var rejected = 0
        for _ in 0..<2000 {
            var bytes = try schema.encode(random.message("t.Outer"), as: "t.Outer")
            guard !bytes.isEmpty else { continue }
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if Bool.random(using: &generator) { bytes.removeLast(Int.random(in: 0..<bytes.count, using: &generator)) }
            do {
                let message = try schema.decode(bytes, as: "t.Outer")
                _ = try schema.encode(message, as: "t.Outer")
            } catch is ProtobufError {
                rejected += 1
            }
        }
        XCTAssertGreaterThan(rejected, 100)
    }

    func testEncodingRejectsValuesThatDoNotFitTheSchema() throws {
        let cases: [(String, ProtoMessage)] = [
            ("undeclared field", ProtoMessage(fields: [42: .single(.int32(1))])),
            ("wrong scalar kind", ProtoMessage(fields: [1: .single(.string("x"))])),
            ("single value for a repeated field", ProtoMessage(fields: [4: .single(.int32(1))])),
            ("two oneof members", ProtoMessage(fields: [6: .single(.string("a")), 7: .single(.int64(1))])),
            ("map given as repeated", ProtoMessage(fields: [5: .repeated([.int32(1)])])),
        ]
        for (name, message) in cases {
            XCTAssertThrowsError(try schema.encode(message, as: "t.Outer"), name) { error in
                guard case ProtobufError.valueMismatch? = error as? ProtobufError else { return XCTFail("\(name): \(error)") }
            }
        }
        XCTAssertThrowsError(try schema.encode(ProtoMessage(), as: "t.Missing")) { error in
            XCTAssertEqual(error as? ProtobufError, .unknownMessage("no message named t.Missing in t.proto"))
        }
    }
}
