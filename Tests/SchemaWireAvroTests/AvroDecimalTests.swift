import Foundation
@testable import SchemaWireAvro
import SchemaWireCore
import XCTest

/// The in-place mantissa read behind decimal encoding, checked against Foundation's own arithmetic
/// on values built every way a program builds them (parsed, computed, rounded), so that a layout
/// misread cannot write a wrong amount.
final class AvroDecimalTests: XCTestCase {
    func testTheMantissaLayoutIsRecognisedOnThisFoundation() {
        // If Foundation changes its layout, encoding stays correct but slows down: this says so.
        XCTAssertNotNil(DecimalMantissa.layout, "Decimal's layout is not the known one: decimals take the NSDecimalNumber path")
    }

    func testTheInPlaceMantissaAgreesWithFoundationArithmetic() throws {
        var generator = SystemRandomNumberGenerator()
        var values: [Decimal] = [0, 1, -1, Decimal(UInt64.max), Decimal(Int64.max), Decimal(Int64.min), .greatestFiniteMagnitude]
        for _ in 0..<2_000 {
            let cents = Int64.random(in: -10_000_000_000...10_000_000_000, using: &generator)
            let parsed = try XCTUnwrap(Decimal(string: "\(cents / 100).\(String(format: "%02lld", abs(cents % 100)))"))
            let other = Decimal(Int.random(in: 1...1_000_000, using: &generator))
            values += [parsed, parsed * other, parsed / other, parsed - other, parsed + Decimal(string: "123456789012345678901234567")!]
            // Differences of large values shrink the mantissa, which may leave stale high words.
            let big = try XCTUnwrap(Decimal(string: "98765432109876543210987654\(cents & 0xFF)"))
            values.append(big - (big - Decimal(cents)))
            var rounded = Decimal()
            var product = parsed * other / 7
            NSDecimalRound(&rounded, &product, 2, .bankers)
            values.append(rounded)
        }
        for value in values {
            let reference = NSDecimalNumber(decimal: value.significand).uint64Value
            let fits = Decimal(reference) == value.significand
            XCTAssertEqual(DecimalMantissa.uint64(value), fits ? reference : nil, "\(value)")
            let parts = DecimalMantissa.parts(value)
            XCTAssertEqual(parts?.magnitude, fits ? reference : nil, "\(value)")
            if let parts {
                XCTAssertEqual(parts.exponent, value.exponent, "\(value)")
                XCTAssertEqual(parts.negative, value.sign == .minus, "\(value)")
            }
        }
        XCTAssertNil(DecimalMantissa.parts(.nan), "NaN has no parts")
    }

    func testEncodedDecimalsMatchTheGeneralPathAndRoundTrip() throws {
        for text in ["0", "0.01", "-0.01", "12.50", "-12.50", "92233720368547758.07", "-92233720368547758.08", "1e3", "123.4", "0e-30", "5e15"] {
            let value = try XCTUnwrap(Decimal(string: text))
            var writer = ByteWriter()
            try writer.writeAvroDecimal(value, scale: 2)
            var checked = ByteWriter()
            try checked.writeAvroDecimalChecked(value, scale: 2, precision: nil)
            XCTAssertEqual(writer.bytes, checked.bytes, "in-place and Foundation paths agree on \(text)")
            var expected = ByteWriter()
            expected.writeAvroBytes(try AvroDecimal.bytes(for: value, scale: 2))
            XCTAssertEqual(writer.bytes, expected.bytes, text)
            var reader = AvroBinaryReader(bytes: writer.bytes)
            XCTAssertEqual(try reader.decimal(scale: 2), value, text)
            XCTAssertEqual(reader.bytes.remaining, 0, text)
        }
        for (text, precision) in [("1.234", nil), ("1e-30", nil), ("1234567890.12", 11), ("-100.00", 4)] as [(String, Int?)] {
            var refused = ByteWriter()
            XCTAssertThrowsError(try refused.writeAvroDecimal(try XCTUnwrap(Decimal(string: text)), scale: 2, precision: precision), text)
            XCTAssertEqual(refused.count, 0, "nothing written for refused \(text)")
        }
        var nan = ByteWriter()
        XCTAssertThrowsError(try nan.writeAvroDecimal(.nan, scale: 2))
        var widest = ByteWriter()
        XCTAssertNoThrow(try widest.writeAvroDecimal(try XCTUnwrap(Decimal(string: "1234567890.12")), scale: 2, precision: 12))
    }

    func testATruncatedDecimalReportsItsOffset() {
        var reader = AvroBinaryReader(bytes: [0x06, 0x01])  // three bytes announced, one present
        XCTAssertThrowsError(try reader.decimal(scale: 2)) { error in
            guard case .wire(.invalidLength(offset: 0, length: 3, remaining: 1))? = error as? AvroError else {
                return XCTFail("\(error)")
            }
        }
    }
}
