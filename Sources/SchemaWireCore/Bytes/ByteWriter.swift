/// An append-only byte buffer with the integer encodings the wire formats share.
public struct ByteWriter: Sendable {
    @usableFromInline var storage: [UInt8]

    /// The bytes written so far.
    @inlinable public var bytes: [UInt8] { storage }

    /// Creates an empty writer with room for `capacity` bytes before it reallocates.
    @inlinable
    public init(capacity: Int = 64) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// The number of bytes written.
    @inlinable public var count: Int { storage.count }

    /// Appends one byte.
    @inlinable
    public mutating func write(byte: UInt8) { storage.append(byte) }

    /// Appends raw bytes.
    @inlinable
    public mutating func write<Bytes: Sequence>(bytes newBytes: Bytes) where Bytes.Element == UInt8 {
        storage.append(contentsOf: newBytes)
    }

    /// Appends a string's UTF-8 bytes (no length prefix).
    @inlinable
    public mutating func write(utf8 string: String) {
        var string = string
        string.withUTF8 { storage.append(contentsOf: $0) }
    }

    /// Appends an unsigned LEB128 varint.
    @inlinable
    public mutating func writeVarint(_ value: UInt64) {
        guard value >= 0x80 else { return storage.append(UInt8(value)) }
        write(atMost: 10) { scratch in
            var value = value
            var count = 0
            while value >= 0x80 {
                scratch[count] = UInt8(truncatingIfNeeded: value) | 0x80
                value >>= 7
                count += 1
            }
            scratch[count] = UInt8(value)
            return count + 1
        }
    }

    /// Appends the bytes `fill` writes to the start of a stack buffer of `maximum` bytes
    /// (returning how many): one uniqueness and capacity check for a value of several bytes, where
    /// appending byte by byte pays one each.
    @inlinable
    public mutating func write(atMost maximum: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximum) { scratch in
            let count = fill(scratch)
            storage.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<count]))
        }
    }

    /// Appends a zigzag-encoded varint (Avro `int`/`long`, Protobuf `sint32`/`sint64`).
    @inlinable
    public mutating func writeZigZag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Appends a little-endian fixed-width integer.
    @inlinable
    public mutating func writeLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var value = value.littleEndian
        withUnsafeBytes(of: &value) { storage.append(contentsOf: $0) }
    }

    /// Appends a big-endian fixed-width integer.
    @inlinable
    public mutating func writeBigEndian<T: FixedWidthInteger>(_ value: T) {
        var value = value.bigEndian
        withUnsafeBytes(of: &value) { storage.append(contentsOf: $0) }
    }

    /// Removes all bytes, keeping the capacity for reuse.
    @inlinable
    public mutating func removeAll() { storage.removeAll(keepingCapacity: true) }
}
