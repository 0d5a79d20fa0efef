import SchemaWireCore

extension AvroSchema {
    /// The schema's Parsing Canonical Form, as the specification defines it: full names, only the
    /// attributes that affect parsing (`name`, `type`, `fields`, `symbols`, `items`, `values`,
    /// `size`) in that order, primitives as bare strings, no whitespace.
    ///
    /// Two schemas with the same canonical form read and write the same bytes; it is what
    /// fingerprints are computed over.
    public var canonicalForm: String { text(in: .canonical) }

    /// The schema's normal form (`normalize.schemas`): Parsing Canonical Form's rules — full
    /// names, a fixed attribute order, primitives as bare strings, no whitespace — but keeping
    /// what changes how data is read: logical types (with precision and scale), field and enum
    /// defaults, field order, and aliases (sorted, names in full). Docs and custom properties go.
    ///
    /// Two schemas with the same normal form are interchangeable for every reader and writer,
    /// resolution included, which Parsing Canonical Form alone does not promise (it drops defaults).
    public var normalizedForm: String { text(in: .normal) }

    /// The two compact forms: what Parsing Canonical Form keeps, or that plus what resolution reads.
    enum CompactForm {
        case canonical
        case normal
    }

    func text(in form: CompactForm) -> String {
        var writer = CompactFormWriter(form: form)
        writer.write(root)
        return writer.output
    }
}

/// Writes a schema in one of the compact forms; a named type is spelled out once, then by full name.
struct CompactFormWriter {
    let form: AvroSchema.CompactForm
    var output = ""
    private var defined: Set<String> = []

    init(form: AvroSchema.CompactForm) {
        self.form = form
    }

    private var keepsResolution: Bool { form == .normal }

    private mutating func member(_ name: String, _ value: JSONValue) {
        output += ",\"\(name)\":" + value.serialized()
    }

    /// The logical type of `type`, known or not (an unknown one still names the data's meaning).
    private mutating func logical(_ type: AvroType) {
        if let logicalType = type.logicalType {
            member("logicalType", .string(logicalType.name))
            if case let .decimal(precision, scale) = logicalType {
                member("precision", .integer(precision))
                member("scale", .integer(scale))
            }
        } else if let unknown = type.properties["logicalType"] {
            member("logicalType", unknown)
            for name in ["precision", "scale"] { if let value = type.properties[name] { member(name, value) } }
        }
    }

    /// Opens a named type's object, or writes its full name when it was defined before.
    private mutating func named(_ name: AvroName, _ kind: String, aliases: [AvroName]) -> Bool {
        guard defined.insert(name.fullName).inserted else {
            JSONValue.writeString(name.fullName, to: &output)
            return false
        }
        output += "{\"name\":"
        JSONValue.writeString(name.fullName, to: &output)
        output += ",\"type\":\"\(kind)\""
        if keepsResolution, !aliases.isEmpty { member("aliases", .array(aliases.map(\.fullName).sorted().map(JSONValue.string))) }
        return true
    }

    mutating func write(_ type: AvroType) {
        switch type.kind {
        case .null, .boolean, .int, .long, .float, .double, .bytes, .string:
            guard keepsResolution, type.logicalType != nil || type.properties["logicalType"] != nil else {
                output += "\"\(type.typeName)\""
                return
            }
            output += "{\"type\":\"\(type.typeName)\""
            logical(type)
            output += "}"
        case let .reference(name):
            JSONValue.writeString(name, to: &output)
        case let .array(items):
            output += "{\"type\":\"array\",\"items\":"
            write(items)
            output += "}"
        case let .map(values):
            output += "{\"type\":\"map\",\"values\":"
            write(values)
            output += "}"
        case let .union(branches):
            output += "["
            for (index, branch) in branches.enumerated() {
                if index > 0 { output += "," }
                write(branch)
            }
            output += "]"
        case let .fixed(fixed):
            guard named(fixed.name, "fixed", aliases: fixed.aliases) else { return }
            output += ",\"size\":\(fixed.size)"
            if keepsResolution { logical(type) }
            output += "}"
        case let .enumeration(enumeration):
            guard named(enumeration.name, "enum", aliases: enumeration.aliases) else { return }
            member("symbols", .array(enumeration.symbols.map(JSONValue.string)))
            if keepsResolution, let symbol = enumeration.defaultSymbol { member("default", .string(symbol)) }
            output += "}"
        case let .record(record):
            guard named(record.name, keepsResolution && record.isError ? "error" : "record", aliases: record.aliases) else { return }
            output += ",\"fields\":["
            for (index, field) in record.fields.enumerated() {
                if index > 0 { output += "," }
                output += "{\"name\":"
                JSONValue.writeString(field.name, to: &output)
                output += ",\"type\":"
                write(field.type)
                if keepsResolution {
                    if let defaultValue = field.defaultValue { member("default", defaultValue) }
                    if field.order != .ascending { member("order", .string(field.order.rawValue)) }
                    if !field.aliases.isEmpty { member("aliases", .array(field.aliases.sorted().map(JSONValue.string))) }
                }
                output += "}"
            }
            output += "]}"
        }
    }
}
