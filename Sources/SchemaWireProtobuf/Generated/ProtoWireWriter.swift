/// The encoder generated message types write themselves into: tags, scalars in every encoding,
/// and length-delimited nesting without a sizing pass.
///
/// It owns one growing buffer and writes through a pointer: one capacity check per value instead
/// of an array's uniqueness and capacity checks per byte. Being non-copyable, it can neither be
/// shared nor outlive its buffer, which it frees exactly once.
public struct ProtoWireWriter: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var count: Int
    @usableFromInline var capacity: Int

    public init(capacity: Int = 128) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        count = 0
    }

    deinit {
        base.deallocate()
    }

    /// The bytes written so far.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Makes room for `extra` more bytes.
    @inlinable
    mutating func reserve(_ extra: Int) {
        if count &+ extra > capacity { grow(toAtLeast: count + extra) }
    }

    @usableFromInline
    mutating func grow(toAtLeast minimum: Int) {
        let newCapacity = max(capacity * 2, minimum)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Writes a varint into reserved room.
    @inlinable
    mutating func putVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            base[count] = UInt8(truncatingIfNeeded: value) | 0x80
            count &+= 1
            value >>= 7
        }
        base[count] = UInt8(truncatingIfNeeded: value)
        count &+= 1
    }

    @inlinable
    public mutating func writeVarint(_ value: UInt64) {
        reserve(10)
        putVarint(value)
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

    @inlinable
    public mutating func writeBool(_ value: Bool) {
        reserve(1)
        base[count] = value ? 1 : 0
        count &+= 1
    }

    @inlinable
    public mutating func writeFixed32(_ value: UInt32) {
        reserve(4)
        UnsafeMutableRawPointer(base + count).storeBytes(of: value.littleEndian, as: UInt32.self)
        count &+= 4
    }

    @inlinable
    public mutating func writeFixed64(_ value: UInt64) {
        reserve(8)
        UnsafeMutableRawPointer(base + count).storeBytes(of: value.littleEndian, as: UInt64.self)
        count &+= 8
    }

    @inlinable public mutating func writeSFixed32(_ value: Int32) { writeFixed32(UInt32(bitPattern: value)) }
    @inlinable public mutating func writeSFixed64(_ value: Int64) { writeFixed64(UInt64(bitPattern: value)) }
    @inlinable public mutating func writeFloat(_ value: Float) { writeFixed32(value.bitPattern) }
    @inlinable public mutating func writeDouble(_ value: Double) { writeFixed64(value.bitPattern) }

    /// A length prefix and raw bytes, in one reservation.
    @inlinable
    mutating func putDelimited(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(10 &+ bytes.count)
        putVarint(UInt64(bytes.count))
        if let source = bytes.baseAddress { (base + count).update(from: source, count: bytes.count) }
        count &+= bytes.count
    }

    @inlinable
    public mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { putDelimited($0) }
    }

    @inlinable
    public mutating func writeBytes(_ value: [UInt8]) {
        value.withUnsafeBufferPointer { putDelimited($0) }
    }

    /// Raw bytes (unknown fields kept from decoding).
    @inlinable
    public mutating func writeRaw(_ value: [UInt8]) {
        reserve(value.count)
        value.withUnsafeBufferPointer { bytes in
            if let source = bytes.baseAddress { (base + count).update(from: source, count: bytes.count) }
        }
        count &+= value.count
    }

    /// Writes a length prefix and the bytes `body` writes. One byte is reserved for the length;
    /// longer bodies move right once by the extra length bytes.
    @inlinable
    public mutating func writeLengthDelimited(_ body: (inout ProtoWireWriter) -> Void) {
        reserve(1)
        let lengthOffset = count
        count &+= 1
        body(&self)
        let length = count - lengthOffset - 1
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
        let end = count + extra
        count = lengthOffset
        putVarint(UInt64(length))
        count = end
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
