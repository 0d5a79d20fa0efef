import Foundation
import SchemaWireAvro
import SchemaWireCore
import XCTest

final class AvroUUIDTests: XCTestCase {
    func testTextMatchesFoundationInLowercaseAndParsesBack() throws {
        for _ in 0..<1_000 {
            let uuid = UUID()
            let text = AvroUUID.text(uuid)
            XCTAssertEqual(String(decoding: text, as: UTF8.self), uuid.uuidString.lowercased())
            XCTAssertEqual(AvroUUID.parse(text), uuid)
            XCTAssertEqual(AvroUUID.parse(Array(uuid.uuidString.utf8)), uuid, "uppercase is accepted on read")
        }
    }

    func testEveryNibbleFormatsAsFoundationDoes() {
        let patterns: [uuid_t] = [
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
            (0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF),
            (0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32, 0x10),
            (0x9A, 0xA9, 0x0F, 0xF0, 0x5A, 0xA5, 0x09, 0x90, 0xA0, 0x0A, 0xF9, 0x9F, 0x10, 0x01, 0xBC, 0xCB),
        ]
        for pattern in patterns {
            let uuid = UUID(uuid: pattern)
            XCTAssertEqual(String(decoding: AvroUUID.text(uuid), as: UTF8.self), uuid.uuidString.lowercased())
        }
    }

    func testEveryByteInEveryPositionIsJudgedAsAHexDigitOrDash() throws {
        let good = Array("0123abcd-ef45-6789-ABCD-EF0123456789".utf8)
        let hex = Set("0123456789abcdefABCDEF".utf8)
        let expected = try XCTUnwrap(UUID(uuidString: String(decoding: good, as: UTF8.self)))
        XCTAssertEqual(AvroUUID.parse(good), expected)
        for position in good.indices {
            for byte in UInt8.min...UInt8.max {
                var text = good
                text[position] = byte
                let valid = [8, 13, 18, 23].contains(position) ? byte == UInt8(ascii: "-") : hex.contains(byte)
                let parsed = AvroUUID.parse(text)
                XCTAssertEqual(parsed != nil, valid, "byte \(byte) at \(position)")
                if valid { XCTAssertEqual(parsed, UUID(uuidString: String(decoding: text, as: UTF8.self))) }
            }
        }
    }

    func testMalformedTextIsRejected() {
        let good = "123e4567-e89b-12d3-a456-426614174000"
        for bad in ["", String(good.dropLast()), good + "0", good.replacingOccurrences(of: "-", with: "_"), "123e4567-e89b-12d3-a456-42661417400g",
                    "123e4567e-89b-12d3-a456-426614174000"] {
            XCTAssertNil(AvroUUID.parse(Array(bad.utf8)), bad)
        }
    }

    func testBinaryUUIDRoundTripsAndReportsTheOffsetOfBadText() throws {
        let uuid = UUID()
        var writer = ByteWriter()
        writer.writeAvroUUID(uuid)
        XCTAssertEqual(writer.bytes.first, 72, "zigzag length 36")
        var reader = AvroBinaryReader(bytes: writer.bytes)
        XCTAssertEqual(try reader.uuid(), uuid)

        var bad = ByteWriter()
        bad.write(byte: 0)
        bad.writeAvroString("not-a-uuid")
        var badReader = AvroBinaryReader(bytes: bad.bytes)
        _ = try badReader.bytes.readByte()
        XCTAssertThrowsError(try badReader.uuid()) { error in
            XCTAssertTrue("\(error)".contains("not-a-uuid") && "\(error)".contains("1"), "\(error)")
        }
    }
}
