import SchemaWireProtobuf

/// Random ``ProtoMessage`` values for a linked schema, biased towards edge values (zero, ±1,
/// minimum and maximum, empty and multi-byte strings) and honouring presence rules, so that
/// agreement tests cover what a hand-written corpus would miss.
public struct RandomProto {
    public var generator: SeededGenerator
    public let schema: ProtoSchema
    /// Whether to produce NaN floats (byte comparisons only: NaN never equals itself).
    public var allowNaN = false
    /// Whether strings may contain NUL (protobuf-c stores strings as C strings and truncates at NUL).
    public var allowNUL = true
    /// Whether map keys and values may be zero. Google's runtimes always write both in an entry;
    /// protobuf-c omits zero ones, so byte comparisons with it keep them nonzero.
    public var allowZeroMapEntries = true
    /// Whether floats may be -0.0. Google's runtimes write a proto3 field holding -0.0 (its bits are
    /// not zero); protobuf-c compares with 0.0 and omits it.
    public var allowNegativeZero = true

    public init(schema: ProtoSchema, seed: UInt64) {
        self.schema = schema
        self.generator = SeededGenerator(seed: seed)
    }

    public mutating func message(_ name: String, depth: Int = 0) -> ProtoMessage {
        guard let type = schema.messageType(named: name) else { return ProtoMessage() }
        var message = ProtoMessage()
        var chosenOneof: [Int: Int32] = [:]
        for oneof in type.oneofs.indices {
            let members = type.fields.filter { $0.oneofIndex == oneof }
            if Bool.random(using: &generator), let member = members.randomElement(using: &generator) { chosenOneof[oneof] = member.number }
        }
        for field in type.fields {
            if let oneof = field.oneofIndex, !field.isProto3Optional {
                guard chosenOneof[oneof] == field.number else { continue }
            } else if field.label != .required && Int.random(in: 0..<4, using: &generator) == 0 {
                continue
            }
            if (field.type == .message || field.type == .group) && depth >= 3 && field.label != .required { continue }
            let value = fieldValue(field, in: type, depth: depth)
            if case let .single(single) = value, !hasPresence(field), isZero(single) { continue }
            if case let .repeated(values) = value, values.isEmpty { continue }
            if case let .map(entries) = value, entries.isEmpty { continue }
            message[field.number] = value
        }
        return message
    }

    private func hasPresence(_ field: ProtoField) -> Bool {
        schema.file.syntax == .proto2 || field.type == .message || field.type == .group || field.oneofIndex != nil
    }

    private func isZero(_ value: ProtoValue) -> Bool {
        switch value {
        case let .double(v): return v.bitPattern == 0
        case let .float(v): return v.bitPattern == 0
        case let .int32(v): return v == 0
        case let .int64(v): return v == 0
        case let .uint32(v): return v == 0
        case let .uint64(v): return v == 0
        case let .bool(v): return !v
        case let .string(v): return v.isEmpty
        case let .bytes(v): return v.isEmpty
        case let .enumValue(v): return v == 0
        case .message: return false
        }
    }

    private mutating func fieldValue(_ field: ProtoField, in type: ProtoMessageType, depth: Int) -> ProtoFieldValue {
        if field.label == .repeated, let entryName = field.typeName, let entry = schema.messageType(named: entryName), entry.isMapEntry {
            var entries: [ProtoMapEntry] = []
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                let key = scalar(entry.fields[0], depth: depth)
                let value = scalar(entry.fields[1], depth: depth + 1)
                if !allowZeroMapEntries && (isZero(key) || isZero(value)) { continue }
                guard !entries.contains(where: { $0.key == key }) else { continue }
                entries.append(ProtoMapEntry(key: key, value: value))
            }
            return .map(entries)
        }
        if field.label == .repeated {
            return .repeated((0..<Int.random(in: 0...5, using: &generator)).map { _ in scalar(field, depth: depth + 1) })
        }
        return .single(scalar(field, depth: depth + 1))
    }

    private mutating func pick<T>(_ edges: [T], _ random: T) -> T {
        Bool.random(using: &generator) ? edges.randomElement(using: &generator) ?? random : random
    }

    public mutating func scalar(_ field: ProtoField, depth: Int) -> ProtoValue {
        switch field.type {
        case .double:
            var edges: [Double] = [0, 1, -1, .greatestFiniteMagnitude, .leastNonzeroMagnitude, .infinity, -.infinity]
            if allowNegativeZero { edges.append(-0.0) }
            if allowNaN { edges.append(.nan) }
            return .double(pick(edges, Double.random(in: -1e12...1e12, using: &generator)))
        case .float:
            var edges: [Float] = [0, 1.5, -1, .greatestFiniteMagnitude, .leastNonzeroMagnitude, .infinity]
            if allowNegativeZero { edges.append(-0.0) }
            if allowNaN { edges.append(.nan) }
            return .float(pick(edges, Float.random(in: -1e6...1e6, using: &generator)))
        case .int32, .sint32, .sfixed32:
            return .int32(pick([0, 1, -1, .min, .max, 127, 128, -64], Int32.random(in: .min ... .max, using: &generator)))
        case .int64, .sint64, .sfixed64:
            return .int64(pick([0, 1, -1, .min, .max, 1 << 35], Int64.random(in: .min ... .max, using: &generator)))
        case .uint32, .fixed32:
            return .uint32(pick([0, 1, .max, 1 << 31], UInt32.random(in: .min ... .max, using: &generator)))
        case .uint64, .fixed64:
            return .uint64(pick([0, 1, .max, 1 << 63], UInt64.random(in: .min ... .max, using: &generator)))
        case .bool:
            return .bool(Bool.random(using: &generator))
        case .string:
            var alphabet: [Character] = ["a", "Z", "0", " ", "é", "한", "🎉", "\n", "\""]
            if allowNUL { alphabet.append("\u{0}") }
            return .string(String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "a" }))
        case .bytes:
            return .bytes((0..<Int.random(in: 0...16, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        case .enum:
            let values = field.typeName.flatMap { schema.enumType(named: $0) }?.values.map(\.number) ?? [0]
            return .enumValue(values.randomElement(using: &generator) ?? 0)
        case .message, .group:
            return .message(message(field.typeName ?? "", depth: depth))
        }
    }
}
