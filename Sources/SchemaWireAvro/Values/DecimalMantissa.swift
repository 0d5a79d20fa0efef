import Foundation

/// Reads a `Decimal`'s integer mantissa without Foundation arithmetic. Foundation offers no public
/// integer view of a `Decimal`; the bridge through `NSDecimalNumber` allocates an object and costs
/// about 50 ns, six times the rest of a money field's encoding.
///
/// Every Foundation so far (Darwin's `NSDecimal`, swift-corelibs-foundation, swift-foundation)
/// stores a 4-byte header, then the mantissa as eight little-endian 16-bit words; the header's
/// second byte holds the number of words in use in one of its two nibbles (which one differs).
/// Only that count and those words are read — sign and exponent come from the public API. The
/// layout is found once from values built through the public API; where neither nibble fits,
/// ``uint64(_:)`` goes through `NSDecimalNumber`, so a future Foundation costs speed, never
/// correctness.
enum DecimalMantissa {
    private static let mantissaOffset = 4

    /// The shift that brings the word count to the low nibble of the header's second byte, or nil
    /// when this Foundation's layout is not the known one.
    static let lengthShift: Int? = {
        guard MemoryLayout<Decimal>.size == mantissaOffset + 16 else { return nil }
        // Values whose word counts are 1...5, positive and negative, plus their expected low 64 bits.
        let probes: [(Decimal, words: Int, low: UInt64)] = [1, 0xFFFF, 0x1_0000, 0x1234_5678_9ABC, UInt64.max].flatMap { probe in
            let words = (64 - probe.leadingZeroBitCount + 15) / 16
            return [
                (Decimal(sign: .plus, exponent: -3, significand: Decimal(probe)), words, probe),
                (Decimal(sign: .minus, exponent: 5, significand: Decimal(probe)), words, probe),
            ]
        } + [(Decimal(UInt64.max) * 65_536, 5, UInt64.max << 16)]
        return [0, 4].first { shift in
            probes.allSatisfy { probe, words, low in
                withUnsafeBytes(of: probe) { Int($0[1] >> shift & 0x0F) } == words && (words > 4 || read(probe, shift: shift) == low)
            }
        }
    }()

    /// The mantissa's used words as one number when there are at most four of them.
    private static func read(_ value: Decimal, shift: Int) -> UInt64? {
        withUnsafeBytes(of: value) { raw in
            let words = Int(raw[1] >> shift & 0x0F)
            guard words <= 4 else { return nil }
            var magnitude: UInt64 = 0
            for word in (0..<words).reversed() {
                magnitude = magnitude << 16 | UInt64(raw.loadUnaligned(fromByteOffset: mantissaOffset + 2 * word, as: UInt16.self))
            }
            return magnitude
        }
    }

    /// The magnitude of `value`'s significand when it fits 64 bits, else nil: read in place where
    /// the layout is known, through `NSDecimalNumber` elsewhere.
    static func uint64(_ value: Decimal) -> UInt64? {
        if let shift = lengthShift { return read(value, shift: shift) }
        let significand = value.significand
        let magnitude = NSDecimalNumber(decimal: significand).uint64Value
        return Decimal(magnitude) == significand ? magnitude : nil
    }
}
