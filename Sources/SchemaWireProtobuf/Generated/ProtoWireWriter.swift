/// The encoder generated message types write themselves into: tags, scalars in every encoding,
/// and length-delimited nesting without a sizing pass.
public struct ProtoWireWriter: Sendable {
    @usableFromInline var storage: [UInt8]

    public init(capacity: Int = 128) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// The bytes written so far.
    public var bytes: [UInt8] { storage }

    @inlinable
    public mutating func writeVarint(_ value: UInt64) {
        if value < 0x80 {
            storage.append(UInt8(value))
            return
        }
        var value = value
        while value >= 0x80 {
            storage.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        storage.append(UInt8(value))
    }

    @inlinable
    public mutating func writeTag(_ field: Int32, _ wireType: UInt8) {
        writeVarint(UInt64(UInt32(bitPattern: field) << 3 | UInt32(wireType)))
    }

    @inlinable public mutating func writeInt32(_ value: Int32) { writeVarint(UInt64(bitPattern: Int64(value))) }
    @inlinable public mutating func writeInt64(_ value: Int64) { writeVarint(UInt64(bitPattern: value)) }
    @inlinable public mutating func writeUInt32(_ value: UInt32) { writeVarint(UInt64(value)) }
    @inlinable public mutating func writeUInt64(_ value: UInt64) { writeVarint(value) }
    @inlinable public mutating func writeSInt32(_ value: Int32) { writeVarint(UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31)))) }
    @inlinable public mutating func writeSInt64(_ value: Int64) { writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
    @inlinable public mutating func writeBool(_ value: Bool) { storage.append(value ? 1 : 0) }

    @inlinable
    public mutating func writeFixed32(_ value: UInt32) {
        storage.append(UInt8(truncatingIfNeeded: value))
        storage.append(UInt8(truncatingIfNeeded: value >> 8))
        storage.append(UInt8(truncatingIfNeeded: value >> 16))
        storage.append(UInt8(truncatingIfNeeded: value >> 24))
    }

    @inlinable
    public mutating func writeFixed64(_ value: UInt64) {
        writeFixed32(UInt32(truncatingIfNeeded: value))
        writeFixed32(UInt32(truncatingIfNeeded: value >> 32))
    }

    @inlinable public mutating func writeSFixed32(_ value: Int32) { writeFixed32(UInt32(bitPattern: value)) }
    @inlinable public mutating func writeSFixed64(_ value: Int64) { writeFixed64(UInt64(bitPattern: value)) }
    @inlinable public mutating func writeFloat(_ value: Float) { writeFixed32(value.bitPattern) }
    @inlinable public mutating func writeDouble(_ value: Double) { writeFixed64(value.bitPattern) }

    @inlinable
    public mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            storage.append(contentsOf: utf8)
        }
    }

    @inlinable
    public mutating func writeBytes(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        storage.append(contentsOf: value)
    }

    /// Raw bytes (unknown fields kept from decoding).
    @inlinable public mutating func writeRaw(_ value: [UInt8]) { storage.append(contentsOf: value) }

    /// Writes a length prefix and the bytes `body` writes. One byte is reserved for the length;
    /// longer bodies shift right once by the extra length bytes.
    @inlinable
    public mutating func writeLengthDelimited(_ body: (inout ProtoWireWriter) -> Void) {
        let lengthOffset = storage.count
        storage.append(0)
        body(&self)
        let length = storage.count - lengthOffset - 1
        if length < 0x80 {
            storage[lengthOffset] = UInt8(length)
            return
        }
        var prefix: [UInt8] = []
        var remaining = UInt64(length)
        while remaining >= 0x80 {
            prefix.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        prefix.append(UInt8(remaining))
        storage.replaceSubrange(lengthOffset..<lengthOffset + 1, with: prefix)
    }

    /// A nested message field: tag, length, the message's fields.
    @inlinable
    public mutating func writeMessage<Message: ProtoGeneratedMessage>(_ field: Int32, _ message: Message) {
        writeTag(field, 2)
        writeLengthDelimited { message.encode(to: &$0) }
    }
}

/// The order map entries are written in (ascending keys), so that encoding a map is deterministic.
public enum ProtoMapKeyOrder {
    @inlinable public static func less<Key: Comparable>(_ lhs: Key, _ rhs: Key) -> Bool { lhs < rhs }
    @inlinable public static func less(_ lhs: Bool, _ rhs: Bool) -> Bool { !lhs && rhs }
}
