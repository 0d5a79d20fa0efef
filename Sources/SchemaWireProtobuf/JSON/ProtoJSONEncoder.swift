import OrderedCollections
import SchemaWireCore

/// Writes messages in the Protobuf JSON mapping: lowerCamelCase keys, 64-bit integers as strings,
/// bytes as base64, enums by name, and the special forms of the well-known types.
struct ProtoJSONEncoder {
    let types: CompiledTypes

    func json(_ message: ProtoMessage, as index: Int, depth: Int = 0) throws(ProtobufError) -> JSONValue {
        guard depth <= ProtoBinaryDecoder.maximumDepth else {
            throw .valueMismatch(path: "", message: "messages nested deeper than \(ProtoBinaryDecoder.maximumDepth) levels")
        }
        let type = types.messages[index]
        if let special = try wellKnown(message, type: type, depth: depth) { return special }
        var object = OrderedDictionary<String, JSONValue>()
        for field in type.fields {
            guard let value = message.fields[field.number] else { continue }
            do {
                object[field.jsonName] = try json(value, of: field, depth: depth)
            } catch {
                throw error.prefixed(field.jsonName)
            }
        }
        return .object(object)
    }

    private func json(_ value: ProtoFieldValue, of field: CompiledField, depth: Int) throws(ProtobufError) -> JSONValue {
        switch value {
        case let .single(single):
            return try json(single, of: field, depth: depth)
        case let .repeated(values):
            var array: [JSONValue] = []
            for element in values { array.append(try json(element, of: field, depth: depth)) }
            return .array(array)
        case let .map(entries):
            guard let entryIndex = field.messageIndex, let valueField = types.messages[entryIndex].fields.last else {
                throw .valueMismatch(path: "", message: "field \(field.name) is not a map")
            }
            var object = OrderedDictionary<String, JSONValue>()
            for entry in entries { object[Self.mapKey(entry.key)] = try json(entry.value, of: valueField, depth: depth) }
            return .object(object)
        }
    }

    static func mapKey(_ key: ProtoValue) -> String {
        switch key {
        case let .string(text): return text
        case let .bool(flag): return flag ? "true" : "false"
        case let .int32(number): return String(number)
        case let .int64(number): return String(number)
        case let .uint32(number): return String(number)
        case let .uint64(number): return String(number)
        default: return "\(key)"
        }
    }

    func json(_ value: ProtoValue, of field: CompiledField, depth: Int) throws(ProtobufError) -> JSONValue {
        switch value {
        case let .int32(number): return .integer(number)
        case let .uint32(number): return .integer(number)
        case let .int64(number): return .string(String(number))
        case let .uint64(number): return .string(String(number))
        case let .float(number): return Self.floating(Double(number), text: number.isFinite ? "\(number)" : nil)
        case let .double(number): return Self.floating(number, text: number.isFinite ? "\(number)" : nil)
        case let .bool(flag): return .bool(flag)
        case let .string(text): return .string(text)
        case let .bytes(bytes): return .string(Base64.encode(bytes))
        case let .enumValue(number):
            if field.typeName == "google.protobuf.NullValue" { return .null }
            if let enumIndex = field.enumIndex, let name = types.enums[enumIndex].nameByNumber[number] { return .string(name) }
            return .integer(number)
        case let .message(message):
            guard let index = field.messageIndex else { throw .valueMismatch(path: "", message: "\(field.name) is not a message field") }
            return try json(message, as: index, depth: depth + 1)
        }
    }

    private static func floating(_ value: Double, text: String?) -> JSONValue {
        if value.isNaN { return .string("NaN") }
        if value.isInfinite { return .string(value < 0 ? "-Infinity" : "Infinity") }
        return .number(text ?? "\(value)")
    }

    private func wellKnown(_ message: ProtoMessage, type: CompiledMessage, depth: Int) throws(ProtobufError) -> JSONValue? {
        func single(_ number: Int32) -> ProtoValue? { message.fields[number]?.singleValue }
        switch type.fullName {
        case "google.protobuf.Timestamp":
            guard case let .int64(seconds) = single(1) ?? .int64(0), case let .int32(nanos) = single(2) ?? .int32(0),
                let text = WellKnownText.timestamp(seconds: seconds, nanos: nanos)
            else { throw .valueMismatch(path: "", message: "Timestamp is outside 0001-01-01 through 9999-12-31 or has invalid nanos") }
            return .string(text)
        case "google.protobuf.Duration":
            guard case let .int64(seconds) = single(1) ?? .int64(0), case let .int32(nanos) = single(2) ?? .int32(0),
                let text = WellKnownText.duration(seconds: seconds, nanos: nanos)
            else { throw .valueMismatch(path: "", message: "Duration is out of range or mixes signs") }
            return .string(text)
        case "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value", "google.protobuf.UInt64Value",
            "google.protobuf.Int32Value", "google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
            "google.protobuf.BytesValue":
            guard let field = type.fields.first, let value = single(1) ?? ProtoValue.zero(of: field.type) else { return nil }
            return try json(value, of: field, depth: depth)
        case "google.protobuf.FieldMask":
            guard case let .repeated(paths)? = message.fields[1] else { return .string("") }
            var names: [String] = []
            for case let .string(path) in paths { names.append(WellKnownText.camelCasePath(path)) }
            return .string(names.joined(separator: ","))
        case "google.protobuf.Struct", "google.protobuf.ListValue":
            guard let field = type.fields.first else { return nil }
            return try message.fields[1].map { (value) throws(ProtobufError) in try json(value, of: field, depth: depth) }
                ?? (field.isMap ? .object([:]) : .array([]))
        case "google.protobuf.Value":
            guard let (number, value) = message.fields.first, let fieldIndex = type.fieldByNumber[number] else {
                throw .valueMismatch(path: "", message: "google.protobuf.Value has no kind set")
            }
            guard case let .single(kind) = value else { return nil }
            return try json(kind, of: type.fields[fieldIndex], depth: depth)
        case "google.protobuf.Any":
            return try any(message, depth: depth)
        default:
            return nil
        }
    }

    /// `{"@type": url, ...fields}`, or `{"@type": url, "value": special}` for well-known payloads.
    private func any(_ message: ProtoMessage, depth: Int) throws(ProtobufError) -> JSONValue {
        guard case let .string(url)? = message.fields[1]?.singleValue else {
            return .object([:])
        }
        let typeName = String(url.split(separator: "/").last ?? "")
        guard let index = types.messageIndex(named: typeName) else {
            throw .valueMismatch(path: "", message: "Any holds \(url), a type this schema does not declare or import")
        }
        var payload: [UInt8] = []
        if case let .bytes(bytes)? = message.fields[2]?.singleValue { payload = bytes }
        let inner = try ProtoBinaryDecoder.decode(payload, messageIndex: index, types: types)
        let rendered = try json(inner, as: index, depth: depth + 1)
        var object: OrderedDictionary<String, JSONValue> = ["@type": .string(url)]
        if case let .object(fields) = rendered, !typeName.hasPrefix("google.protobuf.") {
            for (key, value) in fields { object[key] = value }
        } else {
            object["value"] = rendered
        }
        return .object(object)
    }
}
