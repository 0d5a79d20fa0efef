import SchemaWireCore

extension AvroSchema {
    /// Checks this (new) schema against earlier versions, oldest first, at `level` — the check
    /// Confluent Schema Registry runs before it registers a schema, with a reason and a fix for
    /// every break.
    public func compatibility(
        against previous: [(label: String, schema: AvroSchema)], level: CompatibilityLevel = .default
    ) -> CompatibilityResult {
        CompatibilityPolicy.check(self, against: previous, level: level) { reader, writer, roles in
            AvroSchema.incompatibilities(reader: reader, writer: writer, roles: roles)
        }
    }

    /// Every reason `reader` cannot read data written with `writer`, following Avro's resolution
    /// rules as Avro's Java `SchemaCompatibility` (and so the registry) applies them.
    public static func incompatibilities(reader: AvroSchema, writer: AvroSchema, roles: CompatibilityPolicy.Roles) -> [Incompatibility] {
        var checker = AvroCompatibilityChecker(reader: reader, writer: writer, roles: roles)
        checker.check(reader.root, writer.root, path: "")
        return checker.found
    }
}

/// Walks a reader and a writer schema together, collecting incompatibilities with paths into the
/// reader. Record pairs already under check are skipped, so recursive schemas terminate.
struct AvroCompatibilityChecker {
    let reader: AvroSchema
    let writer: AvroSchema
    let roles: CompatibilityPolicy.Roles
    var found: [Incompatibility] = []
    private var visited: Set<String> = []

    init(reader: AvroSchema, writer: AvroSchema, roles: CompatibilityPolicy.Roles) {
        self.reader = reader
        self.writer = writer
        self.roles = roles
    }

    /// Whether `readerType` can read `writerType`, without recording anything.
    func accepts(_ readerType: AvroType, _ writerType: AvroType) -> Bool {
        var trial = self
        trial.found = []
        trial.check(readerType, writerType, path: "")
        return trial.found.isEmpty
    }

    mutating func check(_ readerDeclared: AvroType, _ writerDeclared: AvroType, path: String) {
        let readerType = reader.resolve(readerDeclared)
        let writerType = writer.resolve(writerDeclared)
        switch (readerType.kind, writerType.kind) {
        case let (.union(readerBranches), .union(writerBranches)):
            for (index, branch) in writerBranches.enumerated() where !accepts(readerType, branch) {
                report(.missingUnionBranch, path + "/\(index)", readerType, branch, message: "\(roles.reader)'s union has no branch that reads \(describe(branch)) from \(roles.writer)'s union.",
                       hint: "add \(describe(branch)) to the union [\(readerBranches.map(\.unionBranchName).joined(separator: ", "))].")
            }
        case (_, .union(let writerBranches)):
            for branch in writerBranches { check(readerType, branch, path: path) }
        case let (.union(readerBranches), _):
            guard !readerBranches.contains(where: { accepts($0, writerType) }) else { return }
            report(.missingUnionBranch, path, readerType, writerType, message: "\(roles.reader)'s union [\(readerBranches.map(\.unionBranchName).joined(separator: ", "))] has no branch that reads \(describe(writerType)) written by \(roles.writer).",
                   hint: "add \(describe(writerType)) (or a type it promotes to) to the union.")
        case (.null, .null), (.boolean, .boolean), (.int, .int), (.long, .long), (.float, .float), (.double, .double),
            (.bytes, .bytes), (.string, .string):
            return
        case let (.array(readerItems), .array(writerItems)):
            check(readerItems, writerItems, path: path + "/items")
        case let (.map(readerValues), .map(writerValues)):
            check(readerValues, writerValues, path: path + "/values")
        case let (.fixed(readerFixed), .fixed(writerFixed)):
            checkName(readerFixed.name, readerFixed.aliases, writerFixed.name, readerType, writerType, path: path)
            if readerFixed.size != writerFixed.size {
                report(.fixedSizeMismatch, path + "/size", readerType, writerType,
                       message: "fixed \(readerFixed.name) is \(readerFixed.size) bytes in \(roles.reader) but \(writerFixed.size) in \(roles.writer).",
                       hint: "a fixed type's size cannot change; define a new fixed type under a new field instead.")
            }
        case let (.enumeration(readerEnum), .enumeration(writerEnum)):
            checkName(readerEnum.name, readerEnum.aliases, writerEnum.name, readerType, writerType, path: path)
            let missing = writerEnum.symbols.filter { !readerEnum.symbols.contains($0) }
            if !missing.isEmpty && readerEnum.defaultSymbol == nil {
                report(.missingEnumSymbols, path + "/symbols", readerType, writerType,
                       message: "enum \(readerEnum.name) in \(roles.reader) lacks symbol(s) \(missing.joined(separator: ", ")) that \(roles.writer) can write.",
                       hint: roles.direction == .newReadsOld
                           ? "keep the symbols, or give the enum a \"default\" symbol that readers use for unknown ones."
                           : "add symbols only after every reader's enum has a \"default\" symbol for unknown ones.")
            }
        case let (.record(readerRecord), .record(writerRecord)):
            checkName(readerRecord.name, readerRecord.aliases, writerRecord.name, readerType, writerType, path: path)
            let key = readerRecord.name.fullName + "\u{0}" + writerRecord.name.fullName
            guard visited.insert(key).inserted else { return }
            for (index, readerField) in readerRecord.fields.enumerated() {
                let fieldPath = path + "/fields/\(index)"
                let writerField = writerRecord.fields.first { $0.name == readerField.name }
                    ?? writerRecord.fields.first { readerField.aliases.contains($0.name) }
                if let writerField {
                    check(readerField.type, writerField.type, path: fieldPath + "/type")
                } else if readerField.defaultValue == nil {
                    report(.readerFieldMissingDefaultValue, fieldPath, readerType, writerType,
                           message: "field \"\(readerField.name)\" of \(readerRecord.name) in \(roles.reader) has no default, and \(roles.writer) does not write it.",
                           hint: roles.direction == .newReadsOld
                               ? "give \"\(readerField.name)\" a default (for an optional field: type [\"null\", …] with \"default\": null), or add an alias naming the field it replaces."
                               : "keep \"\(readerField.name)\" in the new schema: \(roles.reader) needs it because it has no default there.")
                }
            }
        default:
            // Promotions come from the one table resolution uses, so the check and the reader agree.
            guard !ResolutionPlanBuilder.promotes(writerType.kind, to: readerType.kind) else { return }
            report(.typeMismatch, path, readerType, writerType,
                   message: "\(roles.reader) reads \(describe(readerType)) where \(roles.writer) writes \(describe(writerType)).",
                   hint: "keep the type, or change it only along Avro's promotions (int → long → float → double, string ↔ bytes), or add a new field with a default instead.")
        }
    }

    /// Named types match when their unqualified names agree or a reader alias names the writer's
    /// full name; reports NAME_MISMATCH otherwise. Checking goes on past a name mismatch (as in
    /// Java), so one report lists the fields that would break too.
    private mutating func checkName(
        _ readerName: AvroName, _ readerAliases: [AvroName], _ writerName: AvroName, _ readerType: AvroType, _ writerType: AvroType, path: String
    ) {
        guard !ResolutionPlanBuilder.namesMatch(writerName, readerName: readerName, readerAliases: readerAliases) else { return }
        report(.nameMismatch, path + "/name", readerType, writerType,
               message: "\(roles.reader) names the type \(readerName) where \(roles.writer) has \(writerName).",
               hint: "keep the name, or add \"aliases\": [\"\(writerName.fullName)\"] to \(readerName).")
    }

    private func describe(_ type: AvroType) -> String {
        if let name = type.fullName { return "\(type.typeName) \(name)" }
        return type.typeName
    }

    private mutating func report(
        _ kind: Incompatibility.Kind, _ path: String, _ readerType: AvroType, _ writerType: AvroType, message: String, hint: String
    ) {
        found.append(Incompatibility(
            kind: kind, path: path, message: message.prefix(1).uppercased() + message.dropFirst(), hint: hint,
            readerFragment: Self.fragment(readerType), writerFragment: Self.fragment(writerType),
            direction: roles.direction, version: roles.version))
    }

    /// A node's JSON, cut short for large records so reports stay readable.
    static func fragment(_ type: AvroType) -> String {
        let json = type.jsonValue.serialized()
        return json.count > 240 ? String(json.prefix(237)) + "..." : json
    }
}
