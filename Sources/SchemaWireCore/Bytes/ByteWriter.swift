/// An append-only byte buffer with the integer encodings the wire formats share.
///
/// It owns one growing buffer and writes through a pointer: one capacity check per value, where an
/// array pays a uniqueness and a capacity check per append. Being non-copyable it can be neither
/// shared nor copied by accident; it frees its buffer exactly once.
public struct ByteWriter: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var used: Int
    @usableFromInline var capacity: Int
    /// The caller's stack buffer this writer started in (see ``collect(stackCapacity:_:)``),
    /// which is never freed here; nil for a writer that started on the heap.
    @usableFromInline let scratch: UnsafeMutablePointer<UInt8>?

    /// Creates an empty writer with room for `capacity` bytes before it reallocates.
    @inlinable
    public init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        used = 0
        scratch = nil
    }

    @usableFromInline
    init(scratch buffer: UnsafeMutableBufferPointer<UInt8>) {
        // A temporary allocation of a nonzero capacity always has an address.
        base = buffer.baseAddress.unsafelyUnwrapped
        capacity = buffer.count
        used = 0
        scratch = base
    }

    deinit { if base != scratch { base.deallocate() } }

    /// The bytes `body` writes, gathered in a stack buffer of `stackCapacity` bytes (moving to the
    /// heap only if they outgrow it), so that the returned array is the only allocation.
    ///
    /// `body` must leave the writer it is given in place: one swapped for another is a
    /// programming error that stops the program, since the original could outlive the stack.
    @inlinable
    public static func collect<Failure: Error>(
        stackCapacity: Int = 256, _ body: (inout ByteWriter) throws(Failure) -> Void
    ) throws(Failure) -> [UInt8] {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(stackCapacity, 16)) { (buffer) throws(Failure) -> [UInt8] in
            var writer = ByteWriter(scratch: buffer)
            try body(&writer)
            precondition(writer.scratch == buffer.baseAddress, "ByteWriter.collect: the writer was replaced by another")
            return writer.bytes
        }
    }

    /// A copy of the bytes written so far.
    // Array's sequence initializer from a buffer pointer is specialized in the standard library;
    // `init(unsafeUninitializedCapacity:)` was twice as slow, looking up generic metadata per call.
    @inlinable
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: used)) }

    /// The number of bytes written.
    @inlinable public var count: Int { used }

    /// Lends the bytes written so far without copying them.
    @inlinable
    public func withBytes<Result, Failure: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result) throws(Failure) -> Result {
        try body(UnsafeBufferPointer(start: base, count: used))
    }

    /// Makes room for `extra` more bytes.
    @inlinable
    mutating func reserve(_ extra: Int) {
        if used &+ extra > capacity { grow(toAtLeast: used + extra) }
    }

    @usableFromInline
    mutating func grow(toAtLeast minimum: Int) {
        let newCapacity = max(capacity * 2, minimum)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: used)
        if base != scratch { base.deallocate() }
        base = newBase
        capacity = newCapacity
    }

    /// Appends one byte.
    @inlinable
    public mutating func write(byte: UInt8) {
        reserve(1)
        base[used] = byte
        used &+= 1
    }

    /// Appends raw bytes.
    @inlinable
    public mutating func write(bytes buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress, !buffer.isEmpty else { return }
        reserve(buffer.count)
        (base + used).initialize(from: source, count: buffer.count)
        used &+= buffer.count
    }

    /// Appends raw bytes.
    @inlinable
    public mutating func write<Bytes: Sequence>(bytes newBytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = newBytes.withContiguousStorageIfAvailable { write(bytes: $0) }
        if done == nil {
            for byte in newBytes { write(byte: byte) }
        }
    }

    /// Appends a string's UTF-8 bytes (no length prefix).
    @inlinable
    public mutating func write(utf8 string: String) {
        string.withUTF8Bytes { write(bytes: $0) }
    }

    /// Appends an unsigned LEB128 varint. Always inlined, as are the zigzag and Avro integer
    /// writers: as calls they were a fifth of a generated record's encoding.
    @inlinable @inline(__always)
    public mutating func writeVarint(_ value: UInt64) {
        reserve(10)
        var value = value
        while value >= 0x80 {
            base[used] = UInt8(truncatingIfNeeded: value) | 0x80
            used &+= 1
            value >>= 7
        }
        base[used] = UInt8(truncatingIfNeeded: value)
        used &+= 1
    }

    /// Appends the bytes `fill` writes into room for `maximum` bytes (returning how many it wrote):
    /// one capacity check for a value of several bytes.
    @inlinable
    public mutating func write(atMost maximum: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        reserve(maximum)
        let written = fill(UnsafeMutableBufferPointer(start: base + used, count: maximum))
        precondition(written >= 0 && written <= maximum, "ByteWriter.write(atMost:) filled \(written) of \(maximum) bytes")
        used &+= written
    }

    /// Appends a varint length prefix and the bytes `body` writes after it, without a sizing pass:
    /// one byte is kept for the length, and a body of 128 bytes or more moves right once by the
    /// extra length bytes (Protobuf's nested messages and packed fields).
    @inlinable
    public mutating func writeLengthPrefixed<Failure: Error>(_ body: (inout ByteWriter) throws(Failure) -> Void) throws(Failure) {
        reserve(1)
        let lengthOffset = used
        used &+= 1
        try body(&self)
        let length = used - lengthOffset - 1
        if length < 0x80 {
            base[lengthOffset] = UInt8(truncatingIfNeeded: length)
            return
        }
        var extra = 0
        var remaining = length >> 7
        while remaining > 0 {
            extra += 1
            remaining >>= 7
        }
        reserve(extra)
        (base + lengthOffset + 1 + extra).update(from: base + lengthOffset + 1, count: length)
        let end = used + extra
        used = lengthOffset
        writeVarint(UInt64(length))
        used = end
    }

    /// Appends a zigzag-encoded varint (Avro `int`/`long`, Protobuf `sint32`/`sint64`).
    @inlinable @inline(__always)
    public mutating func writeZigZag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Appends a little-endian fixed-width integer.
    @inlinable
    public mutating func writeLittleEndian<T: FixedWidthInteger>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        UnsafeMutableRawPointer(base + used).storeBytes(of: value.littleEndian, as: T.self)
        used &+= MemoryLayout<T>.size
    }

    /// Appends a big-endian fixed-width integer.
    @inlinable
    public mutating func writeBigEndian<T: FixedWidthInteger>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        UnsafeMutableRawPointer(base + used).storeBytes(of: value.bigEndian, as: T.self)
        used &+= MemoryLayout<T>.size
    }

    /// Removes all bytes, keeping the capacity for reuse.
    @inlinable
    public mutating func removeAll() { used = 0 }

    /// Removes the bytes written after the first `count`, as when a step that wrote them is undone.
    @inlinable
    public mutating func truncate(to count: Int) {
        precondition(count >= 0 && count <= used, "ByteWriter.truncate(to: \(count)) with \(used) bytes written")
        used = count
    }
}

/// A writer owns its buffer alone (it cannot be copied), so handing it to another task moves it.
extension ByteWriter: @unchecked Sendable {}

extension String {
    /// Lends this string's UTF-8 bytes from its own storage, small strings included; only a
    /// string without contiguous UTF-8 (one bridged from elsewhere) is copied first. Writers use
    /// it rather than `withUTF8`, whose `var` copy retained and released every string written.
    @inlinable @inline(__always)
    public func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8(body)
    }
}
