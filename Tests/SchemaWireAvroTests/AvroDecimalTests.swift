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

    /// Decoding builds decimals in place: the bytes must be those Foundation's own construction
    /// makes (so that equality, hashing and printing cannot tell them apart), for random and edge
    /// magnitudes, both signs and every scale a schema uses.
    func testDecimalsBuiltInPlaceAreFoundationsBytes() throws {
        XCTAssertNotNil(DecimalMantissa.layout?.compactMask, "decimals are built through Foundation on this platform")
        var generator = SystemRandomNumberGenerator()
        var magnitudes: [UInt64] = [0, 1, 9, 10, 100, 1250, 65_535, 65_536, 4_294_967_296, UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max]
        for _ in 0..<3_000 {
            let bits = UInt64.random(in: 0...63, using: &generator)
            magnitudes.append(UInt64.random(in: 0...UInt64.max, using: &generator) >> bits)
            magnitudes.append(UInt64.random(in: 1...1_000_000, using: &generator) * [1, 10, 1_000, 1_000_000][Int(bits % 4)])
        }
        for magnitude in magnitudes {
            for scale in [0, 1, 2, 4, 9, 18, 38, 127, 128, 140, -5] {
                for negative in [false, true] {
                    let built = DecimalMantissa.decimal(magnitude: magnitude, negative: negative, exponent: -scale)
                    let reference = Decimal(sign: negative ? .minus : .plus, exponent: -scale, significand: Decimal(magnitude))
                    guard let built else {
                        // Only exponents beyond one byte are left to Foundation.
                        XCTAssertGreaterThan(scale, 120, "\(magnitude) at scale \(scale)")
                        continue
                    }
                    XCTAssertEqual(withUnsafeBytes(of: built) { Array($0) }, withUnsafeBytes(of: reference) { Array($0) }, "\(magnitude) at scale \(scale)")
                    XCTAssertEqual(built, reference)
                    XCTAssertEqual(built.hashValue, reference.hashValue)
                }
            }
        }
        // Through the reader: two's-complement bytes of every width, at the schema's scale.
        for value: Int64 in [0, 1, -1, 127, -128, 1250, -1250, 1 << 40, -(1 << 40), .max, .min] {
            let bytes = withUnsafeBytes(of: value.bigEndian) { Array($0) }
            let width = AvroDecimal.minimalByteCount(value)
            let decoded = try AvroDecimal.decimal(from: Array(bytes.suffix(width)), scale: 2)
            XCTAssertEqual(decoded, Decimal(sign: value < 0 ? .minus : .plus, exponent: -2, significand: Decimal(value.magnitude)), "\(value)")
        }
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
