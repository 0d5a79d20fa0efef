import OrderedCollections
import SchemaWireCore

/// Reads the Protobuf JSON mapping: either the JSON name or the proto name as keys, numbers as JSON
/// numbers or strings, enums by name or number, `null` meaning unset, and the well-known types'
/// special forms.
struct ProtoJSONDecoder {
    let types: CompiledTypes

    private func invalid(_ message: String) -> ProtobufError { .invalidJSONData(path: "", message: message) }

    func message(_ json: JSONValue, as index: Int, depth: Int = 0) throws(ProtobufError) -> ProtoMessage {
        guard depth <= ProtoBinaryDecoder.maximumDepth else { throw .tooDeep(at: nil) }
        let type = types.messages[index]
        if let special = try wellKnown(json, type: type, depth: depth) { return special }
        guard case let .object(object) = json else { throw invalid("expected an object for \(type.fullName), found \(json.typeName)") }
        var message = ProtoMessage()
        var oneofs: [Int: String] = [:]
        for (key, value) in object {
            guard let fieldIndex = type.fieldByName[key] else {
                throw invalid("\(type.fullName) has no field \"\(key)\"")
            }
            let field = type.fields[fieldIndex]
            if case .null = value, field.typeName != "google.protobuf.Value" { continue }
            guard message.fields[field.number] == nil else { throw invalid("field \(field.name) appears twice") }
            if let oneof = field.oneofIndex {
                if let other = oneofs[oneof] { throw invalid("fields \(other) and \(key) of the same oneof are both set") }
                oneofs[oneof] = key
            }
            do {
                let decoded = try fieldValue(value, of: field, depth: depth)
                if case let .single(single) = decoded, !field.hasPresence, single.isZero { continue }
                message.fields[field.number] = decoded
            } catch {
                throw error.prefixed(key)
            }
        }
        for fieldIndex in type.requiredFields where message.fields[type.fields[fieldIndex].number] == nil {
            throw invalid("required field \(type.fullName).\(type.fields[fieldIndex].name) is missing")
        }
        return message
    }

    private func fieldValue(_ json: JSONValue, of field: CompiledField, depth: Int) throws(ProtobufError) -> ProtoFieldValue {
        if field.isMap {
            guard case let .object(object) = json, let entryIndex = field.messageIndex,
                let keyField = types.messages[entryIndex].fields.first, let valueField = types.messages[entryIndex].fields.last
            else { throw invalid("expected an object for map field \(field.name)") }
            var entries: [ProtoMapEntry] = []
            for (key, value) in object {
                do {
                    entries.append(ProtoMapEntry(key: try mapKey(key, type: keyField.type), value: try self.value(value, of: valueField, depth: depth)))
                } catch {
                    throw error.prefixed(key)
                }
            }
            return .map(entries)
        }
        if field.isRepeated {
            guard case let .array(array) = json else { throw invalid("expected an array for repeated field \(field.name)") }
            var values: [ProtoValue] = []
            for (position, element) in array.enumerated() {
                do { values.append(try value(element, of: field, depth: depth)) } catch { throw error.prefixed(String(position)) }
            }
            return .repeated(values)
        }
        return .single(try value(json, of: field, depth: depth))
    }

    private func mapKey(_ key: String, type: ProtoFieldType) throws(ProtobufError) -> ProtoValue {
        if type == .string { return .string(key) }
        if type == .bool {
            guard key == "true" || key == "false" else { throw invalid("map key \"\(key)\" is not a bool") }
            return .bool(key == "true")
        }
        return try integer(.string(key), type: type)
    }

    func value(_ json: JSONValue, of field: CompiledField, depth: Int) throws(ProtobufError) -> ProtoValue {
        switch field.type {
        case .message, .group:
            guard let index = field.messageIndex else { throw invalid("\(field.name) is not linked") }
            return .message(try message(json, as: index, depth: depth + 1))
        case .enum:
            if field.typeName == "google.protobuf.NullValue" { return .enumValue(0) }
            if case let .string(name) = json {
                guard let enumIndex = field.enumIndex, let number = types.enums[enumIndex].numberByName[name] else {
                    throw invalid("\"\(name)\" is not a value of \(field.typeName ?? "the enum")")
                }
                return .enumValue(number)
            }
            guard case let .int32(number) = try integer(json, type: .int32) else { throw invalid("expected an enum value") }
            return .enumValue(number)
        case .bool:
            guard case let .bool(flag) = json else { throw invalid("expected true or false, found \(json.typeName)") }
            return .bool(flag)
        case .string:
            guard case let .string(text) = json else { throw invalid("expected a string, found \(json.typeName)") }
            return .string(text)
        case .bytes:
            guard case let .string(text) = json, let bytes = Base64.decode(text) else { throw invalid("expected a base64 string") }
            return .bytes(bytes)
        case .float, .double:
            let number: Double
            switch json {
            case .string("NaN"): number = .nan
            case .string("Infinity"): number = .infinity
            case .string("-Infinity"): number = -.infinity
            case let .number(text), let .string(text):
                guard let parsed = Double(text), parsed.isFinite else { throw invalid("\"\(text)\" is not a number") }
                number = parsed
            default: throw invalid("expected a number, found \(json.typeName)")
            }
            if field.type == .double { return .double(number) }
            guard !number.isFinite || Float(number).isFinite else { throw invalid("\(number) overflows float") }
            return .float(Float(number))
        default:
            return try integer(json, type: field.type)
        }
    }

    /// Integers may be JSON numbers or strings, and may be written with an exponent or `.0` as long
    /// as the value is integral and in range.
    private func integer(_ json: JSONValue, type: ProtoFieldType) throws(ProtobufError) -> ProtoValue {
        let text: String
        switch json {
        case let .number(number): text = number
        case let .string(string): text = string
        default: throw invalid("expected an integer, found \(json.typeName)")
        }
        let signed: Int64?
        let unsigned: UInt64?
        if let exact = Int64(text) {
            (signed, unsigned) = (exact, UInt64(exactly: exact))
        } else if let exact = UInt64(text) {
            (signed, unsigned) = (nil, exact)
        } else if let floating = Double(text), floating == floating.rounded(), abs(floating) < 9.007_199_254_740_992e15 {
            (signed, unsigned) = (Int64(floating), UInt64(exactly: floating))
        } else {
            throw invalid("\"\(text)\" is not an integer")
        }
        switch type {
        case .int32, .sint32, .sfixed32:
            guard let value = signed.flatMap({ Int32(exactly: $0) }) else { throw invalid("\(text) is out of range for \(type.keyword)") }
            return .int32(value)
        case .int64, .sint64, .sfixed64:
            guard let value = signed else { throw invalid("\(text) is out of range for \(type.keyword)") }
            return .int64(value)
        case .uint32, .fixed32:
            guard let value = unsigned.flatMap({ UInt32(exactly: $0) }) else { throw invalid("\(text) is out of range for \(type.keyword)") }
            return .uint32(value)
        default:
            guard let value = unsigned else { throw invalid("\(text) is out of range for \(type.keyword)") }
            return .uint64(value)
        }
    }

    private func wellKnown(_ json: JSONValue, type: CompiledMessage, depth: Int) throws(ProtobufError) -> ProtoMessage? {
        switch type.fullName {
        case "google.protobuf.Timestamp":
            guard case let .string(text) = json, let (seconds, nanos) = WellKnownText.parseTimestamp(text) else {
                throw invalid("expected an RFC 3339 timestamp such as \"2026-01-31T12:00:00Z\"")
            }
            return Self.secondsAndNanos(seconds, nanos)
        case "google.protobuf.Duration":
            guard case let .string(text) = json, let (seconds, nanos) = WellKnownText.parseDuration(text) else {
                throw invalid("expected a duration such as \"1.5s\"")
            }
            return Self.secondsAndNanos(seconds, nanos)
        case "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value", "google.protobuf.UInt64Value",
            "google.protobuf.Int32Value", "google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
            "google.protobuf.BytesValue":
            guard let field = type.fields.first else { return nil }
            let value = try value(json, of: field, depth: depth)
            return value.isZero ? ProtoMessage() : ProtoMessage(fields: [1: .single(value)])
        case "google.protobuf.FieldMask":
            guard case let .string(text) = json else { throw invalid("expected a comma-separated field mask string") }
            let paths = text.split(separator: ",").map { ProtoValue.string(WellKnownText.snakeCasePath(String($0))) }
            return paths.isEmpty ? ProtoMessage() : ProtoMessage(fields: [1: .repeated(paths)])
        case "google.protobuf.Struct":
            guard case .object = json, let field = type.fields.first else { throw invalid("expected an object for google.protobuf.Struct") }
            let value = try fieldValue(json, of: field, depth: depth)
            return ProtoMessage(fields: [1: value])
        case "google.protobuf.ListValue":
            guard case .array = json, let field = type.fields.first else { throw invalid("expected an array for google.protobuf.ListValue") }
            return ProtoMessage(fields: [1: try fieldValue(json, of: field, depth: depth)])
        case "google.protobuf.Value":
            let number: Int32 = switch json {
            case .null: 1
            case .number: 2
            case .string: 3
            case .bool: 4
            case .object: 5
            case .array: 6
            }
            guard let fieldIndex = type.fieldByNumber[number] else { return nil }
            return ProtoMessage(fields: [number: .single(try value(json, of: type.fields[fieldIndex], depth: depth))])
        case "google.protobuf.Any":
            return try any(json, depth: depth)
        default:
            return nil
        }
    }

    private static func secondsAndNanos(_ seconds: Int64, _ nanos: Int32) -> ProtoMessage {
        var message = ProtoMessage()
        if seconds != 0 { message.fields[1] = .single(.int64(seconds)) }
        if nanos != 0 { message.fields[2] = .single(.int32(nanos)) }
        return message
    }

    private func any(_ json: JSONValue, depth: Int) throws(ProtobufError) -> ProtoMessage {
        guard case var .object(object) = json else { throw invalid("expected an object for google.protobuf.Any") }
        if object.isEmpty { return ProtoMessage() }
        guard case let .string(url)? = object.removeValue(forKey: "@type") else { throw invalid("google.protobuf.Any needs \"@type\"") }
        let typeName = String(url.split(separator: "/").last ?? "")
        guard let index = types.messageIndex(named: typeName) else {
            throw invalid("Any holds \(url), a type this schema does not declare or import")
        }
        let body: JSONValue = typeName.hasPrefix("google.protobuf.") ? (object["value"] ?? .object([:])) : .object(object)
        let inner = try message(body, as: index, depth: depth + 1)
        let payload = try ProtoBinaryEncoder.encode(inner, messageIndex: index, types: types)
        var message = ProtoMessage(fields: [1: .single(.string(url))])
        if !payload.isEmpty { message.fields[2] = .single(.bytes(payload)) }
        return message
    }
}
