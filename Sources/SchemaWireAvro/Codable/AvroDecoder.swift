import Foundation
import SchemaWireCore

/// Decodes `Decodable` values from Avro binary, optionally resolving from the writer's schema to
/// the reader's first.
///
/// Record fields are looked up by coding key, union `["null", T]` decodes as `T?`, enums as
/// `String`-backed Swift enums, and `Date`, `Decimal`, `UUID` and `Data` follow the logical type.
public struct AvroDecoder: Sendable {
    /// Bounds on what decoding hostile input may cost.
    public var limits: AvroDecodingLimits

    public init(limits: AvroDecodingLimits = .default) {
        self.limits = limits
    }

    /// Decodes a `Value` written with `schema`.
    public func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8], schema: AvroSchema) throws -> Value {
        try decode(type, from: try schema.decode(bytes, limits: limits), schema: schema)
    }

    /// Decodes a `Value` written with the datum reader's writer schema, resolved to its reader schema.
    public func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8], resolving datumReader: AvroDatumReader) throws -> Value {
        try decode(type, from: try datumReader.decode(bytes, limits: limits), schema: datumReader.reader)
    }

    /// Decodes a `Value` from an already decoded ``AvroValue`` of `schema`.
    public func decode<Value: Decodable>(_ type: Value.Type, from value: AvroValue, schema: AvroSchema) throws -> Value {
        try ValueDecoder(value: value, type: schema.root, schema: schema, codingPath: []).decodeSpecial(type)
    }
}

/// A `Decoder` over one ``AvroValue`` and the schema node it belongs to.
struct ValueDecoder: Decoder {
    let value: AvroValue
    let type: AvroType
    let schema: AvroSchema
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The value with union wrappers removed, and the branch type it was written as.
    var unwrapped: (value: AvroValue, type: AvroType) {
        var value = value
        var type = schema.resolve(type)
        while case let .union(branches) = type.kind, case let .union(index, inner) = value, branches.indices.contains(index) {
            value = inner
            type = schema.resolve(branches[index])
        }
        return (value, type)
    }

    func mismatch<T>(_ expected: T.Type, _ found: AvroValue) -> DecodingError {
        .typeMismatch(expected, DecodingError.Context(codingPath: codingPath, debugDescription: "expected \(expected), found Avro \(found.kindName)"))
    }

    func child(_ value: AvroValue, _ type: AvroType, _ key: any CodingKey) -> ValueDecoder {
        ValueDecoder(value: value, type: type, schema: schema, codingPath: codingPath + [key])
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let (value, valueType) = unwrapped
        switch (value, valueType.kind) {
        case let (.record(fields), .record(record)):
            var entries: [String: (AvroValue, AvroType)] = [:]
            for field in record.fields { if let fieldValue = fields[field.name] { entries[field.name] = (fieldValue, field.type) } }
            return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self, entries: entries))
        case let (.map(map), .map(valuesType)):
            var entries: [String: (AvroValue, AvroType)] = [:]
            for (key, element) in map { entries[key] = (element, valuesType) }
            return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self, entries: entries))
        default:
            throw mismatch([String: Any].self, value)
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, valueType) = unwrapped
        switch (value, valueType.kind) {
        case let (.array(elements), .array(items)):
            return UnkeyedContainer(decoder: self, elements: elements.map { ($0, items) })
        case let (.bytes(bytes), _), let (.fixed(bytes), _):
            return UnkeyedContainer(decoder: self, elements: bytes.map { (.int(Int32($0)), .int) })
        default:
            throw mismatch([Any].self, value)
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleContainer(decoder: self) }

    /// Decodes `type`, giving Foundation types with an Avro logical form their meaning.
    func decodeSpecial<T: Decodable>(_ type: T.Type) throws -> T {
        // Unwrap first: a nil `Any?` would cast to `T` when `T` is itself an Optional.
        if let special = try foundationValue(type), let typed = special as? T { return typed }
        return try T(from: self)
    }

    /// The Foundation value with an Avro logical form that `type` asks for, or nil.
    private func foundationValue<T>(_ type: T.Type) throws -> Any? {
        let (value, valueType) = unwrapped
        switch (type, value) {
        case (is Date.Type, _):
            return try date(value, valueType)
        case let (is UUID.Type, .string(text)):
            guard let uuid = UUID(uuidString: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\"\(text)\" is not a UUID"))
            }
            return uuid
        case let (is Decimal.Type, .bytes(bytes)), let (is Decimal.Type, .fixed(bytes)):
            guard case let .decimal(_, scale)? = valueType.logicalType else { return nil }
            return try AvroDecimal.decimal(from: bytes, scale: scale)
        case let (is Data.Type, .bytes(bytes)), let (is Data.Type, .fixed(bytes)):
            return Data(bytes)
        default:
            return nil
        }
    }

    private func date(_ value: AvroValue, _ valueType: AvroType) throws -> Date? {
        switch (value, valueType.logicalType) {
        case let (.int(days), .date?): return AvroTime.date(days: days)
        case let (.long(units), _): return AvroTime.unitsPerSecond(valueType.logicalType).map { AvroTime.date(units: units, perSecond: $0) }
        default: return nil
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: ValueDecoder
        let entries: [String: (AvroValue, AvroType)]
        var codingPath: [any CodingKey] { decoder.codingPath }
        var allKeys: [Key] { entries.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { entries[key.stringValue] != nil }

        private func entry(_ key: Key) throws -> ValueDecoder {
            guard let (value, type) = entries[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "the Avro value has no field \"\(key.stringValue)\""))
            }
            return decoder.child(value, type, key)
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            guard entries[key.stringValue] != nil else { return true }
            return try entry(key).unwrapped.value == .null
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try entry(key).decodeSpecial(type) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try entry(key).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try entry(key).unkeyedContainer() }
        func superDecoder() throws -> any Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> any Decoder { try entry(key) }
    }

    struct UnkeyedContainer: UnkeyedDecodingContainer {
        let decoder: ValueDecoder
        let elements: [(AvroValue, AvroType)]
        var currentIndex = 0
        var codingPath: [any CodingKey] { decoder.codingPath }
        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        private mutating func next() throws -> ValueDecoder {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "no more array elements"))
            }
            defer { currentIndex += 1 }
            let (value, type) = elements[currentIndex]
            return decoder.child(value, type, IndexKey(intValue: currentIndex))
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd else { return false }
            let (value, type) = elements[currentIndex]
            if decoder.child(value, type, IndexKey(intValue: currentIndex)).unwrapped.value == .null {
                currentIndex += 1
                return true
            }
            return false
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeSpecial(type) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next().container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
        mutating func superDecoder() throws -> any Decoder { try next() }
    }

    struct SingleContainer: SingleValueDecodingContainer {
        let decoder: ValueDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        private var value: AvroValue { decoder.unwrapped.value }

        func decodeNil() -> Bool { value == .null }

        func decode(_ type: Bool.Type) throws -> Bool {
            guard case let .boolean(bool) = value else { throw decoder.mismatch(type, value) }
            return bool
        }

        func decode(_ type: String.Type) throws -> String {
            switch value {
            case let .string(string), let .enumeration(string): return string
            default: throw decoder.mismatch(type, value)
            }
        }

        func decode(_ type: Double.Type) throws -> Double {
            switch value {
            case let .double(double): return double
            case let .float(float): return Double(float)
            case let .int(int): return Double(int)
            case let .long(long): return Double(long)
            default: throw decoder.mismatch(type, value)
            }
        }

        func decode(_ type: Float.Type) throws -> Float {
            switch value {
            case let .float(float): return float
            case let .double(double): return Float(double)
            case let .int(int): return Float(int)
            case let .long(long): return Float(long)
            default: throw decoder.mismatch(type, value)
            }
        }

        private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
            let wide: Int64
            switch value {
            case let .int(int): wide = Int64(int)
            case let .long(long): wide = long
            default: throw decoder.mismatch(type, value)
            }
            guard let narrow = T(exactly: wide) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(wide) does not fit in \(T.self)"))
            }
            return narrow
        }

        func decode(_ type: Int.Type) throws -> Int { try integer(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeSpecial(type) }
    }
}
