import SchemaWireCore

/// Encodes ``ProtoMessage`` values in the canonical order every Protobuf implementation uses: known
/// fields by ascending number, then unknown fields as they arrived.
struct ProtoBinaryEncoder {
    let types: CompiledTypes

    static func encode(_ message: ProtoMessage, messageIndex: Int, types: CompiledTypes) throws(ProtobufError) -> [UInt8] {
        try ByteWriter.collect { (writer: inout ByteWriter) throws(ProtobufError) in
            try ProtoBinaryEncoder(types: types).write(message, as: messageIndex, into: &writer, depth: 0)
        }
    }

    private static func tag(_ number: Int32, _ wireType: WireType) -> UInt64 {
        UInt64(UInt32(bitPattern: number) << 3 | UInt32(wireType.rawValue))
    }

    func write(_ message: ProtoMessage, as index: Int, into writer: inout ByteWriter, depth: Int) throws(ProtobufError) {
        guard depth <= ProtoBinaryDecoder.maximumDepth else {
            throw .valueMismatch(path: "", message: "messages nested deeper than \(ProtoBinaryDecoder.maximumDepth) levels")
        }
        let type = types.messages[index]
        for number in message.fields.keys where type.fieldByNumber[number] == nil {
            throw .valueMismatch(path: "", message: "field number \(number) is not declared in \(type.fullName)")
        }
        var oneofSet: [Int: String] = [:]
        for field in type.fields {
            guard let value = message.fields[field.number] else {
                if field.isRequired { throw .valueMismatch(path: "", message: "required field \(type.fullName).\(field.name) is not set") }
                continue
            }
            if let oneof = field.oneofIndex {
                if let other = oneofSet[oneof] {
                    throw .valueMismatch(path: "", message: "fields \(other) and \(field.name) of the same oneof are both set")
                }
                oneofSet[oneof] = field.name
            }
            do {
                try write(value, of: field, into: &writer, depth: depth)
            } catch {
                throw error.prefixed(field.name)
            }
        }
        writer.write(bytes: message.unknownFields)
    }

    private func write(_ value: ProtoFieldValue, of field: CompiledField, into writer: inout ByteWriter, depth: Int) throws(ProtobufError) {
        switch value {
        case let .single(single):
            guard !field.isRepeated else { throw .valueMismatch(path: "", message: "repeated field given a single value") }
            if !field.hasPresence && single.isZero { return }
            try writeTagged(single, of: field, into: &writer, depth: depth)
        case let .repeated(values):
            guard field.isRepeated, !field.isMap else { throw .valueMismatch(path: "", message: "field is not repeated") }
            if field.isPacked {
                guard !values.isEmpty else { return }
                var packed = ByteWriter(capacity: values.count * 4)
                for element in values { try writeScalar(element, of: field, into: &packed) }
                writer.writeVarint(Self.tag(field.number, .lengthDelimited))
                writer.writeVarint(UInt64(packed.count))
                packed.withBytes { writer.write(bytes: $0) }
            } else {
                for (position, element) in values.enumerated() {
                    do { try writeTagged(element, of: field, into: &writer, depth: depth) } catch { throw error.prefixed(String(position)) }
                }
            }
        case let .map(entries):
            guard field.isMap, let entryIndex = field.messageIndex else { throw .valueMismatch(path: "", message: "field is not a map") }
            for entry in entries {
                // Like Google's runtimes, map entries always carry both key and value.
                let entryMessage = ProtoMessage(fields: [1: .single(entry.key), 2: .single(entry.value)])
                var body = ByteWriter(capacity: 32)
                try writeEntry(entryMessage, as: entryIndex, into: &body, depth: depth + 1)
                writer.writeVarint(Self.tag(field.number, .lengthDelimited))
                writer.writeVarint(UInt64(body.count))
                body.withBytes { writer.write(bytes: $0) }
            }
        }
    }

    /// Map entries write key and value even when they are zero.
    private func writeEntry(_ entry: ProtoMessage, as index: Int, into writer: inout ByteWriter, depth: Int) throws(ProtobufError) {
        for field in types.messages[index].fields {
            guard let value = entry.fields[field.number]?.singleValue else { continue }
            do { try writeTagged(value, of: field, into: &writer, depth: depth) } catch { throw error.prefixed(field.name) }
        }
    }

    private func writeTagged(_ value: ProtoValue, of field: CompiledField, into writer: inout ByteWriter, depth: Int) throws(ProtobufError) {
        switch field.type {
        case .message:
            guard case let .message(message) = value, let index = field.messageIndex else { throw mismatch(value, field) }
            var body = ByteWriter(capacity: 64)
            try write(message, as: index, into: &body, depth: depth + 1)
            writer.writeVarint(Self.tag(field.number, .lengthDelimited))
            writer.writeVarint(UInt64(body.count))
            body.withBytes { writer.write(bytes: $0) }
        case .group:
            guard case let .message(message) = value, let index = field.messageIndex else { throw mismatch(value, field) }
            writer.writeVarint(Self.tag(field.number, .startGroup))
            try write(message, as: index, into: &writer, depth: depth + 1)
            writer.writeVarint(Self.tag(field.number, .endGroup))
        default:
            writer.writeVarint(Self.tag(field.number, WireType(for: field.type)))
            try writeScalar(value, of: field, into: &writer)
        }
    }

    private func mismatch(_ value: ProtoValue, _ field: CompiledField) -> ProtobufError {
        .valueMismatch(path: "", message: "\(value) is not a value of type \(field.typeName ?? field.type.keyword)")
    }

    private func writeScalar(_ value: ProtoValue, of field: CompiledField, into writer: inout ByteWriter) throws(ProtobufError) {
        switch (field.type, value) {
        case let (.int32, .int32(v)): writer.writeVarint(UInt64(bitPattern: Int64(v)))
        case let (.int64, .int64(v)): writer.writeVarint(UInt64(bitPattern: v))
        case let (.uint32, .uint32(v)): writer.writeVarint(UInt64(v))
        case let (.uint64, .uint64(v)): writer.writeVarint(v)
        case let (.sint32, .int32(v)): writer.writeVarint(UInt64(UInt32(bitPattern: (v << 1) ^ (v >> 31))))
        case let (.sint64, .int64(v)): writer.writeZigZag(v)
        case let (.bool, .bool(v)): writer.write(byte: v ? 1 : 0)
        case let (.enum, .enumValue(v)): writer.writeVarint(UInt64(bitPattern: Int64(v)))
        case let (.fixed32, .uint32(v)): writer.writeLittleEndian(v)
        case let (.sfixed32, .int32(v)): writer.writeLittleEndian(v)
        case let (.float, .float(v)): writer.writeLittleEndian(v.bitPattern)
        case let (.fixed64, .uint64(v)): writer.writeLittleEndian(v)
        case let (.sfixed64, .int64(v)): writer.writeLittleEndian(v)
        case let (.double, .double(v)): writer.writeLittleEndian(v.bitPattern)
        case let (.string, .string(v)):
            writer.writeVarint(UInt64(v.utf8.count))
            writer.write(utf8: v)
        case let (.bytes, .bytes(v)):
            writer.writeVarint(UInt64(v.count))
            writer.write(bytes: v)
        default:
            throw mismatch(value, field)
        }
    }
}
