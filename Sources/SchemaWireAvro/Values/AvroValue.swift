import OrderedCollections

/// A value of any Avro schema, shaped like the schema itself.
///
/// Use it when types are only known at run time (tooling, the CLI, generic consumers). Logical
/// types stay in their underlying representation (a date is an ``int(_:)``); ``AvroEncoder`` and
/// ``AvroDecoder`` map them to Foundation types for `Codable` models.
public enum AvroValue: Hashable, Sendable {
    case null
    case boolean(Bool)
    case int(Int32)
    case long(Int64)
    case float(Float)
    case double(Double)
    case bytes([UInt8])
    case string(String)
    /// A record's fields in schema order.
    case record(OrderedDictionary<String, AvroValue>)
    /// An enum symbol.
    case enumeration(String)
    case array([AvroValue])
    /// A map, keeping insertion order so that encoding is deterministic.
    case map(OrderedDictionary<String, AvroValue>)
    /// The value of union branch `branch`.
    indirect case union(branch: Int, value: AvroValue)
    case fixed([UInt8])

    /// A short name for error messages.
    public var kindName: String {
        switch self {
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
        case .array: return "array"
        case .map: return "map"
        case .union: return "union"
        case .fixed: return "fixed"
        }
    }
}
