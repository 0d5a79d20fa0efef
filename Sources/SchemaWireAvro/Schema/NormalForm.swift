import SchemaWireCore

extension AvroSchema {
    /// The schema's normal form (`normalize.schemas`): Parsing Canonical Form's rules — full
    /// names, a fixed attribute order, primitives as bare strings, no whitespace — but keeping
    /// what changes how data is read: logical types (with precision and scale), field and enum
    /// defaults, field order, and aliases (sorted, names in full). Docs and custom properties go.
    ///
    /// Two schemas with the same normal form are interchangeable for every reader and writer,
    /// resolution included, which Parsing Canonical Form alone does not promise (it drops defaults).
    public var normalizedForm: String {
        var output = ""
        var defined: Set<String> = []
        Self.writeNormal(root, to: &output, defined: &defined)
        return output
    }

    private static func writeNormal(_ type: AvroType, to output: inout String, defined: inout Set<String>) {
        func member(_ name: String, _ value: JSONValue) {
            output += ",\"\(name)\":" + value.serialized()
        }
        func logical() {
            if let logicalType = type.logicalType {
                member("logicalType", .string(logicalType.name))
                if case let .decimal(precision, scale) = logicalType {
                    member("precision", .integer(precision))
                    member("scale", .integer(scale))
                }
            } else if let unknown = type.properties["logicalType"] {
                // A logical type this library does not know (or an invalid one) still names the data's meaning.
                member("logicalType", unknown)
                for name in ["precision", "scale"] { if let value = type.properties[name] { member(name, value) } }
            }
        }
        func named(_ name: AvroName, _ kind: String, aliases: [AvroName]) -> Bool {
            guard defined.insert(name.fullName).inserted else {
                JSONValue.writeString(name.fullName, to: &output)
                return false
            }
            output += "{\"name\":"
            JSONValue.writeString(name.fullName, to: &output)
            output += ",\"type\":\"\(kind)\""
            if !aliases.isEmpty { member("aliases", .array(aliases.map(\.fullName).sorted().map(JSONValue.string))) }
            return true
        }
        let hasLogicalType = type.logicalType != nil || type.properties["logicalType"] != nil
        switch type.kind {
        case .null, .boolean, .int, .long, .float, .double, .bytes, .string:
            guard hasLogicalType else {
                output += "\"\(type.typeName)\""
                return
            }
            output += "{\"type\":\"\(type.typeName)\""
            logical()
            output += "}"
        case let .reference(name):
            JSONValue.writeString(name, to: &output)
        case let .array(items):
            output += "{\"type\":\"array\",\"items\":"
            writeNormal(items, to: &output, defined: &defined)
            output += "}"
        case let .map(values):
            output += "{\"type\":\"map\",\"values\":"
            writeNormal(values, to: &output, defined: &defined)
            output += "}"
        case let .union(branches):
            output += "["
            for (index, branch) in branches.enumerated() {
                if index > 0 { output += "," }
                writeNormal(branch, to: &output, defined: &defined)
            }
            output += "]"
        case let .fixed(fixed):
            guard named(fixed.name, "fixed", aliases: fixed.aliases) else { return }
            output += ",\"size\":\(fixed.size)"
            logical()
            output += "}"
        case let .enumeration(enumeration):
            guard named(enumeration.name, "enum", aliases: enumeration.aliases) else { return }
            member("symbols", .array(enumeration.symbols.map(JSONValue.string)))
            if let symbol = enumeration.defaultSymbol { member("default", .string(symbol)) }
            output += "}"
        case let .record(record):
            guard named(record.name, record.isError ? "error" : "record", aliases: record.aliases) else { return }
            output += ",\"fields\":["
            for (index, field) in record.fields.enumerated() {
                if index > 0 { output += "," }
                output += "{\"name\":"
                JSONValue.writeString(field.name, to: &output)
                output += ",\"type\":"
                writeNormal(field.type, to: &output, defined: &defined)
                if let defaultValue = field.defaultValue { member("default", defaultValue) }
                if field.order != .ascending { member("order", .string(field.order.rawValue)) }
                if !field.aliases.isEmpty { member("aliases", .array(field.aliases.sorted().map(JSONValue.string))) }
                output += "}"
            }
            output += "]}"
        }
    }
}
