extension String {
    /// The UTF-8 text in `bytes`, or nil when they are not valid UTF-8.
    ///
    /// Codecs call this once per string field. Short ASCII text (most keys, ids and codes) is
    /// built directly as a small string; other ASCII is decoded without a check; other text is
    /// decoded and checked against its bytes, avoiding the unspecialized generic
    /// `String(validating:as:)`, whose metadata lookups dominated decode profiles.
    @inlinable
    public init?(validatingUTF8Bytes bytes: UnsafeBufferPointer<UInt8>) {
        if let small = Self.smallASCII(bytes) {
            self = small
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if !Self.isASCII(bytes) {
            guard text.utf8.count == bytes.count, text.utf8.elementsEqual(bytes) else { return nil }
        }
        self = text
    }

    /// Whether every byte is below 0x80, eight bytes per step.
    @inlinable
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= bytes.count {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    /// Up to 15 ASCII bytes as a small string, or nil for longer or non-ASCII text.
    ///
    /// `String(decoding:as:)` validates and copies out of line, a large share of decoding a short
    /// field; this packs the bytes into the two words of the 64-bit small-string representation. That
    /// layout is ABI: the compiler bakes it into every binary's short string literals, so it
    /// cannot change under compiled code (`UTF8ValidationTests` checks it bit for bit).
    @inlinable
    static func smallASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        #if _pointerBitWidth(_64) && _endian(little)
            let count = bytes.count
            guard count <= 15, let base = bytes.baseAddress else { return nil }
            let words = SmallStringLayout.load(UnsafeRawPointer(base), count: count)
            guard (words.low | words.high) & 0x8080_8080_8080_8080 == 0 else { return nil }
            return SmallStringLayout.string(low: words.low, high: words.high, count: count)
        #else
            return nil
        #endif
    }
}

/// The 64-bit little-endian small-string layout: code units in the low 15 bytes of two words,
/// the top byte `0xE0 | count` for ASCII (immortal, small and ASCII flags, then the count).
@usableFromInline
enum SmallStringLayout {
    /// `count` (at most 15) bytes from `base` as two little-endian words, zero above the text,
    /// using loads that stay within the `count` bytes.
    @inlinable
    static func load(_ base: UnsafeRawPointer, count: Int) -> (low: UInt64, high: UInt64) {
        if count >= 8 {
            let low = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
            guard count > 8 else { return (low, 0) }
            let tail = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
            return (low, tail &>> UInt64((16 &- count) &* 8))
        }
        if count >= 4 {
            let head = UInt64(UInt32(littleEndian: base.loadUnaligned(as: UInt32.self)))
            let tail = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)))
            return (head | tail &<< UInt64((count &- 4) &* 8), 0)
        }
        var low: UInt64 = 0
        var index = 0
        while index < count {
            low |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) &<< UInt64(index &* 8)
            index &+= 1
        }
        return (low, 0)
    }

    /// The string whose small representation is these words with the ASCII discriminator.
    @inlinable
    static func string(low: UInt64, high: UInt64, count: Int) -> String {
        unsafeBitCast((low, high | UInt64(0xE0 | count) &<< 56), to: String.self)
    }
}
