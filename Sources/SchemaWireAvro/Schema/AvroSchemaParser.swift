import OrderedCollections
import SchemaWireCore

/// Turns schema JSON into ``AvroType`` nodes, collecting named types and checking every rule the
/// specification states, with the JSON Pointer of each problem.
struct AvroSchemaParser {
    private(set) var namedTypes: [String: AvroType] = [:]
    /// Names whose definitions are still being parsed (so recursive references resolve).
    private var pending: Set<String> = []
    /// Each enum's symbols by index (built while checking for duplicates, kept for the decoders).
    private(set) var symbolIndexes: [String: [String: Int]] = [:]
    /// Fields with defaults, checked once every named type is complete.
    private var defaultsToCheck: [(path: String, record: String, field: AvroField)] = []
    private var depth = 0

    static let maximumDepth = 256
    static let recordAttributes: Set<String> = ["type", "name", "namespace", "doc", "aliases", "fields"]
    static let enumAttributes: Set<String> = ["type", "name", "namespace", "doc", "aliases", "symbols", "default"]
    static let fixedAttributes: Set<String> = ["type", "name", "namespace", "doc", "aliases", "size"]
    static let fieldAttributes: Set<String> = ["name", "type", "default", "order", "aliases", "doc"]

    func fail(_ path: String, _ message: String) -> AvroError { .invalidSchema(path: path, message: message) }

    /// Makes named types from referenced schemas known, as if the document had defined them first.
    mutating func predefine(_ schema: AvroSchema) {
        namedTypes.merge(schema.namedTypes) { current, _ in current }
        symbolIndexes.merge(schema.shape.symbolIndexes) { current, _ in current }
    }

    mutating func parse(_ json: JSONValue, path: String, namespace: String?) throws(AvroError) -> AvroType {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth { throw fail(path, "schema nests deeper than \(Self.maximumDepth) levels") }
        switch json {
        case let .string(name):
            return try parseName(name, path: path, namespace: namespace)
        case let .array(branches):
            return try parseUnion(branches, path: path, namespace: namespace)
        case let .object(object):
            return try parseObject(object, path: path, namespace: namespace)
        default:
            throw fail(path, "a schema must be a string, an array or an object, not a \(json.typeName)")
        }
    }

    private func parseName(_ name: String, path: String, namespace: String?) throws(AvroError) -> AvroType {
        if let primitive = AvroType.primitiveNames[name] { return AvroType(primitive) }
        let qualified = AvroName(qualifying: name, in: namespace).fullName
        for candidate in [qualified, name] where namedTypes[candidate] != nil || pending.contains(candidate) {
            return AvroType(.reference(candidate))
        }
        if ["record", "error", "enum", "fixed", "array", "map"].contains(name) {
            throw fail(path, "\"\(name)\" must be written as an object with \"type\": \"\(name)\"")
        }
        throw fail(path, "unknown type \"\(name)\"" + (qualified != name ? " (looked up as \"\(qualified)\")" : ""))
    }

    private mutating func parseUnion(_ branches: [JSONValue], path: String, namespace: String?) throws(AvroError) -> AvroType {
        var types: [AvroType] = []
        var seen: Set<String> = []
        for (index, branch) in branches.enumerated() {
            let branchPath = path + "/\(index)"
            let type = try parse(branch, path: branchPath, namespace: namespace)
            if type.isUnion { throw fail(branchPath, "a union may not directly contain another union") }
            let key = type.unionBranchName
            guard seen.insert(key).inserted else {
                throw fail(branchPath, "the union already has a branch of type \"\(key)\"")
            }
            types.append(type)
        }
        return AvroType(.union(types))
    }

    private mutating func parseObject(
        _ object: OrderedDictionary<String, JSONValue>, path: String, namespace: String?
    ) throws(AvroError) -> AvroType {
        guard let typeValue = object["type"] else { throw fail(path, "missing \"type\" attribute") }
        guard case let .string(typeName) = typeValue else {
            // `{"type": {...}}` and `{"type": [...]}` are accepted as a wrapped schema, as Java's parser does.
            if object.count == 1 { return try parse(typeValue, path: path + "/type", namespace: namespace) }
            throw fail(path + "/type", "\"type\" must be a string naming the type")
        }
        switch typeName {
        case "record", "error":
            return try parseRecord(object, isError: typeName == "error", path: path, namespace: namespace)
        case "enum":
            return try parseEnum(object, path: path, namespace: namespace)
        case "fixed":
            return try parseFixed(object, path: path, namespace: namespace)
        case "array":
            guard let items = object["items"] else { throw fail(path, "an array needs an \"items\" attribute") }
            let itemType = try parse(items, path: path + "/items", namespace: namespace)
            return AvroType(.array(items: itemType), properties: extraProperties(object, known: ["type", "items"]))
        case "map":
            guard let values = object["values"] else { throw fail(path, "a map needs a \"values\" attribute") }
            let valueType = try parse(values, path: path + "/values", namespace: namespace)
            return AvroType(.map(values: valueType), properties: extraProperties(object, known: ["type", "values"]))
        default:
            var type = try parseName(typeName, path: path + "/type", namespace: namespace)
            if case .reference = type.kind {
                // `{"type": "com.example.Named"}` is a plain use of a named type.
                return type
            }
            type.properties = extraProperties(object, known: ["type"])
            try applyLogicalType(to: &type, path: path)
            return type
        }
    }

    private func extraProperties(_ object: OrderedDictionary<String, JSONValue>, known: Set<String>) -> OrderedDictionary<String, JSONValue> {
        object.filter { !known.contains($0.key) }
    }

    // MARK: Named types

    private mutating func parseNamed(
        _ object: OrderedDictionary<String, JSONValue>, path: String, namespace: String?
    ) throws(AvroError) -> (name: AvroName, aliases: [AvroName], doc: String?) {
        guard let nameValue = object["name"] else { throw fail(path, "a named type needs a \"name\" attribute") }
        guard case let .string(rawName) = nameValue else { throw fail(path + "/name", "\"name\" must be a string") }
        var enclosing = namespace
        if let namespaceValue = object["namespace"] {
            switch namespaceValue {
            case let .string(explicit): enclosing = explicit
            case .null: enclosing = nil
            default: throw fail(path + "/namespace", "\"namespace\" must be a string")
            }
        }
        let name = AvroName(qualifying: rawName, in: enclosing)
        try validateFullName(name, path: path + "/name")
        if AvroType.primitiveNames[name.name] != nil && name.namespace == nil {
            throw fail(path + "/name", "\"\(name.name)\" is a primitive type name and cannot name a type")
        }
        guard namedTypes[name.fullName] == nil, !pending.contains(name.fullName) else {
            throw fail(path + "/name", "the type \"\(name.fullName)\" is defined more than once")
        }
        let aliases = try parseAliases(object["aliases"], path: path + "/aliases").map { alias throws(AvroError) in
            let aliasName = AvroName(qualifying: alias, in: name.namespace)
            try validateFullName(aliasName, path: path + "/aliases")
            return aliasName
        }
        return (name, aliases, try parseDoc(object["doc"], path: path + "/doc"))
    }

    private func validateFullName(_ name: AvroName, path: String) throws(AvroError) {
        let parts = (name.namespace.map { $0.split(separator: ".", omittingEmptySubsequences: false).map(String.init) } ?? []) + [name.name]
        for part in parts where !AvroName.isValidSimpleName(part) {
            throw fail(path, "\"\(name.fullName)\" is not a valid name: each part must match [A-Za-z_][A-Za-z0-9_]*")
        }
    }

    private func parseAliases(_ json: JSONValue?, path: String) throws(AvroError) -> [String] {
        guard let json else { return [] }
        guard case let .array(items) = json else { throw fail(path, "\"aliases\" must be an array of strings") }
        var aliases: [String] = []
        for (index, item) in items.enumerated() {
            guard case let .string(alias) = item else { throw fail(path + "/\(index)", "an alias must be a string") }
            aliases.append(alias)
        }
        return aliases
    }

    private func parseDoc(_ json: JSONValue?, path: String) throws(AvroError) -> String? {
        guard let json else { return nil }
        guard case let .string(doc) = json else { throw fail(path, "\"doc\" must be a string") }
        return doc
    }

    private mutating func parseRecord(
        _ object: OrderedDictionary<String, JSONValue>, isError: Bool, path: String, namespace: String?
    ) throws(AvroError) -> AvroType {
        let (name, aliases, doc) = try parseNamed(object, path: path, namespace: namespace)
        pending.insert(name.fullName)
        defer { pending.remove(name.fullName) }
        guard let fieldsValue = object["fields"] else { throw fail(path, "a record needs a \"fields\" attribute") }
        guard case let .array(fieldValues) = fieldsValue else { throw fail(path + "/fields", "\"fields\" must be an array") }
        var fields: [AvroField] = []
        var fieldNames: Set<String> = []
        for (index, fieldValue) in fieldValues.enumerated() {
            let fieldPath = path + "/fields/\(index)"
            let field = try parseField(fieldValue, path: fieldPath, namespace: name.namespace)
            guard fieldNames.insert(field.name).inserted else {
                throw fail(fieldPath + "/name", "the record already has a field named \"\(field.name)\"")
            }
            if field.defaultValue != nil { defaultsToCheck.append((fieldPath + "/default", name.fullName, field)) }
            fields.append(field)
        }
        let record = AvroRecord(name: name, fields: fields, aliases: aliases, doc: doc, isError: isError)
        let type = AvroType(.record(record), properties: extraProperties(object, known: Self.recordAttributes))
        namedTypes[name.fullName] = type
        return type
    }

    private mutating func parseField(_ json: JSONValue, path: String, namespace: String?) throws(AvroError) -> AvroField {
        guard case let .object(object) = json else { throw fail(path, "a field must be an object") }
        guard case let .string(name)? = object["name"] else { throw fail(path + "/name", "a field needs a string \"name\"") }
        guard AvroName.isValidSimpleName(name) else {
            throw fail(path + "/name", "\"\(name)\" is not a valid field name: it must match [A-Za-z_][A-Za-z0-9_]*")
        }
        guard let typeValue = object["type"] else { throw fail(path, "the field \"\(name)\" needs a \"type\"") }
        let type = try parse(typeValue, path: path + "/type", namespace: namespace)
        var order = AvroField.Order.ascending
        if let orderValue = object["order"] {
            guard case let .string(text) = orderValue, let parsed = AvroField.Order(rawValue: text) else {
                throw fail(path + "/order", "\"order\" must be \"ascending\", \"descending\" or \"ignore\"")
            }
            order = parsed
        }
        let aliases = try parseAliases(object["aliases"], path: path + "/aliases")
        for alias in aliases where !AvroName.isValidSimpleName(alias) {
            throw fail(path + "/aliases", "\"\(alias)\" is not a valid field alias")
        }
        return AvroField(
            name: name, type: type, defaultValue: object["default"], order: order, aliases: aliases,
            doc: try parseDoc(object["doc"], path: path + "/doc"),
            properties: extraProperties(object, known: Self.fieldAttributes)
        )
    }

    private mutating func parseEnum(
        _ object: OrderedDictionary<String, JSONValue>, path: String, namespace: String?
    ) throws(AvroError) -> AvroType {
        let (name, aliases, doc) = try parseNamed(object, path: path, namespace: namespace)
        guard case let .array(symbolValues)? = object["symbols"] else {
            throw fail(path + "/symbols", "an enum needs a \"symbols\" array")
        }
        var symbols: [String] = []
        var positions: [String: Int] = [:]
        positions.reserveCapacity(symbolValues.count)
        for (index, value) in symbolValues.enumerated() {
            guard case let .string(symbol) = value, AvroName.isValidSimpleName(symbol) else {
                throw fail(path + "/symbols/\(index)", "an enum symbol must be a string matching [A-Za-z_][A-Za-z0-9_]*")
            }
            guard positions.updateValue(index, forKey: symbol) == nil else { throw fail(path + "/symbols/\(index)", "duplicate enum symbol \"\(symbol)\"") }
            symbols.append(symbol)
        }
        var defaultSymbol: String?
        if let defaultValue = object["default"] {
            guard case let .string(symbol) = defaultValue, positions[symbol] != nil else {
                throw fail(path + "/default", "the enum default must be one of its symbols")
            }
            defaultSymbol = symbol
        }
        if symbols.count > AvroSchemaShape.indexedSymbols { symbolIndexes[name.fullName] = positions }
        let enumeration = AvroEnum(name: name, symbols: symbols, defaultSymbol: defaultSymbol, aliases: aliases, doc: doc)
        let type = AvroType(.enumeration(enumeration), properties: extraProperties(object, known: Self.enumAttributes))
        namedTypes[name.fullName] = type
        return type
    }

    private mutating func parseFixed(
        _ object: OrderedDictionary<String, JSONValue>, path: String, namespace: String?
    ) throws(AvroError) -> AvroType {
        let (name, aliases, doc) = try parseNamed(object, path: path, namespace: namespace)
        guard let size = object["size"]?.int64Value, size >= 0, size <= Int64(Int32.max) else {
            throw fail(path + "/size", "a fixed type needs a non-negative integer \"size\"")
        }
        let fixed = AvroFixed(name: name, size: Int(size), aliases: aliases, doc: doc)
        var type = AvroType(.fixed(fixed), properties: extraProperties(object, known: Self.fixedAttributes))
        try applyLogicalType(to: &type, path: path)
        namedTypes[name.fullName] = type
        return type
    }

    // MARK: Logical types

    /// Moves a valid `logicalType` from the properties into ``AvroType/logicalType``. A logical type
    /// this library does not know, or one on the wrong underlying type, stays a plain property, as
    /// the specification requires; a decimal with impossible precision or scale is an error.
    private func applyLogicalType(to type: inout AvroType, path: String) throws(AvroError) {
        guard case let .string(name)? = type.properties["logicalType"] else { return }
        if name == "decimal" {
            let maximumPrecision: Int?
            switch type.kind {
            case .bytes: maximumPrecision = nil
            case let .fixed(fixed): maximumPrecision = Self.maximumPrecision(fixedSize: fixed.size)
            default: return
            }
            type.logicalType = try decimal(type.properties, maximumPrecision: maximumPrecision, path: path)
            for key in ["logicalType", "precision", "scale"] { type.properties.removeValue(forKey: key) }
            return
        }
        guard let logical = AvroLogicalType.simple[name] else { return }
        let fits: Bool
        switch (logical, type.kind) {
        case (.uuid, .string), (.date, .int), (.timeMillis, .int): fits = true
        case (.timeMicros, .long), (.timestampMillis, .long), (.timestampMicros, .long), (.timestampNanos, .long),
            (.localTimestampMillis, .long), (.localTimestampMicros, .long), (.localTimestampNanos, .long):
            fits = true
        case let (.duration, .fixed(fixed)): fits = fixed.size == 12
        case let (.uuid, .fixed(fixed)): fits = fixed.size == 16
        default: fits = false
        }
        guard fits else { return }
        type.logicalType = logical
        type.properties.removeValue(forKey: "logicalType")
    }

    private func decimal(
        _ properties: OrderedDictionary<String, JSONValue>, maximumPrecision: Int?, path: String
    ) throws(AvroError) -> AvroLogicalType {
        guard let precision = properties["precision"]?.int64Value, precision > 0 else {
            throw fail(path + "/precision", "a decimal needs a positive integer \"precision\"")
        }
        var scale: Int64 = 0
        if let scaleValue = properties["scale"] {
            guard let parsed = scaleValue.int64Value, parsed >= 0 else {
                throw fail(path + "/scale", "a decimal's \"scale\" must be a non-negative integer")
            }
            scale = parsed
        }
        guard scale <= precision else {
            throw fail(path + "/scale", "a decimal's scale (\(scale)) cannot exceed its precision (\(precision))")
        }
        if let maximumPrecision, precision > Int64(maximumPrecision) {
            throw fail(path + "/precision", "a fixed of this size holds at most \(maximumPrecision) decimal digits, not \(precision)")
        }
        return .decimal(precision: Int(precision), scale: Int(scale))
    }

    /// floor(log10(2^(8n-1) - 1)): the digits a signed n-byte integer always holds.
    static func maximumPrecision(fixedSize: Int) -> Int {
        guard fixedSize > 0 else { return 0 }
        return Int((Double(8 * fixedSize - 1) * 0.30102999566398120).rounded(.down))
    }

    // MARK: Defaults

    /// Checks every field default against its type, now that all named types are known, and
    /// returns them as values by record and field name.
    func validateDefaults(in schema: AvroSchema) throws(AvroError) -> [String: [String: AvroValue]] {
        var defaults: [String: [String: AvroValue]] = [:]
        for (path, record, field) in defaultsToCheck {
            guard let json = field.defaultValue else { continue }
            do {
                defaults[record, default: [:]][field.name] = try AvroValue(defaultJSON: json, type: field.type, in: schema)
            } catch {
                if case let .invalidJSONData(_, message) = error {
                    throw fail(path, "the default of field \"\(field.name)\" does not match its type: \(message)")
                }
                throw error
            }
        }
        return defaults
    }
}
