import SchemaWireCore
import XCTest

final class ConfluentFramingTests: XCTestCase {
    func testAvroFrameIsMagicThenBigEndianID() throws {
        let framed = ConfluentFraming.frame(schemaID: 0x0102_0304, payload: [0xAA])
        XCTAssertEqual(framed, [0, 1, 2, 3, 4, 0xAA])
        let header = try ConfluentFraming.readHeader(framed)
        XCTAssertEqual(header, .init(schemaID: 0x0102_0304, payloadOffset: 5))
    }

    func testProtobufMessageIndexesUseTheZeroShortcut() throws {
        XCTAssertEqual(ConfluentFraming.frame(schemaID: 7, messageIndexes: [0], payload: []), [0, 0, 0, 0, 7, 0])
        let nested = ConfluentFraming.frame(schemaID: 7, messageIndexes: [1, 2], payload: [9])
        XCTAssertEqual(nested, [0, 0, 0, 0, 7, 4, 2, 4, 9])
        XCTAssertEqual(try ConfluentFraming.readHeader(nested, hasMessageIndexes: true).messageIndexes, [1, 2])
        XCTAssertEqual(try ConfluentFraming.readHeader([0, 0, 0, 0, 7, 0], hasMessageIndexes: true).messageIndexes, [0])
    }

    func testBadFramesAreTypedErrors() {
        XCTAssertThrowsError(try ConfluentFraming.readHeader([1, 0, 0, 0, 1])) { error in
            XCTAssertEqual(error as? WireFormatError, .invalidMagicByte(offset: 0, found: 1))
        }
        XCTAssertThrowsError(try ConfluentFraming.readHeader([0, 0, 0])) { error in
            XCTAssertEqual(error as? WireFormatError, .truncated(offset: 1, needed: 4, available: 2))
        }
        // A negative index and an absurd count are refused instead of decoding against the wrong message.
        XCTAssertThrowsError(try ConfluentFraming.readHeader([0, 0, 0, 0, 1, 2, 1], hasMessageIndexes: true))
        XCTAssertThrowsError(try ConfluentFraming.readHeader([0, 0, 0, 0, 1, 0xFE, 0xFF, 0x03], hasMessageIndexes: true)) { error in
            guard case let .limitExceeded(limit)? = error as? WireFormatError else { return XCTFail("\(error)") }
            XCTAssertEqual(limit.setting, "ConfluentFraming.maximumMessageIndexes")
            XCTAssertEqual(limit.offset, 5)
        }
        // 128 indexes (zigzag 256 is two bytes) is the most a path may have.
        let longest = ConfluentFraming.frame(schemaID: 1, messageIndexes: Array(repeating: 0, count: 128), payload: [])
        XCTAssertEqual(try ConfluentFraming.readHeader(longest, hasMessageIndexes: true).messageIndexes?.count, 128)
    }
}
