import Foundation
import SchemaWireCore

/// Conversions between Foundation's `Decimal` and Avro's `decimal` logical type: an unscaled
/// integer in big-endian two's complement, with the scale kept in the schema.
public enum AvroDecimal {
    /// The unscaled two's-complement bytes of `value` at `scale`, in the fewest bytes (or exactly
    /// `size` bytes, sign-extended, for a `fixed`).
    ///
    /// Throws when `value` has more fractional digits than `scale` allows (rather than rounding
    /// money silently), more digits than `precision`, or does not fit in `size` bytes.
    public static func bytes(for value: Decimal, scale: Int, precision: Int? = nil, size: Int? = nil) throws(AvroError) -> [UInt8] {
        if let unscaled = try checkedUnscaledInt64(value, scale: scale, precision: precision) {
            return try fitted(minimalBytes(unscaled), negative: unscaled < 0, size: size, value: value)
        }
        var scaled = value * pow(Decimal(10), scale)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled else {
            throw .valueMismatch(path: "", message: "\(value) has more than \(scale) fractional digit(s)")
        }
        var text = rounded.description
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        if let precision, text != "0", text.count > precision {
            throw .valueMismatch(path: "", message: "\(value) has \(text.count) digit(s), more than the precision \(precision)")
        }
        // Magnitude as big-endian bytes, built digit by digit.
        var magnitude: [UInt8] = [0]
        for digit in text.utf8 {
            guard (0x30...0x39).contains(digit) else {
                throw .valueMismatch(path: "", message: "\(value) has no exact integer form at scale \(scale)")
            }
            var carry = Int(digit - 0x30)
            for index in magnitude.indices.reversed() {
                let product = Int(magnitude[index]) * 10 + carry
                magnitude[index] = UInt8(product & 0xFF)
                carry = product >> 8
            }
            while carry > 0 {
                magnitude.insert(UInt8(carry & 0xFF), at: 0)
                carry >>= 8
            }
        }
        var bytes = negative ? negate(magnitude) : magnitude
        // Keep one sign bit: prepend 0x00/0xFF when the top bit disagrees with the sign.
        if !negative, let first = bytes.first, first & 0x80 != 0 { bytes.insert(0, at: 0) }
        if negative, let first = bytes.first, first & 0x80 == 0 { bytes.insert(0xFF, at: 0) }
        // Drop redundant sign bytes.
        while bytes.count > 1, (bytes[0] == 0 && bytes[1] & 0x80 == 0) || (bytes[0] == 0xFF && bytes[1] & 0x80 != 0) {
            bytes.removeFirst()
        }
        return try fitted(bytes, negative: negative, size: size, value: value)
    }

    /// The unscaled value of `value` at `scale` when it fits 64 bits, through Foundation's public
    /// API (any layout); nil sends the caller to the general path. Throws for NaN, for more
    /// fractional digits than `scale` and for more digits than `precision`.
    static func checkedUnscaledInt64(_ value: Decimal, scale: Int, precision: Int?) throws(AvroError) -> Int64? {
        guard !value.isNaN else { throw .valueMismatch(path: "", message: "NaN has no decimal form") }
        guard let magnitude = DecimalMantissa.uint64(value) else { return nil }
        switch unscaled(magnitude: magnitude, exponent: value.exponent, negative: value.sign == .minus, scale: scale, precision: precision) {
        case let .exact(unscaled): return unscaled
        case .tooWide: return nil
        case .inexact: throw .valueMismatch(path: "", message: "\(value) has more than \(scale) fractional digit(s)")
        case let .tooPrecise(digits): throw .valueMismatch(path: "", message: "\(value) has more than \(digits) digit(s)")
        }
    }

    /// `bytes` as is, or sign-extended to exactly `size` bytes for a fixed.
    private static func fitted(_ bytes: [UInt8], negative: Bool, size: Int?, value: Decimal) throws(AvroError) -> [UInt8] {
        guard let size else { return bytes }
        guard bytes.count <= size else {
            throw .valueMismatch(path: "", message: "\(value) needs \(bytes.count) bytes, more than the fixed size \(size)")
        }
        return [UInt8](repeating: negative ? 0xFF : 0, count: size - bytes.count) + bytes
    }

    /// The shortest big-endian two's-complement bytes of `value`.
    private static func minimalBytes(_ value: Int64) -> [UInt8] {
        let count = minimalByteCount(value)
        return (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * (count - 1 - $0))) }
    }

    /// How many bytes the shortest two's complement of `value` takes: enough for its significant
    /// bits and one sign bit.
    @inlinable
    static func minimalByteCount(_ value: Int64) -> Int {
        let redundant = value < 0 ? (~value).leadingZeroBitCount : value.leadingZeroBitCount
        return 8 - (redundant - 1) / 8
    }

    /// The decimal that unscaled two's-complement `bytes` at `scale` stand for.
    ///
    /// Throws when `Decimal` cannot hold the value exactly (an unscaled value beyond its 128-bit
    /// significand, or a scale beyond its exponent range) rather than rounding it or answering 0.
    public static func decimal(from bytes: [UInt8], scale: Int) throws(AvroError) -> Decimal {
        try bytes.withUnsafeBufferPointer { (buffer) throws(AvroError) in try decimal(from: buffer, scale: scale) }
    }

    /// The decimal that unscaled two's-complement `bytes` at `scale` stand for, read in place.
    ///
    /// The cost is linear in the bytes: redundant sign bytes (a `fixed` wider than its values) are
    /// skipped, and what is left must fit `Decimal`'s significand before any arithmetic.
    public static func decimal(from bytes: UnsafeBufferPointer<UInt8>, scale: Int) throws(AvroError) -> Decimal {
        guard let first = bytes.first else { return 0 }
        let negative = first & 0x80 != 0
        if bytes.count <= 8 {
            // Fast path: sign-extend into 64 bits and scale by the exponent, no text involved.
            var unscaled: Int64 = negative ? -1 : 0
            for byte in bytes { unscaled = (unscaled << 8) | Int64(byte) }
            if let built = DecimalMantissa.decimal(magnitude: unscaled.magnitude, negative: unscaled < 0, exponent: -scale) { return built }
            let value = Decimal(sign: unscaled < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(unscaled.magnitude))
            // Foundation answers 0 for exponents it cannot hold: only an exact value is returned.
            guard (try? checkedUnscaledInt64(value, scale: scale, precision: nil)) == unscaled else {
                throw unrepresentable(bytes.count, scale: scale)
            }
            return value
        }
        var start = 0
        let sign: UInt8 = negative ? 0xFF : 0
        while start < bytes.count - 1, bytes[start] == sign, (bytes[start + 1] & 0x80 != 0) == negative { start += 1 }
        let significant = UnsafeBufferPointer(rebasing: bytes[start...])
        if significant.count <= 8 { return try decimal(from: significant, scale: scale) }
        // Decimal's significand is 128 bits with the sign apart: 17 two's-complement bytes at most.
        guard significant.count <= 17 else { throw unrepresentable(significant.count, scale: scale) }
        var magnitude = negative ? negate(Array(significant)) : Array(significant)
        // Repeated division by 10 gives the decimal digits of the magnitude (at most 41 of 17 bytes).
        var digits: [UInt8] = []
        while magnitude.contains(where: { $0 != 0 }) {
            var remainder = 0
            for index in magnitude.indices {
                let current = remainder << 8 | Int(magnitude[index])
                magnitude[index] = UInt8(current / 10)
                remainder = current % 10
            }
            digits.append(UInt8(remainder) + 0x30)
        }
        guard let unscaled = Decimal(string: String(decoding: digits.reversed(), as: UTF8.self)) else {
            throw unrepresentable(significant.count, scale: scale)
        }
        let value = Decimal(sign: negative ? .minus : .plus, exponent: -scale, significand: unscaled)
        // Foundation rounds beyond 38 digits and answers 0 for exponents it cannot hold: the value
        // is returned only when it writes back to the same unscaled bytes.
        guard let written = try? AvroDecimal.bytes(for: value, scale: scale), written == Array(significant) else {
            throw unrepresentable(significant.count, scale: scale)
        }
        return value
    }

    private static func unrepresentable(_ count: Int, scale: Int) -> AvroError {
        .malformedData(
            offset: 0, path: "",
            message: "a decimal of \(count) significant byte(s) at scale \(scale) has no exact Foundation Decimal (at most 38 digits, scales -127...128)")
    }

    /// Two's-complement negation of a big-endian byte string.
    private static func negate(_ bytes: [UInt8]) -> [UInt8] {
        var result = bytes.map { ~$0 }
        for index in result.indices.reversed() {
            let (sum, overflow) = result[index].addingReportingOverflow(1)
            result[index] = sum
            if !overflow { break }
        }
        return result
    }
}

extension AvroDecimal {
    /// The unscaled value of `value` at `scale` when it is exact, fits 64 bits and has at most
    /// `precision` digits, from the in-place parts; nil sends the caller to the checked path, which
    /// says what is wrong.
    @inlinable @inline(__always)
    static func fastUnscaled(_ value: Decimal, scale: Int, precision: Int?) -> Int64? {
        guard let parts = DecimalMantissa.parts(value),
              case let .exact(unscaled) = unscaled(magnitude: parts.magnitude, exponent: parts.exponent, negative: parts.negative, scale: scale, precision: precision)
        else { return nil }
        return unscaled
    }

    /// What `±magnitude × 10^exponent` is as an unscaled integer at a scale.
    @usableFromInline
    enum Unscaled {
        case exact(Int64)
        /// It needs more than 64 bits: the general path takes it.
        case tooWide
        /// It has more fractional digits than the scale.
        case inexact
        /// It has more digits than the precision (carried for the message).
        case tooPrecise(digits: Int)
    }

    /// `±magnitude × 10^exponent` as an unscaled integer at `scale`, with integer arithmetic
    /// (Decimal arithmetic costs ~20× more, and money is the common case). Shared by the in-place
    /// and the Foundation paths; always inlined, so that generated code's constant scale and
    /// precision fold away (the power-of-ten loops among them).
    @inlinable @inline(__always)
    static func unscaled(magnitude: UInt64, exponent: Int, negative: Bool, scale: Int, precision: Int?) -> Unscaled {
        var magnitude = magnitude
        let shift = exponent + scale
        if magnitude != 0 {
            if shift >= 0 {
                guard shift <= 19 else { return .tooWide }
                let (product, overflow) = magnitude.multipliedReportingOverflow(by: powerOfTen(shift))
                guard !overflow else { return .tooWide }
                magnitude = product
            } else {
                // A nonzero 64-bit magnitude is below 10^20, so no larger power of ten divides it.
                guard shift >= -19, magnitude % powerOfTen(-shift) == 0 else { return .inexact }
                magnitude /= powerOfTen(-shift)
            }
        }
        guard magnitude <= UInt64(Int64.max) else { return .tooWide }
        // A magnitude up to Int64.max has at most 19 digits.
        if let precision, precision < 19, magnitude >= powerOfTen(precision) { return .tooPrecise(digits: precision) }
        return .exact(negative ? -Int64(magnitude) : Int64(magnitude))
    }

    /// 10 to the `exponent`, for exponents 0...19 (all that fit 64 bits).
    @inlinable @inline(__always)
    static func powerOfTen(_ exponent: Int) -> UInt64 {
        var power: UInt64 = 1
        var remaining = exponent
        while remaining > 0 {
            power &*= 10
            remaining &-= 1
        }
        return power
    }
}

extension ByteWriter {
    /// A `bytes`-backed decimal at `scale`: its length, then its unscaled two's-complement bytes.
    /// Values that fit 64 bits are written in place, without an intermediate array.
    @inlinable @inline(__always)
    public mutating func writeAvroDecimal(_ value: Decimal, scale: Int, precision: Int? = nil) throws(AvroError) {
        guard let unscaled = AvroDecimal.fastUnscaled(value, scale: scale, precision: precision) else {
            return try writeAvroDecimalChecked(value, scale: scale, precision: precision)
        }
        writeAvroUnscaled(unscaled)
    }

    /// ``writeAvroDecimal(_:scale:precision:)`` through Foundation's public API, for the values the
    /// in-place path leaves (NaN, inexact, too precise, beyond 64 bits).
    @usableFromInline
    mutating func writeAvroDecimalChecked(_ value: Decimal, scale: Int, precision: Int?) throws(AvroError) {
        guard let unscaled = try AvroDecimal.checkedUnscaledInt64(value, scale: scale, precision: precision) else {
            writeAvroBytes(try AvroDecimal.bytes(for: value, scale: scale, precision: precision))
            return
        }
        writeAvroUnscaled(unscaled)
    }

    /// The length (at most 8, one varint byte), then the shortest two's-complement bytes of
    /// `unscaled`, appended in one piece.
    @inlinable @inline(__always)
    mutating func writeAvroUnscaled(_ unscaled: Int64) {
        let count = AvroDecimal.minimalByteCount(unscaled)
        write(atMost: 9) { scratch in
            scratch[0] = UInt8(count << 1)
            // The low `count` bytes, big-endian: shifted to the top of a word stored big-endian.
            let top = UInt64(bitPattern: unscaled) << (8 * (8 - count))
            UnsafeMutableRawPointer(scratch.baseAddress.unsafelyUnwrapped + 1).storeBytes(of: top.bigEndian, as: UInt64.self)
            return 1 + count
        }
    }
}
