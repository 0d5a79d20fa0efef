import SchemaWireCore

/// Decodes the Protobuf wire format into ``ProtoMessage`` values against compiled types.
///
/// Every length is checked against the enclosing message before it is used, nesting is bounded,
/// and each failure names the byte offset and field path.
struct ProtoBinaryDecoder {
    /// The nesting limit of Google's parsers, which also bounds recursion here.
    static let maximumDepth = 100

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
        guard depth <= Self.maximumDepth else { throw malformed("messages nested deeper than \(Self.maximumDepth) levels") }
        let type = types.messages[index]
        var message = ProtoMessage()
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
                message.unknownFields += bytes[tagOffset..<reader.offset]
                continue
            }
            let field = type.fields[fieldIndex]
            do {
                try read(field, of: type, wireType: wireType, into: &message, end: end, depth: depth)
            } catch {
                throw error.prefixed(field.name)
            }
        }
        guard terminated else { throw malformed("group \(type.fullName) is missing its end-group tag") }
        for field in type.fields where field.isRequired && message.fields[field.number] == nil {
            throw malformed("required field \(type.fullName).\(field.name) is missing")
        }
        return message
    }

    private mutating func read(
        _ field: CompiledField, of type: CompiledMessage, wireType: WireType, into message: inout ProtoMessage, end: Int, depth: Int
    ) throws(ProtobufError) {
        let expected = WireType(for: field.type)
        if field.isRepeated && field.type.isPackable && wireType == .lengthDelimited {
            let packedEnd = try lengthDelimitedEnd(within: end)
            var values: [ProtoValue] = []
            while reader.offset < packedEnd {
                values.append(try scalar(field, end: packedEnd))
            }
            if reader.offset != packedEnd { throw malformed("packed field runs past its length") }
            if case var .repeated(existing)? = message.fields[field.number] {
                existing += values
                message.fields[field.number] = .repeated(existing)
            } else {
                message.fields[field.number] = .repeated(values)
            }
            return
        }
        guard wireType == expected else {
            throw malformed("field \(field.number) has wire type \(wireType.rawValue), expected \(expected.rawValue) for \(field.type.keyword)")
        }
        let value: ProtoValue
        switch field.type {
        case .message:
            let messageEnd = try lengthDelimitedEnd(within: end)
            value = .message(try self.message(field.messageIndex ?? 0, end: messageEnd, depth: depth + 1, group: nil))
        case .group:
            value = .message(try self.message(field.messageIndex ?? 0, end: end, depth: depth + 1, group: field.number))
        default:
            value = try scalar(field, end: end)
        }
        store(value, for: field, of: type, in: &message)
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

    private func store(_ value: ProtoValue, for field: CompiledField, of type: CompiledMessage, in message: inout ProtoMessage) {
        if field.isMap, case let .message(entry) = value {
            let entryType = types.messages[field.messageIndex ?? 0]
            let keyType = entryType.fields.first { $0.number == 1 }?.type ?? .string
            let valueField = entryType.fields.first { $0.number == 2 }
            let key = entry.fields[1].flatMap(\.singleValue) ?? ProtoValue.zero(of: keyType) ?? .string("")
            let mapValue = entry.fields[2].flatMap(\.singleValue)
                ?? valueField.flatMap { ProtoValue.zero(of: $0.type) } ?? .message(ProtoMessage())
            var entries: [ProtoMapEntry] = []
            if case let .map(existing)? = message.fields[field.number] { entries = existing }
            if let position = entries.firstIndex(where: { $0.key == key }) {
                entries[position].value = mapValue
            } else {
                entries.append(ProtoMapEntry(key: key, value: mapValue))
            }
            message.fields[field.number] = .map(entries)
            return
        }
        if field.isRepeated {
            if case var .repeated(existing)? = message.fields[field.number] {
                existing.append(value)
                message.fields[field.number] = .repeated(existing)
            } else {
                message.fields[field.number] = .repeated([value])
            }
            return
        }
        if let oneof = field.oneofIndex {
            for member in type.fields where member.oneofIndex == oneof && member.number != field.number {
                message.fields[member.number] = nil
            }
        }
        if case let .message(incoming) = value, case let .message(existing)? = message.fields[field.number]?.singleValue {
            message.fields[field.number] = .single(.message(existing.merging(incoming)))
        } else if !field.hasPresence && value.isZero {
            message.fields[field.number] = nil
        } else {
            message.fields[field.number] = .single(value)
        }
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
            guard depth < Self.maximumDepth else { throw malformed("groups nested deeper than \(Self.maximumDepth) levels") }
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
        for (number, incoming) in other.fields {
            switch (merged.fields[number], incoming) {
            case let (.single(.message(existing))?, .single(.message(next))):
                merged.fields[number] = .single(.message(existing.merging(next)))
            case let (.repeated(existing)?, .repeated(next)):
                merged.fields[number] = .repeated(existing + next)
            case let (.map(existing)?, .map(next)):
                var entries = existing
                for entry in next {
                    if let position = entries.firstIndex(where: { $0.key == entry.key }) {
                        entries[position] = entry
                    } else {
                        entries.append(entry)
                    }
                }
                merged.fields[number] = .map(entries)
            default:
                merged.fields[number] = incoming
            }
        }
        merged.unknownFields += other.unknownFields
        return merged
    }
}
