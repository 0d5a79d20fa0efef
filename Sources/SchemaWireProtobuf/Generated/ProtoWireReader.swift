import SchemaWireCore

/// The decoder generated message types read themselves from: bounds-checked at every step, with
/// a limit per nested message and a depth bound, so hostile input is a typed error with its offset.
public struct ProtoWireReader: Sendable {
    @usableFromInline let bytes: [UInt8]
    @usableFromInline var position: Int
    @usableFromInline var limit: Int
    @usableFromInline var depth = 0

    /// The nesting limit of Google's parsers.
    public static let maximumDepth = 100

    public init(_ bytes: [UInt8]) {
        self.init(bytes, from: 0)
    }

    /// A reader of the message that starts at `offset` and runs to the end of `bytes` (a framed
    /// record's payload, read where it lies instead of copied out). Offsets in errors count from
    /// the start of `bytes`.
    public init(_ bytes: [UInt8], from offset: Int) {
        self.bytes = bytes
        self.position = min(max(offset, 0), bytes.count)
        self.limit = bytes.count
    }

    /// The offset of the next byte, for diagnostics.
    public var offset: Int { position }

    @usableFromInline
    func malformed(_ message: String, at offset: Int? = nil) -> ProtobufError {
        .malformedData(offset: offset ?? position, path: "", message: message)
    }

    // The errors of the inlined paths, built out of line so that the paths stay small enough for
    // the compiler to inline into every generated decoder.

    @usableFromInline @inline(never)
    func invalidTag(_ tag: UInt64, at start: Int) -> ProtobufError {
        tag > UInt64(UInt32.max) || tag >> 3 == 0
            ? malformed("invalid field tag \(tag)", at: start) : malformed("invalid wire type \(tag & 7)", at: start)
    }

    @usableFromInline @inline(never)
    func lengthOverrun(_ length: UInt64, at start: Int) -> ProtobufError {
        malformed("length \(length) runs past the end of the enclosing message (\(limit - position) byte(s) left)", at: start)
    }

    @usableFromInline @inline(never)
    func wrongWireType(_ actual: UInt8, _ expected: UInt8, field: Int32) -> ProtobufError {
        malformed("field \(field) has wire type \(actual), expected \(expected)")
    }

    @usableFromInline @inline(never)
    func invalidUTF8(from start: Int, to end: Int) -> ProtobufError {
        malformed("string of \(end - start) byte(s) is not valid UTF-8", at: start)
    }

    @usableFromInline @inline(never)
    func tooDeep() -> ProtobufError { .tooDeep(at: position) }

    @usableFromInline @inline(never)
    func truncated(_ what: StaticString) -> ProtobufError {
        malformed("truncated \(what)")
    }

    /// The next field's number, wire type and tag offset, or nil at the end of the current message.
    @inlinable
    public mutating func nextField() throws(ProtobufError) -> (number: Int32, wireType: UInt8, tagStart: Int)? {
        guard position < limit else { return nil }
        let start = position
        let tag = try readVarint()
        let wireType = UInt8(truncatingIfNeeded: tag & 7)
        guard tag <= UInt64(UInt32.max), tag >> 3 != 0, wireType <= 5 else { throw invalidTag(tag, at: start) }
        return (Int32(truncatingIfNeeded: tag >> 3), wireType, start)
    }

    @inlinable
    public mutating func readVarint() throws(ProtobufError) -> UInt64 {
        // One-byte varints (tags, small numbers, short lengths) are the common case.
        if position < limit, bytes[position] < 0x80 {
            defer { position &+= 1 }
            return UInt64(bytes[position])
        }
        return try readLongVarint()
    }

    @usableFromInline
    mutating func readLongVarint() throws(ProtobufError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < limit else { throw malformed("truncated varint", at: start) }
            let byte = bytes[position]
            position &+= 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift &+= 7
            if shift > 63 { throw malformed("varint longer than 10 bytes", at: start) }
        }
    }

    @inlinable public mutating func readInt32() throws(ProtobufError) -> Int32 { Int32(truncatingIfNeeded: try readVarint()) }
    @inlinable public mutating func readInt64() throws(ProtobufError) -> Int64 { Int64(bitPattern: try readVarint()) }
    @inlinable public mutating func readUInt32() throws(ProtobufError) -> UInt32 { UInt32(truncatingIfNeeded: try readVarint()) }
    @inlinable public mutating func readUInt64() throws(ProtobufError) -> UInt64 { try readVarint() }
    @inlinable public mutating func readBool() throws(ProtobufError) -> Bool { try readVarint() != 0 }
    @inlinable public mutating func readEnum() throws(ProtobufError) -> Int32 { Int32(truncatingIfNeeded: try readVarint()) }

    @inlinable
    public mutating func readSInt32() throws(ProtobufError) -> Int32 {
        // Truncated to 32 bits first, as Google's parsers read an over-long sint32.
        Int32(truncatingIfNeeded: ByteReader.zigZagDecoded(UInt64(UInt32(truncatingIfNeeded: try readVarint()))))
    }

    @inlinable
    public mutating func readSInt64() throws(ProtobufError) -> Int64 {
        ByteReader.zigZagDecoded(try readVarint())
    }

    @inlinable
    public mutating func readFixed32() throws(ProtobufError) -> UInt32 {
        guard limit &- position >= 4 else { throw truncated("fixed32") }
        let value = bytes.withUnsafeBytes { [position] in $0.loadUnaligned(fromByteOffset: position, as: UInt32.self) }
        position &+= 4
        return UInt32(littleEndian: value)
    }

    @inlinable
    public mutating func readFixed64() throws(ProtobufError) -> UInt64 {
        guard limit &- position >= 8 else { throw truncated("fixed64") }
        let value = bytes.withUnsafeBytes { [position] in $0.loadUnaligned(fromByteOffset: position, as: UInt64.self) }
        position &+= 8
        return UInt64(littleEndian: value)
    }

    @inlinable public mutating func readSFixed32() throws(ProtobufError) -> Int32 { Int32(bitPattern: try readFixed32()) }
    @inlinable public mutating func readSFixed64() throws(ProtobufError) -> Int64 { Int64(bitPattern: try readFixed64()) }
    @inlinable public mutating func readFloat() throws(ProtobufError) -> Float { Float(bitPattern: try readFixed32()) }
    @inlinable public mutating func readDouble() throws(ProtobufError) -> Double { Double(bitPattern: try readFixed64()) }

    /// A length prefix checked against the current message's limit; returns the end offset.
    /// Always inlined: every string, bytes and nested message starts here.
    @inlinable @inline(__always)
    public mutating func readLength() throws(ProtobufError) -> Int {
        let start = position
        let length = try readVarint()
        guard length <= UInt64(limit &- position) else { throw lengthOverrun(length, at: start) }
        return position &+ Int(truncatingIfNeeded: length)
    }

    @inlinable
    public mutating func readString() throws(ProtobufError) -> String {
        let end = try readLength()
        let start = position
        let text = bytes.withUnsafeBufferPointer { buffer in
            String(validatingUTF8Bytes: UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
        guard let text else { throw invalidUTF8(from: start, to: end) }
        position = end
        return text
    }

    @inlinable
    public mutating func readBytes() throws(ProtobufError) -> [UInt8] {
        let end = try readLength()
        defer { position = end }
        return Array(bytes[position..<end])
    }

    /// Reads a nested message's fields within its length, bounding nesting depth.
    @inlinable
    public mutating func readMessage<Message: ProtoGeneratedMessage>(into message: inout Message) throws(ProtobufError) {
        let end = try readLength()
        guard depth < Self.maximumDepth else { throw tooDeep() }
        let outerLimit = limit
        limit = end
        depth += 1
        try message.merge(from: &self)
        depth -= 1
        limit = outerLimit
        position = end
    }

    /// A nested message read into a fresh value.
    @inlinable
    public mutating func readMessage<Message: ProtoGeneratedMessage>(_: Message.Type = Message.self) throws(ProtobufError) -> Message {
        var message = Message()
        try readMessage(into: &message)
        return message
    }

    /// Reads a packed run (wire type 2) or a single element (wire type `elementWireType`) of a
    /// repeated scalar field; parsers accept both whatever the declaration says.
    @inlinable
    public mutating func readRepeated<Element>(
        wireType: UInt8, elementWireType: UInt8, field: Int32, into values: inout [Element],
        _ element: (inout ProtoWireReader) throws(ProtobufError) -> Element
    ) throws(ProtobufError) {
        guard wireType == 2 else {
            try expect(wireType, elementWireType, field: field)
            values.append(try element(&self))
            return
        }
        let end = try readLength()
        let outerLimit = limit
        limit = end
        while position < end { values.append(try element(&self)) }
        limit = outerLimit
    }

    /// Reads one map entry (key field 1, value field 2, either may be absent).
    @inlinable
    public mutating func readMapEntry<Key, Value>(
        field: Int32, keyWireType: UInt8, valueWireType: UInt8, defaultKey: Key, defaultValue: Value,
        key readKey: (inout ProtoWireReader) throws(ProtobufError) -> Key, value readValue: (inout ProtoWireReader) throws(ProtobufError) -> Value
    ) throws(ProtobufError) -> (Key, Value) {
        let end = try readLength()
        let outerLimit = limit
        limit = end
        var key = defaultKey
        var value = defaultValue
        while let (number, wireType, tagStart) = try nextField() {
            switch number {
            case 1:
                try expect(wireType, keyWireType, field: field)
                key = try readKey(&self)
            case 2:
                try expect(wireType, valueWireType, field: field)
                value = try readValue(&self)
            default:
                _ = try skip(number: number, wireType: wireType, tagStart: tagStart)
            }
        }
        limit = outerLimit
        return (key, value)
    }

    /// Throws unless `actual` is the wire type the field is declared with.
    @inlinable
    public func expect(_ actual: UInt8, _ expected: UInt8, field: Int32) throws(ProtobufError) {
        if actual != expected { throw wrongWireType(actual, expected, field: field) }
    }

    /// Skips a field the type does not declare and returns its bytes (tag included) so that
    /// re-encoding keeps it.
    @inlinable
    public mutating func skip(number: Int32, wireType: UInt8, tagStart: Int) throws(ProtobufError) -> ArraySlice<UInt8> {
        try skipValue(number: number, wireType: wireType, depth: 0)
        return bytes[tagStart..<position]
    }

    @usableFromInline
    mutating func skipValue(number: Int32, wireType: UInt8, depth: Int) throws(ProtobufError) {
        switch wireType {
        case 0: _ = try readVarint()
        case 1: _ = try readFixed64()
        case 5: _ = try readFixed32()
        case 2: position = try readLength()
        case 3:
            guard depth < Self.maximumDepth else { throw tooDeep() }
            while true {
                guard let (inner, innerType, _) = try nextField() else { throw malformed("group \(number) is missing its end-group tag") }
                if innerType == 4 {
                    guard inner == number else { throw malformed("mismatched end-group tag \(inner) in group \(number)") }
                    return
                }
                try skipValue(number: inner, wireType: innerType, depth: depth + 1)
            }
        default:
            throw malformed("unexpected end-group tag for field \(number)")
        }
    }
}
