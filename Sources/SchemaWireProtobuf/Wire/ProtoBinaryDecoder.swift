import SchemaWireCore

/// Decodes the Protobuf wire format into ``ProtoMessage`` values against compiled types.
///
/// Every length is checked against the enclosing message before it is used, nesting is bounded,
/// and each failure names the byte offset and field path.
struct ProtoBinaryDecoder {
    /// The nesting limit of Google's parsers, which also bounds recursion here.
    static let maximumDepth = ProtoWireReader.maximumDepth

    private let types: CompiledTypes
    private let bytes: [UInt8]
    private var reader: ByteReader

    init(types: CompiledTypes, bytes: [UInt8]) {
        self.types = types
        self.bytes = bytes
        self.reader = ByteReader(bytes)
    }

    static func decode(_ bytes: [UInt8], messageIndex: Int, types: CompiledTypes) throws(ProtobufError) -> ProtoMessage {
        var decoder = ProtoBinaryDecoder(types: types, bytes: bytes)
        return try decoder.message(messageIndex, end: bytes.count, depth: 0, group: nil)
    }

    private func malformed(_ message: String, at offset: Int? = nil) -> ProtobufError {
        .malformedData(offset: offset ?? reader.offset, path: "", message: message)
    }

    private mutating func varint() throws(ProtobufError) -> UInt64 {
        do { return try reader.readVarint() } catch { throw .wire(error) }
    }

    private mutating func fixed<T: FixedWidthInteger>(_: T.Type) throws(ProtobufError) -> T {
        do { return try reader.readLittleEndian(T.self) } catch { throw .wire(error) }
    }

    /// Reads a length prefix and returns the end offset of the bytes it covers, within `end`.
    private mutating func lengthDelimitedEnd(within end: Int) throws(ProtobufError) -> Int {
        let start = reader.offset
        let length = try varint()
        guard reader.offset <= end else { throw malformed("length prefix runs past the end of its enclosing message", at: start) }
        guard length <= UInt64(end - reader.offset) else {
            throw .malformedData(
                offset: start, path: "",
                message: "length \(length) runs past the end of the enclosing message (\(end - reader.offset) byte(s) left)"
            )
        }
        return reader.offset + Int(length)
    }

    private mutating func tag(within end: Int) throws(ProtobufError) -> (number: Int32, wireType: WireType, offset: Int) {
        let offset = reader.offset
        let raw = try varint()
        guard reader.offset <= end else { throw malformed("field tag runs past the end of its enclosing message", at: offset) }
        guard raw <= UInt64(UInt32.max) else { throw malformed("field tag \(raw) is out of range", at: offset) }
        let number = Int32(truncatingIfNeeded: raw >> 3)
        guard number > 0 else { throw malformed("field number 0 is invalid", at: offset) }
        guard let wireType = WireType(rawValue: UInt8(raw & 7)) else {
            throw malformed("invalid wire type \(raw & 7) for field \(number)", at: offset)
        }
        return (number, wireType, offset)
    }

    mutating func message(_ index: Int, end: Int, depth: Int, group: Int32?) throws(ProtobufError) -> ProtoMessage {
        var builder = MessageBuilder()
        try read(index, end: end, depth: depth, group: group, into: &builder)
        return try builder.build(types.messages[index], types: types, at: reader.offset)
    }

    /// Reads one occurrence of a message into `builder`, which may already hold earlier ones:
    /// Protobuf merges repeated occurrences of a singular message field, and reading each into the
    /// same builder costs each occurrence its own size only.
    private mutating func read(_ index: Int, end: Int, depth: Int, group: Int32?, into builder: inout MessageBuilder) throws(ProtobufError) {
        guard depth <= Self.maximumDepth else { throw .tooDeep(at: reader.offset) }
        let type = types.messages[index]
        var terminated = group == nil
        while reader.offset < end {
            let (number, wireType, tagOffset) = try tag(within: end)
            if wireType == .endGroup {
                guard group == number else { throw malformed("unexpected end-group tag for field \(number)", at: tagOffset) }
                terminated = true
                break
            }
            guard let fieldIndex = type.fieldByNumber[number] else {
                try skip(wireType, number: number, end: end, depth: depth)
                builder.unknownFields += bytes[tagOffset..<reader.offset]
                continue
            }
            let field = type.fields[fieldIndex]
            do {
                try read(field, of: type, wireType: wireType, into: &builder, end: end, depth: depth)
            } catch {
                throw error.prefixed(field.name)
            }
        }
        guard terminated else { throw malformed("group \(type.fullName) is missing its end-group tag") }
    }

    private mutating func read(
        _ field: CompiledField, of type: CompiledMessage, wireType: WireType, into builder: inout MessageBuilder, end: Int, depth: Int
    ) throws(ProtobufError) {
        let expected = WireType(for: field.type)
        if field.isRepeated && field.type.isPackable && wireType == .lengthDelimited {
            let packedEnd = try lengthDelimitedEnd(within: end)
            // Elements append in place: a packed run costs its own length, whatever came before.
            var values = builder.repeated.removeValue(forKey: field.number) ?? []
            while reader.offset < packedEnd {
                values.append(try scalar(field, end: packedEnd))
            }
            builder.repeated[field.number] = values
            if reader.offset != packedEnd { throw malformed("packed field runs past its length") }
            return
        }
        guard wireType == expected else {
            throw malformed("field \(field.number) has wire type \(wireType.rawValue), expected \(expected.rawValue) for \(field.type.keyword)")
        }
        switch field.type {
        case .message, .group:
            let messageIndex = field.messageIndex ?? 0
            let messageEnd = field.type == .group ? end : try lengthDelimitedEnd(within: end)
            let group = field.type == .group ? field.number : nil
            if field.isMap {
                let (key, value) = try mapEntry(types.messages[messageIndex], end: messageEnd, depth: depth + 1)
                builder.store(key: key, value: value, for: field.number)
            } else if field.isRepeated {
                let element = try message(messageIndex, end: messageEnd, depth: depth + 1, group: group)
                builder.repeated[field.number, default: []].append(.message(element))
            } else {
                builder.clearOneof(of: field, in: type)
                // A singular message met again merges into what was read before, in place.
                try read(messageIndex, end: messageEnd, depth: depth + 1, group: group, into: &builder.messages[field.number, default: MessageBuilder()])
            }
        default:
            let value = try scalar(field, end: end)
            if field.isRepeated {
                builder.repeated[field.number, default: []].append(value)
            } else {
                builder.clearOneof(of: field, in: type)
                builder.singles[field.number] = !field.hasPresence && value.isZero ? nil : value
            }
        }
    }

    /// One map entry read in place (key field 1, value field 2, either may be absent and take its
    /// zero value; other fields are skipped), without building a message for it.
    private mutating func mapEntry(_ entryType: CompiledMessage, end: Int, depth: Int) throws(ProtobufError) -> (ProtoValue, ProtoValue) {
        guard depth <= Self.maximumDepth else { throw .tooDeep(at: reader.offset) }
        var key: ProtoValue?
        var value: ProtoValue?
        while reader.offset < end {
            let (number, wireType, _) = try tag(within: end)
            guard number == 1 || number == 2, let fieldIndex = entryType.fieldByNumber[number] else {
                try skip(wireType, number: number, end: end, depth: depth)
                continue
            }
            let field = entryType.fields[fieldIndex]
            let expected = WireType(for: field.type)
            guard wireType == expected else {
                throw malformed("map entry field \(number) has wire type \(wireType.rawValue), expected \(expected.rawValue) for \(field.type.keyword)")
            }
            let read: ProtoValue
            do {
                if field.type == .message {
                    let messageEnd = try lengthDelimitedEnd(within: end)
                    read = .message(try message(field.messageIndex ?? 0, end: messageEnd, depth: depth + 1, group: nil))
                } else {
                    read = try scalar(field, end: end)
                }
            } catch {
                throw error.prefixed(field.name)
            }
            if number == 1 { key = read } else { value = read }
        }
        let zeroKey = entryType.fieldByNumber[1].flatMap { ProtoValue.zero(of: entryType.fields[$0].type) } ?? .string("")
        let zeroValue = entryType.fieldByNumber[2].flatMap { ProtoValue.zero(of: entryType.fields[$0].type) } ?? .message(ProtoMessage())
        return (key ?? zeroKey, value ?? zeroValue)
    }

    private mutating func scalar(_ field: CompiledField, end: Int) throws(ProtobufError) -> ProtoValue {
        let start = reader.offset
        let value: ProtoValue
        switch field.type {
        case .int32: value = .int32(Int32(truncatingIfNeeded: try varint()))
        case .int64: value = .int64(Int64(bitPattern: try varint()))
        case .uint32: value = .uint32(UInt32(truncatingIfNeeded: try varint()))
        case .uint64: value = .uint64(try varint())
        case .sint32:
            // Truncated to 32 bits first, as Google's parsers read an over-long sint32.
            value = .int32(Int32(truncatingIfNeeded: ByteReader.zigZagDecoded(UInt64(UInt32(truncatingIfNeeded: try varint())))))
        case .sint64:
            value = .int64(ByteReader.zigZagDecoded(try varint()))
        case .bool: value = .bool(try varint() != 0)
        case .enum: value = .enumValue(Int32(truncatingIfNeeded: try varint()))
        case .fixed32: value = .uint32(try fixed(UInt32.self))
        case .sfixed32: value = .int32(try fixed(Int32.self))
        case .float: value = .float(Float(bitPattern: try fixed(UInt32.self)))
        case .fixed64: value = .uint64(try fixed(UInt64.self))
        case .sfixed64: value = .int64(try fixed(Int64.self))
        case .double: value = .double(Double(bitPattern: try fixed(UInt64.self)))
        case .string:
            let stringEnd = try lengthDelimitedEnd(within: end)
            do { value = .string(try reader.readUTF8(stringEnd - reader.offset)) } catch { throw .wire(error) }
        case .bytes:
            let bytesEnd = try lengthDelimitedEnd(within: end)
            do { value = .bytes(try reader.readBytes(bytesEnd - reader.offset)) } catch { throw .wire(error) }
        case .message, .group:
            throw malformed("message field cannot be packed")
        }
        if reader.offset > end { throw malformed("field \(field.number) runs past the end of its enclosing message", at: start) }
        return value
    }

    /// Skips one unknown field (recursively for groups).
    private mutating func skip(_ wireType: WireType, number: Int32, end: Int, depth: Int) throws(ProtobufError) {
        switch wireType {
        case .varint:
            let start = reader.offset
            _ = try varint()
            if reader.offset > end { throw malformed("unknown field \(number) runs past the end of its enclosing message", at: start) }
        case .fixed64: _ = try fixed(UInt64.self)
        case .fixed32: _ = try fixed(UInt32.self)
        case .lengthDelimited:
            let skipEnd = try lengthDelimitedEnd(within: end)
            do { try reader.skip(skipEnd - reader.offset) } catch { throw .wire(error) }
        case .startGroup:
            guard depth < Self.maximumDepth else { throw .tooDeep(at: reader.offset) }
            while true {
                guard reader.offset < end else { throw malformed("unknown group \(number) is missing its end-group tag") }
                let (inner, innerType, offset) = try tag(within: end)
                if innerType == .endGroup {
                    guard inner == number else { throw malformed("mismatched end-group tag \(inner) in group \(number)", at: offset) }
                    return
                }
                try skip(innerType, number: inner, end: end, depth: depth + 1)
            }
        case .endGroup:
            throw malformed("unexpected end-group tag for field \(number)")
        }
        if reader.offset > end { throw malformed("unknown field \(number) runs past the end of its enclosing message") }
    }
}

extension ProtoFieldValue {
    /// The value of a singular field.
    public var singleValue: ProtoValue? {
        if case let .single(value) = self { return value }
        return nil
    }
}

extension ProtoMessage {
    /// Protobuf's merge: singular fields from `other` replace, repeated fields and map entries
    /// append (map keys replace), nested messages merge, unknown fields concatenate.
    public func merging(_ other: ProtoMessage) -> ProtoMessage {
        var merged = self
        merged.merge(other)
        return merged
    }

    /// Merges `other` into this message in place, at a cost of `other`'s size (plus one pass over
    /// a map that `other` adds entries to).
    public mutating func merge(_ other: ProtoMessage) {
        for (number, incoming) in other.fields {
            switch (fields.removeValue(forKey: number), incoming) {
            case (.single(.message(var existing))?, .single(.message(let next))):
                existing.merge(next)
                fields[number] = .single(.message(existing))
            case (.repeated(var existing)?, .repeated(let next)):
                existing += next
                fields[number] = .repeated(existing)
            case (.map(var existing)?, .map(let next)):
                var positions = Dictionary(existing.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
                for entry in next {
                    if let position = positions[entry.key] {
                        existing[position] = entry
                    } else {
                        positions[entry.key] = existing.count
                        existing.append(entry)
                    }
                }
                fields[number] = .map(existing)
            default:
                fields[number] = incoming
            }
        }
        unknownFields += other.unknownFields
    }
}
