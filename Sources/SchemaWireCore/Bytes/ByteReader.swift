/// A bounds-checked cursor over encoded bytes.
///
/// Every read checks the remaining input first, so a truncated or hostile payload produces a
/// ``WireFormatError`` carrying the byte offset instead of a crash, and no read ever allocates more
/// than the input it has actually seen.
public struct ByteReader: Sendable {
    @usableFromInline let bytes: [UInt8]
    @usableFromInline let end: Int
    @usableFromInline var position: Int

    /// The offset of the next byte to read.
    @inlinable public var offset: Int { position }

    /// Reads `bytes` from `startOffset` to their end.
    @inlinable
    public init(_ bytes: [UInt8], startOffset: Int = 0) {
        self.bytes = bytes
        self.end = bytes.count
        self.position = min(max(startOffset, 0), bytes.count)
    }

    /// The number of bytes not yet read.
    @inlinable public var remaining: Int { end - position }

    /// Whether every byte has been read.
    @inlinable public var isAtEnd: Bool { position >= end }

    /// Throws ``WireFormatError/trailingBytes(offset:count:)`` unless all input was consumed.
    public func expectEnd() throws(WireFormatError) {
        if position < end { throw .trailingBytes(offset: position, count: end - position) }
    }

    /// Throws unless `count` bytes remain; a negative count is a caller's corrupt length, refused
    /// rather than read as "nothing" (or, once added to the position, as a step backwards).
    @inlinable
    mutating func require(_ count: Int) throws(WireFormatError) {
        // One unsigned comparison: a negative count wraps above any remaining count.
        if UInt(bitPattern: count) > UInt(bitPattern: end - position) { throw refusal(count) }
    }

    @usableFromInline
    func refusal(_ count: Int) -> WireFormatError {
        count < 0
            ? .invalidLength(offset: position, length: Int64(count), remaining: end - position)
            : .truncated(offset: position, needed: count, available: end - position)
    }

    /// Reads one byte.
    @inlinable
    public mutating func readByte() throws(WireFormatError) -> UInt8 {
        try require(1)
        defer { position += 1 }
        return bytes[position]
    }

    /// Reads `count` bytes as an array. `count` is checked against the remaining input first.
    @inlinable
    public mutating func readBytes(_ count: Int) throws(WireFormatError) -> [UInt8] {
        try require(count)
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    /// Hands the next `count` bytes to `body` in place and moves past them: values built from a
    /// few bytes (a UUID's text, a decimal's digits) need no array of their own.
    @inlinable
    public mutating func withBytes<Result>(_ count: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) throws(WireFormatError) -> Result {
        try require(count)
        let start = position
        position += count
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<start + count])) }
    }

    /// Moves past `count` bytes without copying them.
    @inlinable
    public mutating func skip(_ count: Int) throws(WireFormatError) {
        try require(count)
        position += count
    }

    /// Reads `count` bytes as a UTF-8 string, rejecting invalid UTF-8.
    @inlinable
    public mutating func readUTF8(_ count: Int) throws(WireFormatError) -> String {
        try require(count)
        let start = position
        let decoded = bytes.withUnsafeBufferPointer { buffer in
            String(validatingUTF8Bytes: UnsafeBufferPointer(rebasing: buffer[start..<start + count]))
        }
        guard let string = decoded else {
            throw .invalidUTF8(offset: start, length: count)
        }
        position += count
        return string
    }

    /// Reads an unsigned LEB128 varint of at most 64 bits (at most 10 bytes).
    @inlinable
    public mutating func readVarint() throws(WireFormatError) -> UInt64 {
        // Lengths, counts, tags and union branches are nearly always one byte: that case inline.
        if position < end {
            let byte = bytes[position]
            if byte < 0x80 {
                position += 1
                return UInt64(byte)
            }
        }
        return try readLongVarint()
    }

    /// The next byte when it is a whole varint (below 0x80), consumed; nil, reading nothing,
    /// otherwise. The one-byte case of every length, count and branch, small enough to inline
    /// into each field of a generated decoder.
    @inlinable
    public mutating func readOneByteVarint() -> UInt64? {
        guard position < end else { return nil }
        let byte = bytes[position]
        guard byte < 0x80 else { return nil }
        position &+= 1
        return UInt64(byte)
    }

    /// ``readVarint()`` for values of more than one byte (and for errors).
    @usableFromInline
    mutating func readLongVarint() throws(WireFormatError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw .truncated(offset: position, needed: 1, available: 0) }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw .varintOverflow(offset: start, bits: 64) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .varintTooLong(offset: start) }
        }
    }

    /// The signed value of a zigzag-encoded varint's raw bits (0, -1, 1, -2, … for 0, 1, 2, 3, …);
    /// the inverse of ``ByteWriter/writeZigZag(_:)``.
    @inlinable
    public static func zigZagDecoded(_ raw: UInt64) -> Int64 {
        Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Reads a zigzag-encoded 64-bit varint (Avro `long`, Protobuf `sint64`).
    @inlinable
    public mutating func readZigZag64() throws(WireFormatError) -> Int64 {
        Self.zigZagDecoded(try readVarint())
    }

    /// Reads a zigzag-encoded 32-bit varint (Avro `int`, Protobuf `sint32`), at most 5 bytes.
    @inlinable
    public mutating func readZigZag32() throws(WireFormatError) -> Int32 {
        let start = position
        let raw = try readVarint()
        if position - start > 5 { throw .varintTooLong(offset: start) }
        let value = Self.zigZagDecoded(raw)
        guard let narrow = Int32(exactly: value) else { throw .varintOverflow(offset: start, bits: 32) }
        return narrow
    }

    /// Reads a little-endian fixed-width integer.
    @inlinable
    public mutating func readLittleEndian<T: FixedWidthInteger>(_: T.Type = T.self) throws(WireFormatError) -> T {
        let size = MemoryLayout<T>.size
        try require(size)
        var value: T = 0
        for index in 0..<size {
            value |= T(truncatingIfNeeded: bytes[position + index]) << (8 * index)
        }
        position += size
        return value
    }

    /// Reads a big-endian fixed-width integer (network order, as in Confluent framing).
    @inlinable
    public mutating func readBigEndian<T: FixedWidthInteger>(_: T.Type = T.self) throws(WireFormatError) -> T {
        let size = MemoryLayout<T>.size
        try require(size)
        var value: T = 0
        for index in 0..<size {
            value = (value << 8) | T(truncatingIfNeeded: bytes[position + index])
        }
        position += size
        return value
    }

    /// Reads a length prefix already decoded as `length` and validates it against the remaining input.
    ///
    /// A negative length or one longer than what is left is reported at `lengthOffset`, the offset of
    /// the prefix itself, before anything is allocated.
    @inlinable
    public func checkedLength(_ length: Int64, at lengthOffset: Int) throws(WireFormatError) -> Int {
        guard length >= 0, length <= Int64(end - position) else {
            throw .invalidLength(offset: lengthOffset, length: length, remaining: end - position)
        }
        return Int(length)
    }

    /// The bytes not yet read.
    public var remainingBytes: ArraySlice<UInt8> { bytes[position..<end] }
}
