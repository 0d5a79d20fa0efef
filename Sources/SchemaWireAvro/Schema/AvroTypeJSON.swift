import OrderedCollections
import SchemaWireCore

/// How schema JSON writes the names of records, enums and fixed types. Either way, parsing the
/// JSON gives back the same schema.
public enum AvroNameStyle: Sendable {
    /// Relative to the enclosing namespace where that is shorter, in full where it is not:
    /// `"name": "shop.Order"`.
    case qualified
    /// The short name, with a `namespace` attribute wherever the namespace changes (empty for none
    /// inside a namespace): `"name": "Order", "namespace": "shop"`, as Avro's Java library and
    /// Confluent's registry write schemas.
    case namespaced
}

extension AvroType {
    /// The node as schema JSON with every attribute (docs, aliases, defaults, custom properties).
    ///
    /// Parsing the result gives back the same schema: names are written relative to the enclosing
    /// namespace where that is shorter, and in full (or with an empty namespace) where it is not.
    public var jsonValue: JSONValue { json(enclosing: nil) }

    /// The node as schema JSON, names written in `style`.
    public func jsonValue(names style: AvroNameStyle) -> JSONValue { json(enclosing: nil, style: style) }

    func json(enclosing: String?, style: AvroNameStyle = .qualified) -> JSONValue {
        var properties = properties
        if let logicalType {
            properties["logicalType"] = .string(logicalType.name)
            if case let .decimal(precision, scale) = logicalType {
                properties["precision"] = .integer(precision)
                properties["scale"] = .integer(scale)
            }
        }
        func object(_ type: String, _ attributes: OrderedDictionary<String, JSONValue>) -> JSONValue {
            var object: OrderedDictionary<String, JSONValue> = ["type": .string(type)]
            object.merge(attributes) { _, new in new }
            object.merge(properties) { current, _ in current }
            return .object(object)
        }
        func named(_ name: AvroName, _ aliases: [AvroName], _ doc: String?) -> OrderedDictionary<String, JSONValue> {
            var attributes: OrderedDictionary<String, JSONValue> = [:]
            if name.namespace == enclosing {
                attributes["name"] = .string(name.name)
            } else if name.namespace == nil || style == .namespaced {
                attributes["name"] = .string(name.name)
                attributes["namespace"] = .string(name.namespace ?? "")
            } else {
                attributes["name"] = .string(name.fullName)
            }
            if let doc { attributes["doc"] = .string(doc) }
            if !aliases.isEmpty { attributes["aliases"] = .array(aliases.map { .string($0.fullName) }) }
            return attributes
        }
        switch kind {
        case .null, .boolean, .int, .long, .float, .double, .bytes, .string:
            return properties.isEmpty ? .string(typeName) : object(typeName, [:])
        case let .reference(name):
            return .string(name)
        case let .array(items):
            return object("array", ["items": items.json(enclosing: enclosing, style: style)])
        case let .map(values):
            return object("map", ["values": values.json(enclosing: enclosing, style: style)])
        case let .union(branches):
            return .array(branches.map { $0.json(enclosing: enclosing, style: style) })
        case let .fixed(fixed):
            var attributes = named(fixed.name, fixed.aliases, fixed.doc)
            attributes["size"] = .integer(fixed.size)
            return object("fixed", attributes)
        case let .enumeration(enumeration):
            var attributes = named(enumeration.name, enumeration.aliases, enumeration.doc)
            attributes["symbols"] = .array(enumeration.symbols.map(JSONValue.string))
            if let defaultSymbol = enumeration.defaultSymbol { attributes["default"] = .string(defaultSymbol) }
            return object("enum", attributes)
        case let .record(record):
            var attributes = named(record.name, record.aliases, record.doc)
            attributes["fields"] = .array(record.fields.map { $0.json(enclosing: record.name.namespace, style: style) })
            return object(record.isError ? "error" : "record", attributes)
        }
    }
}

extension AvroField {
    /// The field as schema JSON.
    public var jsonValue: JSONValue { json(enclosing: nil) }

    func json(enclosing: String?, style: AvroNameStyle = .qualified) -> JSONValue {
        var object: OrderedDictionary<String, JSONValue> = ["name": .string(name), "type": type.json(enclosing: enclosing, style: style)]
        if let doc { object["doc"] = .string(doc) }
        if let defaultValue { object["default"] = defaultValue }
        if order != .ascending { object["order"] = .string(order.rawValue) }
        if !aliases.isEmpty { object["aliases"] = .array(aliases.map(JSONValue.string)) }
        object.merge(properties) { current, _ in current }
        return .object(object)
    }
}
