import Foundation

/// Reads a `Decimal`'s sign, exponent and integer mantissa in place, without Foundation calls.
/// Foundation offers no public integer view of a `Decimal`: the bridge through `NSDecimalNumber`
/// allocates an object, and even the `sign`/`exponent`/`isNaN` getters are
/// calls that cost more than the rest of a money field's encoding.
///
/// Every Foundation so far (Darwin's `NSDecimal`, swift-corelibs-foundation, swift-foundation)
/// stores the exponent in the first byte, flags in the second, then the mantissa as eight
/// little-endian 16-bit words from byte 4; the second byte holds the number of words in use in one
/// of its two nibbles (which one differs) and the sign in one of the other nibble's bits. The
/// layout is found once from values built through the public API; where it does not fit,
/// ``parts(_:)`` answers nil and ``uint64(_:)`` goes through `NSDecimalNumber`, so a future
/// Foundation costs speed, never correctness.
@usableFromInline
enum DecimalMantissa {
    private static let mantissaOffset = 4

    /// Where the word count and the sign live in the header's second byte.
    struct Layout {
        /// The shift that brings the word count to the low nibble.
        let lengthShift: Int
        /// The bit that is set for negative values (and NaN).
        let negativeMask: UInt8
        /// The flag bits Foundation sets on every nonzero value it builds, when building values in
        /// place reproduces Foundation's bytes exactly (else nil, and ``decimal(magnitude:negative:exponent:)``
        /// answers nil).
        var compactMask: UInt8? = nil
    }

    /// This Foundation's layout, or nil when it is not the known one.
    static let layout: Layout? = {
        guard MemoryLayout<Decimal>.size == mantissaOffset + 16 else { return nil }
        // Values whose word counts are 1...5, positive and negative, plus their expected low 64 bits.
        let probes: [(Decimal, words: Int, low: UInt64)] = [1, 0xFFFF, 0x1_0000, 0x1234_5678_9ABC, UInt64.max].flatMap { probe in
            let words = (64 - probe.leadingZeroBitCount + 15) / 16
            return [
                (Decimal(sign: .plus, exponent: -3, significand: Decimal(probe)), words, probe),
                (Decimal(sign: .minus, exponent: 5, significand: Decimal(probe)), words, probe),
            ]
        } + [(Decimal(UInt64.max) * 65_536, 5, UInt64.max << 16)]
        for lengthShift in [0, 4] {
            for signBit in (0..<4).map({ ($0 + 4 - lengthShift) }) {
                let layout = Layout(lengthShift: lengthShift, negativeMask: 1 << UInt8(signBit))
                let fits = probes.allSatisfy { probe, words, low in
                    withUnsafeBytes(of: probe) { raw in
                        Int(raw[1] >> lengthShift & 0x0F) == words && Int(Int8(bitPattern: raw[0])) == probe.exponent
                            && (raw[1] & layout.negativeMask != 0) == (probe.sign == .minus)
                    } && (words > 4 || read(probe, layout)?.magnitude == low)
                }
                // Zero holds no words and no sign; NaN holds no words and the sign.
                let zero = read(Decimal(0), layout), nan = read(Decimal.nan, layout)
                if fits, zero?.magnitude == 0, zero?.negative == false, nan?.magnitude == 0, nan?.negative == true {
                    return withBuilding(layout)
                }
            }
        }
        return nil
    }()

    /// `layout` with its compact flag when values built in place, for a spread of magnitudes,
    /// trailing zeros, signs and exponents, are byte for byte those Foundation's arithmetic builds.
    private static func withBuilding(_ layout: Layout) -> Layout {
        var candidate = layout
        candidate.compactMask = withUnsafeBytes(of: Decimal(1)) { $0[1] } & ~(0x0F << UInt8(layout.lengthShift)) & ~layout.negativeMask
        let magnitudes: [UInt64] = [1, 7, 10, 1250, 2500, 65_535, 65_536, 1_000_000, 0x1234_5678_9ABC, 99_999_999_999_999_999, UInt64.max]
        let reproduced = magnitudes.allSatisfy { magnitude in
            [-20, -3, 0, 2, 9].allSatisfy { exponent in
                [FloatingPointSign.plus, .minus].allSatisfy { sign in
                    let reference = Decimal(sign: sign, exponent: exponent, significand: Decimal(magnitude))
                    guard let built = build(magnitude, sign == .minus, exponent, candidate) else { return false }
                    return withUnsafeBytes(of: built) { Array($0) } == withUnsafeBytes(of: reference) { Array($0) }
                }
            }
        }
        return reproduced ? candidate : layout
    }

    /// `±magnitude × 10^exponent` as a `Decimal` built in place, in Foundation's form: trailing
    /// zeros moved into the exponent, the used words counted, the compact flag set; zero is
    /// Foundation's zero whatever the exponent. Nil without a verified layout or when the
    /// exponent leaves the representable -128...127.
    @usableFromInline
    static func decimal(magnitude: UInt64, negative: Bool, exponent: Int) -> Decimal? {
        guard let layout else { return nil }
        return build(magnitude, negative, exponent, layout)
    }

    private static func build(_ magnitude: UInt64, _ negative: Bool, _ exponent: Int, _ layout: Layout) -> Decimal? {
        guard let compactMask = layout.compactMask else { return nil }
        guard magnitude != 0 else { return unsafeBitCast((UInt64(0), UInt64(0), UInt32(0)), to: Decimal.self) }
        var mantissa = magnitude
        var exponent = exponent
        while mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        guard let exponentByte = Int8(exactly: exponent) else { return nil }
        let words = (64 - mantissa.leadingZeroBitCount + 15) / 16
        let flags = UInt8(words) << UInt8(layout.lengthShift) | compactMask | (negative ? layout.negativeMask : 0)
        // The header word (exponent, flags, reserved), then the mantissa's words; the layout
        // check made sure `Decimal` is these 20 bytes.
        let header = UInt32(UInt8(bitPattern: exponentByte)) | UInt32(flags) << 8
        let low = UInt64(header) | (mantissa & 0xFFFF_FFFF) << 32
        let bits = (UInt64(littleEndian: low), UInt64(littleEndian: mantissa >> 32), UInt32(0))
        return unsafeBitCast(bits, to: Decimal.self)
    }

    /// The mantissa's used words as one number when there are at most four of them, with the sign
    /// and exponent bytes as they are.
    private static func read(_ value: Decimal, _ layout: Layout) -> (exponent: Int, negative: Bool, magnitude: UInt64)? {
        withUnsafeBytes(of: value) { raw in
            // Two 8-byte loads at offsets 0 and 8, the pieces a value passed in registers is spilled
            // in: a load straddling both would wait for both stores (~15 cycles).
            let head = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
            let next = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            let flags = UInt8(truncatingIfNeeded: head >> 8)
            let words = Int(flags >> layout.lengthShift & 0x0F)
            guard words <= 4 else { return nil }
            // The first four little-endian words (bytes 4...11) as one number; unused words may
            // hold stale digits, so only `words` of them are kept.
            let four = head >> (8 * UInt64(mantissaOffset)) | next << 32
            let magnitude = words == 4 ? four : four & (1 << (16 * UInt64(words)) - 1)
            return (Int(Int8(truncatingIfNeeded: head)), flags & layout.negativeMask != 0, magnitude)
        }
    }

    /// A finite `value` as `±magnitude × 10^exponent` when its significand fits 64 bits, read in
    /// place; nil for NaN, larger significands, or an unknown layout.
    @usableFromInline
    static func parts(_ value: Decimal) -> (exponent: Int, negative: Bool, magnitude: UInt64)? {
        guard let layout, let parts = read(value, layout), !(parts.negative && parts.magnitude == 0) else { return nil }
        return parts
    }

    /// The magnitude of `value`'s significand when it fits 64 bits, else nil: read in place where
    /// the layout is known, through `NSDecimalNumber` elsewhere.
    static func uint64(_ value: Decimal) -> UInt64? {
        if let layout { return read(value, layout)?.magnitude }
        let significand = value.significand
        let magnitude = NSDecimalNumber(decimal: significand).uint64Value
        return Decimal(magnitude) == significand ? magnitude : nil
    }
}
