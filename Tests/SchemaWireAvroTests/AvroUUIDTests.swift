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
