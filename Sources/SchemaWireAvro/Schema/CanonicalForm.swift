import SchemaWireCore

extension AvroSchema {
    /// The schema's Parsing Canonical Form, as the specification defines it: full names, only the
    /// attributes that affect parsing (`name`, `type`, `fields`, `symbols`, `items`, `values`,
    /// `size`) in that order, primitives as bare strings, no whitespace.
    ///
    /// Two schemas with the same canonical form read and write the same bytes; it is what
    /// fingerprints are computed over.
    public var canonicalForm: String {
        var output = ""
        var defined: Set<String> = []
        Self.writeCanonical(root, to: &output, defined: &defined)
        return output
    }

    private static func writeCanonical(_ type: AvroType, to output: inout String, defined: inout Set<String>) {
        func named(_ name: AvroName, _ kind: String) -> Bool {
            guard defined.insert(name.fullName).inserted else {
                JSONValue.writeString(name.fullName, to: &output)
                return false
            }
            output += "{\"name\":"
            JSONValue.writeString(name.fullName, to: &output)
            output += ",\"type\":\"\(kind)\""
            return true
        }
        switch type.kind {
        case .null, .boolean, .int, .long, .float, .double, .bytes, .string:
            output += "\"\(type.typeName)\""
        case let .reference(name):
            JSONValue.writeString(name, to: &output)
        case let .array(items):
            output += "{\"type\":\"array\",\"items\":"
            writeCanonical(items, to: &output, defined: &defined)
            output += "}"
        case let .map(values):
            output += "{\"type\":\"map\",\"values\":"
            writeCanonical(values, to: &output, defined: &defined)
            output += "}"
        case let .union(branches):
            output += "["
            for (index, branch) in branches.enumerated() {
                if index > 0 { output += "," }
                writeCanonical(branch, to: &output, defined: &defined)
            }
            output += "]"
        case let .fixed(fixed):
            guard named(fixed.name, "fixed") else { return }
            output += ",\"size\":\(fixed.size)}"
        case let .enumeration(enumeration):
            guard named(enumeration.name, "enum") else { return }
            output += ",\"symbols\":["
            for (index, symbol) in enumeration.symbols.enumerated() {
                if index > 0 { output += "," }
                JSONValue.writeString(symbol, to: &output)
            }
            output += "]}"
        case let .record(record):
            guard named(record.name, "record") else { return }
            output += ",\"fields\":["
            for (index, field) in record.fields.enumerated() {
                if index > 0 { output += "," }
                output += "{\"name\":"
                JSONValue.writeString(field.name, to: &output)
                output += ",\"type\":"
                writeCanonical(field.type, to: &output, defined: &defined)
                output += "}"
            }
            output += "]}"
        }
    }
}
