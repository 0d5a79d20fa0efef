extension AvroSchema {
    /// The standalone schema of one named type: its definition with every named type it uses
    /// defined inline at first use, so it parses on its own (what generated types carry).
    public func subschema(rootedAt fullName: String) throws(AvroError) -> AvroSchema {
        guard let definition = namedTypes[fullName] else {
            throw .invalidSchema(path: "", message: "no named type \"\(fullName)\" in this schema")
        }
        var defined: Set<String> = []
        return try AvroSchema(root: inlined(definition, defined: &defined))
    }

    private func inlined(_ type: AvroType, defined: inout Set<String>) -> AvroType {
        var result = type
        switch type.kind {
        case let .reference(name):
            guard !defined.contains(name), let definition = namedTypes[name] else { return type }
            return inlined(definition, defined: &defined)
        case var .record(record):
            defined.insert(record.name.fullName)
            for index in record.fields.indices { record.fields[index].type = inlined(record.fields[index].type, defined: &defined) }
            result.kind = .record(record)
        case let .enumeration(enumeration):
            defined.insert(enumeration.name.fullName)
        case let .fixed(fixed):
            defined.insert(fixed.name.fullName)
        case let .array(items):
            result.kind = .array(items: inlined(items, defined: &defined))
        case let .map(values):
            result.kind = .map(values: inlined(values, defined: &defined))
        case let .union(branches):
            result.kind = .union(branches.map { inlined($0, defined: &defined) })
        default:
            break
        }
        return result
    }
}
