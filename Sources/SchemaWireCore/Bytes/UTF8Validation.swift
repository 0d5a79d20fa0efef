extension String {
    /// The UTF-8 text in `bytes`, or nil when they are not valid UTF-8.
    ///
    /// Codecs call this once per string field. ASCII (most keys, ids and codes) takes a fast path;
    /// other text is decoded and checked against its bytes, avoiding the unspecialized generic
    /// `String(validating:as:)`, whose metadata lookups dominated decode profiles.
    @inlinable
    public init?(validatingUTF8Bytes bytes: UnsafeBufferPointer<UInt8>) {
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
}
