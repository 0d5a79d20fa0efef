import XCTest

@testable import SchemaWireCore

final class UTF8ValidationTests: XCTestCase {
    private func validated(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { String(validatingUTF8Bytes: $0) }
    }

    /// The small-string fast path builds the standard library's own representation: same bits,
    /// equality, hash, count and bytes, at every length and for every ASCII byte value.
    func testShortASCIIIsTheStandardLibrarysSmallStringBitForBit() throws {
        var generator = SystemRandomNumberGenerator()
        for count in 0...15 {
            for round in 0..<64 {
                let bytes = (0..<count).map { index in UInt8(truncatingIfNeeded: round == 0 ? index * 9 : Int(generator.next(upperBound: UInt8(128)))) & 0x7F }
                let reference = String(decoding: bytes, as: UTF8.self)
                let built = try XCTUnwrap(validated(bytes), "\(bytes)")
                XCTAssertTrue(unsafeBitCast(built, to: (UInt64, UInt64).self) == unsafeBitCast(reference, to: (UInt64, UInt64).self), "\(bytes)")
                XCTAssertEqual(built, reference)
                XCTAssertEqual(built.hashValue, reference.hashValue)
                XCTAssertEqual(built.count, reference.count)  // characters: "\r\n" is one
                XCTAssertEqual(built.utf8.count, count)
                XCTAssertEqual(Array(built.utf8), bytes)
                XCTAssertEqual(built + "!", reference + "!")
            }
        }
    }

    func testLongerASCIIAndOtherTextDecodeAsTheStandardLibraryDoes() throws {
        for text in ["0123456789abcdef", "8d3f1c52-4a7e-4a53-9f1e-2b8c6f0a9e11", "é", "naïve café", "日本語", "🎉 party", String(repeating: "ü", count: 40)] {
            XCTAssertEqual(validated(Array(text.utf8)), text)
        }
        // Built small strings still segment into characters as the standard library's do.
        XCTAssertEqual(validated(Array("a\r\nb".utf8))?.count, 3)
    }

    /// Invalid sequences are refused at short and long lengths, including ones whose repair by
    /// `String(decoding:)` would keep the byte count (a truncated four-byte sequence).
    func testInvalidUTF8IsRefusedAtEveryLength() {
        let invalid: [[UInt8]] = [[0x80], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xFF]]
        for sequence in invalid {
            for prefix in [0, 3, 7, 14, 20] {
                let bytes = Array(repeating: UInt8(ascii: "a"), count: prefix) + sequence
                XCTAssertNil(validated(bytes), "\(bytes)")
            }
        }
    }
}
