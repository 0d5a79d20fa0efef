import SchemaWireCore

/// A complete, validated Avro schema: its root type and the named types it defines.
///
/// Parse one from JSON with ``init(parsing:)``; every problem is reported as
/// ``AvroError/invalidSchema(path:message:)`` with the JSON Pointer of the offending attribute.
public struct AvroSchema: Hashable, Sendable {
    /// The root type.
    public let root: AvroType
    /// Every named type the schema defines, by full name.
    public let namedTypes: [String: AvroType]
    /// Sizes and depths the decoders bound hostile input with, derived from the types above.
    private(set) var shape: AvroSchemaShape

    /// Parses and validates a schema from its JSON text.
    public init(parsing text: String) throws(AvroError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: text)
        } catch {
            throw .invalidSchema(path: "", message: error.description)
        }
        try self.init(json: json)
    }

    /// Parses a schema that uses named types defined in other schemas (Schema Registry
    /// `references`): their named types are known before parsing starts, as if defined earlier.
    public init(parsing text: String, references: [AvroSchema]) throws(AvroError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: text)
        } catch {
            throw .invalidSchema(path: "", message: error.description)
        }
        try self.init(json: json, references: references)
    }

    /// Parses and validates a schema from a JSON value, with named types from `references` known.
    public init(json: JSONValue, references: [AvroSchema] = []) throws(AvroError) {
        var parser = AvroSchemaParser()
        for reference in references { parser.predefine(reference) }
        let root = try parser.parse(json, path: "", namespace: nil)
        self.root = root
        self.namedTypes = parser.namedTypes
        self.shape = try AvroSchemaShape(root: root, namedTypes: parser.namedTypes, symbolIndexes: parser.symbolIndexes)
        shape.defaults = try parser.validateDefaults(in: self)
    }

    /// Validates a schema built in code, exactly as if it had been parsed from its JSON form.
    public init(root: AvroType) throws(AvroError) {
        try self.init(json: root.jsonValue)
    }

    /// The default of `field` of `record` as a value, parsed once when the schema was.
    func defaultValue(of field: AvroField, in record: AvroRecord) throws(AvroError) -> AvroValue? {
        if let parsed = shape.defaults[record.name.fullName]?[field.name] { return parsed }
        return try field.defaultValue.map { (json) throws(AvroError) in try AvroValue(defaultJSON: json, type: field.type, in: self) }
    }

    /// The index of `symbol` in `enumeration`, or nil when it is not one of its symbols.
    func index(of symbol: String, in enumeration: AvroEnum) -> Int? { shape.index(of: symbol, in: enumeration) }

    /// Follows a reference to its named type's definition; other types are returned unchanged.
    @inlinable
    public func resolve(_ type: AvroType) -> AvroType {
        if case let .reference(name) = type.kind, let definition = namedTypes[name] { return definition }
        return type
    }

    /// The schema as JSON text, with every attribute it was parsed with.
    public func jsonString(_ layout: JSONValue.Layout = .compact) -> String {
        root.jsonValue.serialized(layout)
    }

    /// The schema as JSON text with names written in `style` (``AvroNameStyle/namespaced`` is
    /// the shape Confluent's registry serves).
    public func jsonString(_ layout: JSONValue.Layout = .compact, names style: AvroNameStyle) -> String {
        root.jsonValue(names: style).serialized(layout)
    }
}

extension AvroSchema {
    // The shape is derived from the types, so equality and hashing leave it out.

    public static func == (lhs: AvroSchema, rhs: AvroSchema) -> Bool {
        lhs.root == rhs.root && lhs.namedTypes == rhs.namedTypes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(root)
        hasher.combine(namedTypes)
    }
}

extension AvroSchema: CustomStringConvertible {
    public var description: String { jsonString() }
}
