import SchemaWireCore

/// The writer generated message types encode themselves into: a ``ByteWriter`` (one growing
/// buffer written through a pointer, non-copyable) with Protobuf's tags, scalars in every
/// encoding, and length-delimited nesting without a sizing pass.
public typealias ProtoWireWriter = ByteWriter

extension ByteWriter {
    @inlinable
    public mutating func writeTag(_ field: Int32, _ wireType: UInt8) {
        writeVarint(UInt64(UInt32(bitPattern: field) << 3 | UInt32(wireType)))
    }

    @inlinable public mutating func writeInt32(_ value: Int32) { writeVarint(UInt64(bitPattern: Int64(value))) }
    @inlinable public mutating func writeInt64(_ value: Int64) { writeVarint(UInt64(bitPattern: value)) }
    @inlinable public mutating func writeUInt32(_ value: UInt32) { writeVarint(UInt64(value)) }
    @inlinable public mutating func writeUInt64(_ value: UInt64) { writeVarint(value) }
    // Zigzag of a 32-bit value is the same number as of its 64-bit widening.
    @inlinable public mutating func writeSInt32(_ value: Int32) { writeZigZag(Int64(value)) }
    @inlinable public mutating func writeSInt64(_ value: Int64) { writeZigZag(value) }
    @inlinable public mutating func writeBool(_ value: Bool) { write(byte: value ? 1 : 0) }
    @inlinable public mutating func writeFixed32(_ value: UInt32) { writeLittleEndian(value) }
    @inlinable public mutating func writeFixed64(_ value: UInt64) { writeLittleEndian(value) }
    @inlinable public mutating func writeSFixed32(_ value: Int32) { writeLittleEndian(value) }
    @inlinable public mutating func writeSFixed64(_ value: Int64) { writeLittleEndian(value) }
    @inlinable public mutating func writeFloat(_ value: Float) { writeLittleEndian(value.bitPattern) }
    @inlinable public mutating func writeDouble(_ value: Double) { writeLittleEndian(value.bitPattern) }

    /// A length-delimited string: its UTF-8 byte count, then the bytes.
    @inlinable
    public mutating func writeString(_ value: String) {
        value.withUTF8Bytes { utf8 in
            writeVarint(UInt64(utf8.count))
            write(bytes: utf8)
        }
    }

    /// A length-delimited `bytes` value.
    @inlinable
    public mutating func writeBytes(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        write(bytes: value)
    }

    /// Raw bytes (unknown fields kept from decoding).
    @inlinable
    public mutating func writeRaw(_ value: [UInt8]) { write(bytes: value) }

    /// A length prefix and the bytes `body` writes (see ``writeLengthPrefixed(_:)``).
    @inlinable
    public mutating func writeLengthDelimited(_ body: (inout ByteWriter) -> Void) { writeLengthPrefixed(body) }

    /// A nested message field: tag, length, the message's fields.
    @inlinable
    public mutating func writeMessage<Message: ProtoGeneratedMessage>(_ field: Int32, _ message: Message) {
        writeTag(field, 2)
        writeLengthDelimited { message.encode(to: &$0) }
    }
}

/// The order map entries are written in (ascending keys), so that encoding a map is deterministic.
public enum ProtoMapKeyOrder {
    /// Calls `body` for each entry in ascending key order. Small maps are sorted in stack memory
    /// (no heap allocation per encode); a map of one entry is not sorted at all.
    @inlinable
    public static func forEach<Key: Comparable, Value>(_ map: [Key: Value], _ body: (Key, Value) -> Void) {
        if map.count <= 1 {
            for (key, value) in map { body(key, value) }
            return
        }
        withUnsafeTemporaryAllocation(of: (key: Key, value: Value).self, capacity: map.count) { entries in
            let (_, initialized) = entries.initialize(from: map)
            var sorted = UnsafeMutableBufferPointer(rebasing: entries[..<initialized])
            sorted.sort { $0.key < $1.key }
            for entry in sorted { body(entry.key, entry.value) }
            sorted.deinitialize()
        }
    }

    /// `false` before `true`.
    @inlinable
    public static func forEach<Value>(_ map: [Bool: Value], _ body: (Bool, Value) -> Void) {
        if let value = map[false] { body(false, value) }
        if let value = map[true] { body(true, value) }
    }
}
