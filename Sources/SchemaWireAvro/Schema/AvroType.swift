import OrderedCollections
import SchemaWireCore

/// One node of an Avro schema: a primitive, a complex type, or a reference to a named type.
///
/// Named types (record, enum, fixed) appear in full where the schema first defines them and as
/// ``Kind-swift.enum/reference(_:)`` wherever they are used again, which is how recursive schemas
/// stay finite value types. ``AvroSchema`` keeps the table that resolves references.
public struct AvroType: Hashable, Sendable {
    /// What kind of type this node is.
    public indirect enum Kind: Hashable, Sendable {
        case null, boolean, int, long, float, double, bytes, string
        case record(AvroRecord)
        case enumeration(AvroEnum)
        case fixed(AvroFixed)
        case array(items: AvroType)
        case map(values: AvroType)
        case union([AvroType])
        /// A use of a named type defined elsewhere in the schema, by full name.
        case reference(String)
    }

    public var kind: Kind
    /// The logical type, when the node carries a valid one.
    public var logicalType: AvroLogicalType?
    /// Attributes the specification does not define, kept in document order (including
    /// `logicalType` values this library does not know or that were invalid for the node).
    public var properties: OrderedDictionary<String, JSONValue>

    public init(_ kind: Kind, logicalType: AvroLogicalType? = nil, properties: OrderedDictionary<String, JSONValue> = [:]) {
        self.kind = kind
        self.logicalType = logicalType
        self.properties = properties
    }

    public static let null = AvroType(.null)
    public static let boolean = AvroType(.boolean)
    public static let int = AvroType(.int)
    public static let long = AvroType(.long)
    public static let float = AvroType(.float)
    public static let double = AvroType(.double)
    public static let bytes = AvroType(.bytes)
    public static let string = AvroType(.string)

    /// An array of `items`.
    public static func array(_ items: AvroType) -> AvroType { AvroType(.array(items: items)) }
    /// A map from strings to `values`.
    public static func map(_ values: AvroType) -> AvroType { AvroType(.map(values: values)) }
    /// A union of `branches`.
    public static func union(_ branches: [AvroType]) -> AvroType { AvroType(.union(branches)) }
    /// The union `["null", wrapped]`, Avro's optional.
    public static func optional(_ wrapped: AvroType) -> AvroType { AvroType(.union([.null, wrapped])) }

    /// The primitive type names of the specification.
    public static let primitiveNames: [String: Kind] = [
        "null": .null, "boolean": .boolean, "int": .int, "long": .long, "float": .float,
        "double": .double, "bytes": .bytes, "string": .string,
    ]

    /// The type's name as the specification writes it: a primitive name, `record`/`enum`/`fixed`
    /// followed by nothing (see ``fullName``), `array`, `map` or `union`.
    public var typeName: String {
        switch kind {
        case .null: return "null"
        case .boolean: return "boolean"
        case .int: return "int"
        case .long: return "long"
        case .float: return "float"
        case .double: return "double"
        case .bytes: return "bytes"
        case .string: return "string"
        case .record: return "record"
        case .enumeration: return "enum"
        case .fixed: return "fixed"
        case .array: return "array"
        case .map: return "map"
        case .union: return "union"
        case .reference: return "reference"
        }
    }

    /// The full name of a named type or reference, nil otherwise.
    public var fullName: String? {
        switch kind {
        case let .record(record): return record.name.fullName
        case let .enumeration(enumeration): return enumeration.name.fullName
        case let .fixed(fixed): return fixed.name.fullName
        case let .reference(name): return name
        default: return nil
        }
    }

    /// The name a union uses for this branch in Avro JSON encoding: the full name of a named type,
    /// otherwise the type name.
    public var unionBranchName: String { fullName ?? typeName }

    /// Whether the node is a union.
    public var isUnion: Bool {
        if case .union = kind { return true }
        return false
    }
}

/// An Avro `record` (or `error`) definition.
public struct AvroRecord: Hashable, Sendable {
    public var name: AvroName
    public var aliases: [AvroName]
    public var doc: String?
    public var fields: [AvroField]
    /// True when declared with `"type": "error"` (Avro protocols).
    public var isError: Bool

    public init(name: AvroName, fields: [AvroField], aliases: [AvroName] = [], doc: String? = nil, isError: Bool = false) {
        self.name = name
        self.aliases = aliases
        self.doc = doc
        self.fields = fields
        self.isError = isError
    }
}

/// One field of a record.
public struct AvroField: Hashable, Sendable {
    /// The sort order the specification defines for a field.
    public enum Order: String, Hashable, Sendable {
        case ascending, descending, ignore
    }

    public var name: String
    public var type: AvroType
    /// The default as written in the schema (Avro default-value JSON, not Avro JSON encoding).
    public var defaultValue: JSONValue?
    public var order: Order
    public var aliases: [String]
    public var doc: String?
    public var properties: OrderedDictionary<String, JSONValue>

    public init(
        name: String, type: AvroType, defaultValue: JSONValue? = nil, order: Order = .ascending,
        aliases: [String] = [], doc: String? = nil, properties: OrderedDictionary<String, JSONValue> = [:]
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.order = order
        self.aliases = aliases
        self.doc = doc
        self.properties = properties
    }
}

/// An Avro `enum` definition.
public struct AvroEnum: Hashable, Sendable {
    public var name: AvroName
    public var aliases: [AvroName]
    public var doc: String?
    public var symbols: [String]
    /// The symbol a reader uses for writer symbols it does not know.
    public var defaultSymbol: String?

    public init(name: AvroName, symbols: [String], defaultSymbol: String? = nil, aliases: [AvroName] = [], doc: String? = nil) {
        self.name = name
        self.aliases = aliases
        self.doc = doc
        self.symbols = symbols
        self.defaultSymbol = defaultSymbol
    }
}

/// An Avro `fixed` definition.
public struct AvroFixed: Hashable, Sendable {
    public var name: AvroName
    public var aliases: [AvroName]
    public var doc: String?
    public var size: Int

    public init(name: AvroName, size: Int, aliases: [AvroName] = [], doc: String? = nil) {
        self.name = name
        self.aliases = aliases
        self.doc = doc
        self.size = size
    }
}
