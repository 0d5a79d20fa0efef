extension String {
    /// The UTF-8 text in `bytes`, or nil when they are not valid UTF-8.
    ///
    /// Codecs call this once per string field. ASCII (most keys, ids and codes) takes a fast path;
    /// other text is decoded and checked against its bytes, avoiding the unspecialized generic
    /// `String(validating:as:)`, whose metadata lookups dominated decode profiles.
    @inlinable
    public init?(validatingUTF8Bytes bytes: UnsafeBufferPointer<UInt8>) {
        var isASCII = true
        for byte in bytes where byte >= 0x80 {
            isASCII = false
            break
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if !isASCII {
            guard text.utf8.count == bytes.count, text.utf8.elementsEqual(bytes) else { return nil }
        }
        self = text
    }
}
