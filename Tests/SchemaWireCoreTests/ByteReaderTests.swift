import SchemaWireCore
import XCTest

final class ByteReaderTests: XCTestCase {
    func testZigZagMatchesTheAvroSpecificationTable() throws {
        // The Avro specification's table of zigzag encodings.
        let table: [(Int64, [UInt8])] = [(0, [0x00]), (-1, [0x01]), (1, [0x02]), (-2, [0x03]), (2, [0x04]), (-64, [0x7F]), (64, [0x80, 0x01])]
        for (value, bytes) in table {
            var writer = ByteWriter()
            writer.writeZigZag(value)
            XCTAssertEqual(writer.bytes, bytes, "encoding \(value)")
            var reader = ByteReader(bytes)
            XCTAssertEqual(try reader.readZigZag64(), value)
            XCTAssertTrue(reader.isAtEnd)
        }
    }

    func testVarintRoundTripsExtremes() throws {
        for value in [Int64.min, Int64.max, Int64(Int32.min), Int64(Int32.max), 0, 1, -1, 300, -300] {
            var writer = ByteWriter()
            writer.writeZigZag(value)
            var reader = ByteReader(writer.bytes)
            XCTAssertEqual(try reader.readZigZag64(), value)
        }
        var writer = ByteWriter()
        writer.writeZigZag(Int64.min)
        XCTAssertEqual(writer.count, 10)
    }

    func testTruncatedVarintReportsOffset() {
        var reader = ByteReader([0x02, 0x80, 0x80])
        XCTAssertEqual(try reader.readZigZag64(), 1)
        XCTAssertThrowsError(try reader.readZigZag64()) { error in
            XCTAssertEqual(error as? WireFormatError, .truncated(offset: 3, needed: 1, available: 0))
        }
    }

    func testVarintLongerThanTenBytesIsRejected() {
        var reader = ByteReader([UInt8](repeating: 0x80, count: 11) + [0x01])
        XCTAssertThrowsError(try reader.readVarint()) { error in
            XCTAssertEqual(error as? WireFormatError, .varintOverflow(offset: 0, bits: 64))
        }
        var int32 = ByteReader([0x80, 0x80, 0x80, 0x80, 0x80, 0x00])
        XCTAssertThrowsError(try int32.readZigZag32()) { error in
            XCTAssertEqual(error as? WireFormatError, .varintTooLong(offset: 0))
        }
        var overflowing = ByteReader([UInt8](repeating: 0xFF, count: 9) + [0x7F])
        XCTAssertThrowsError(try overflowing.readVarint()) { error in
            XCTAssertEqual(error as? WireFormatError, .varintOverflow(offset: 0, bits: 64))
        }
    }

    func testInt32VarintOutOfRangeIsRejected() {
        var writer = ByteWriter()
        writer.writeZigZag(Int64(Int32.max) + 1)
        var reader = ByteReader(writer.bytes)
        XCTAssertThrowsError(try reader.readZigZag32()) { error in
            XCTAssertEqual(error as? WireFormatError, .varintOverflow(offset: 0, bits: 32))
        }
    }

    func testBytesAreLentInPlaceAndTruncationIsReported() throws {
        var reader = ByteReader([1, 2, 3, 4])
        _ = try reader.readByte()
        XCTAssertEqual(try reader.withBytes(2) { Array($0) }, [2, 3])
        XCTAssertEqual(reader.offset, 3)
        XCTAssertThrowsError(try reader.withBytes(2) { $0.count }) { error in
            XCTAssertEqual(error as? WireFormatError, .truncated(offset: 3, needed: 2, available: 1))
        }
        XCTAssertEqual(reader.offset, 3, "a refused read does not move")
    }

    /// A negative count from a caller's corrupt length is refused by every read, not taken as
    /// "nothing" or a step back.
    func testNegativeCountsAreRefused() throws {
        var reader = ByteReader([1, 2, 3, 4])
        _ = try reader.readByte()
        for read in [{ (reader: inout ByteReader) throws in _ = try reader.readBytes(-1) },
                     { (reader: inout ByteReader) throws in try reader.skip(-2) },
                     { (reader: inout ByteReader) throws in _ = try reader.readUTF8(-1) },
                     { (reader: inout ByteReader) throws in _ = try reader.withBytes(-3) { $0.count } }] {
            XCTAssertThrowsError(try read(&reader)) { error in
                guard case .invalidLength(offset: 1, length: _, remaining: 3)? = error as? WireFormatError else { return XCTFail("\(error)") }
            }
            XCTAssertEqual(reader.offset, 1, "a refused read does not move")
        }
    }

    func testLengthsAreCheckedBeforeAllocation() throws {
        let reader = ByteReader([1, 2, 3])
        XCTAssertThrowsError(try reader.checkedLength(-1, at: 0)) { error in
            XCTAssertEqual(error as? WireFormatError, .invalidLength(offset: 0, length: -1, remaining: 3))
        }
        XCTAssertThrowsError(try reader.checkedLength(Int64.max, at: 0))
        XCTAssertEqual(try reader.checkedLength(3, at: 0), 3)
    }

    func testInvalidUTF8IsRejected() {
        var reader = ByteReader([0x61, 0xC3, 0x28])
        XCTAssertThrowsError(try reader.readUTF8(3)) { error in
            XCTAssertEqual(error as? WireFormatError, .invalidUTF8(offset: 0, length: 3))
        }
    }

    func testFixedWidthIntegersInBothByteOrders() throws {
        var writer = ByteWriter()
        writer.writeBigEndian(UInt32(0x0102_0304))
        writer.writeLittleEndian(UInt32(0x0102_0304))
        XCTAssertEqual(writer.bytes, [1, 2, 3, 4, 4, 3, 2, 1])
        var reader = ByteReader(writer.bytes)
        XCTAssertEqual(try reader.readBigEndian(UInt32.self), 0x0102_0304)
        XCTAssertEqual(try reader.readLittleEndian(UInt32.self), 0x0102_0304)
        XCTAssertThrowsError(try reader.readByte())
    }

    func testTrailingBytesAreReported() {
        var reader = ByteReader([0, 1, 2])
        _ = try? reader.readByte()
        XCTAssertThrowsError(try reader.expectEnd()) { error in
            XCTAssertEqual(error as? WireFormatError, .trailingBytes(offset: 1, count: 2))
        }
    }
}
