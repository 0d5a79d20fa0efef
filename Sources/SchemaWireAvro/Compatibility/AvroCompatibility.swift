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
        return checker.found.incompatibilities
    }
}

/// Walks a reader and a writer schema together, collecting incompatibilities with paths into the
/// reader. Record pairs already under check are skipped, so recursive schemas terminate.
///
/// The cost is bounded by the schemas' size: union branches are matched through an index of the
/// reader's union, whether a branch reads another is worked out once per pair of named types, and
/// record fields are matched by name through a table.
struct AvroCompatibilityChecker {
    let reader: AvroSchema
    let writer: AvroSchema
    let roles: CompatibilityPolicy.Roles
    var found = IncompatibilityList()
    private var visited: Set<String> = []
    /// Trials (does one union branch read another?) note the record pairs they enter here, so
    /// that they neither skip nor disturb the pairs the real walk reports on.
    private var trialVisited: Set<String> = []
    private var trialDepth = 0
    /// Whether the innermost trial under way met an incompatibility (trials report nothing).
    private var trialFailed = false
    /// Whether a reader named type reads a writer named type, by pair, once worked out.
    private var acceptance: [String: Bool] = [:]
    private var fragments: [String: String] = [:]
    private var depth = 0

    /// The deepest the walk over both schemas together goes (each is at most
    /// ``AvroSchemaShape/maximumDepth`` deep, but recursive records can pair up at new depths).
    static let maximumDepth = 2 * AvroSchemaShape.maximumDepth

    init(reader: AvroSchema, writer: AvroSchema, roles: CompatibilityPolicy.Roles) {
        self.reader = reader
        self.writer = writer
        self.roles = roles
    }

    /// Whether `readerType` can read `writerType`, without recording anything.
    mutating func accepts(_ readerDeclared: AvroType, _ writerDeclared: AvroType) -> Bool {
        let readerType = reader.resolve(readerDeclared)
        let writerType = writer.resolve(writerDeclared)
        // Named types of other names never read each other (the full check reports NAME_MISMATCH).
        if let readerName = readerType.fullName, let writerName = writerType.fullName {
            guard Self.namesMatch(readerType, writerType) else { return false }
            let key = readerName + "\u{0}" + writerName
            if let known = acceptance[key] { return known }
            let verdict = trial(readerType, writerType)
            acceptance[key] = verdict
            return verdict
        }
        return trial(readerType, writerType)
    }

    private mutating func trial(_ readerType: AvroType, _ writerType: AvroType) -> Bool {
        let outer = trialFailed
        trialFailed = false
        trialDepth += 1
        check(readerType, writerType, path: "")
        trialDepth -= 1
        if trialDepth == 0 { trialVisited = [] }
        let verdict = !trialFailed
        trialFailed = outer
        return verdict
    }

    /// Whether two named types of one kind match by name or reader alias (fixed sizes apart).
    private static func namesMatch(_ readerType: AvroType, _ writerType: AvroType) -> Bool {
        switch (readerType.kind, writerType.kind) {
        case let (.record(r), .record(w)): return ResolutionPlanBuilder.namesMatch(w.name, readerName: r.name, readerAliases: r.aliases)
        case let (.enumeration(r), .enumeration(w)): return ResolutionPlanBuilder.namesMatch(w.name, readerName: r.name, readerAliases: r.aliases)
        case let (.fixed(r), .fixed(w)): return ResolutionPlanBuilder.namesMatch(w.name, readerName: r.name, readerAliases: r.aliases)
        default: return false
        }
    }

    /// Whether any branch of the reader's union reads `writerType`: only the branches that can
    /// (same name, or an unnamed type) are tried.
    private mutating func unionAccepts(_ union: UnionIndex, _ writerType: AvroType) -> Bool {
        union.candidates(for: writerType).contains { accepts(union.branches[$0], writerType) }
    }

    mutating func check(_ readerDeclared: AvroType, _ writerDeclared: AvroType, path: String) {
        depth += 1
        defer { depth -= 1 }
        let readerType = reader.resolve(readerDeclared)
        let writerType = writer.resolve(writerDeclared)
        guard depth <= Self.maximumDepth else {
            report(.checkLimitExceeded, path, readerType, writerType,
                   message: "the schemas nest deeper than \(Self.maximumDepth) levels together here, so the check stopped.",
                   hint: "flatten the recursive types; nothing this deep can be checked.")
            return
        }
        switch (readerType.kind, writerType.kind) {
        case let (.union(readerBranches), .union(writerBranches)):
            let union = UnionIndex(readerType, in: reader)
            for (index, branch) in writerBranches.enumerated() where !unionAccepts(union, writer.resolve(branch)) {
                report(.missingUnionBranch, path + "/\(index)", readerType, branch, message: "\(roles.reader)'s union has no branch that reads \(describe(branch)) from \(roles.writer)'s union.",
                       hint: "add \(describe(branch)) to the union [\(Self.branchList(readerBranches))].")
            }
        case (_, .union(let writerBranches)):
            for branch in writerBranches { check(readerType, branch, path: path) }
        case let (.union(readerBranches), _):
            guard !unionAccepts(UnionIndex(readerType, in: reader), writerType) else { return }
            report(.missingUnionBranch, path, readerType, writerType, message: "\(roles.reader)'s union [\(Self.branchList(readerBranches))] has no branch that reads \(describe(writerType)) written by \(roles.writer).",
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
            let missing = writerEnum.symbols.filter { reader.index(of: $0, in: readerEnum) == nil }
            if !missing.isEmpty && readerEnum.defaultSymbol == nil {
                report(.missingEnumSymbols, path + "/symbols", readerType, writerType,
                       message: "enum \(readerEnum.name) in \(roles.reader) lacks symbol(s) \(Self.symbolList(missing)) that \(roles.writer) can write.",
                       hint: roles.direction == .newReadsOld
                           ? "keep the symbols, or give the enum a \"default\" symbol that readers use for unknown ones."
                           : "add symbols only after every reader's enum has a \"default\" symbol for unknown ones.")
            }
        case let (.record(readerRecord), .record(writerRecord)):
            checkName(readerRecord.name, readerRecord.aliases, writerRecord.name, readerType, writerType, path: path)
            let key = readerRecord.name.fullName + "\u{0}" + writerRecord.name.fullName
            if trialDepth > 0 {
                guard !visited.contains(key), trialVisited.insert(key).inserted else { return }
            } else {
                guard visited.insert(key).inserted else { return }
            }
            let writerFields = Dictionary(writerRecord.fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
            for (index, readerField) in readerRecord.fields.enumerated() {
                let fieldPath = path + "/fields/\(index)"
                let writerIndex = writerFields[readerField.name] ?? readerField.aliases.compactMap { writerFields[$0] }.min()
                if let writerIndex {
                    let writerField = writerRecord.fields[writerIndex]
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

    /// Branch names for a message, the first few of a large union.
    private static func branchList(_ branches: [AvroType]) -> String {
        symbolList(branches.map(\.unionBranchName))
    }

    /// Names for a message, the first 20 and a count of the rest.
    private static func symbolList(_ names: [String]) -> String {
        names.count <= 20 ? names.joined(separator: ", ") : names.prefix(20).joined(separator: ", ") + " and \(names.count - 20) more"
    }

    private mutating func report(
        _ kind: Incompatibility.Kind, _ path: String, _ readerType: AvroType, _ writerType: AvroType,
        message: String, hint: String
    ) {
        if trialDepth > 0 {
            trialFailed = true
            return
        }
        guard found.admits(kind, path: path, direction: roles.direction, version: roles.version) else { return }
        found.append(Incompatibility(
            kind: kind, path: path, message: message.prefix(1).uppercased() + message.dropFirst(), hint: hint,
            readerFragment: fragment(readerType), writerFragment: fragment(writerType), direction: roles.direction, version: roles.version))
    }

    /// A node's JSON, cut short for large records so reports stay readable; a named type's is
    /// worked out once.
    private mutating func fragment(_ type: AvroType) -> String {
        guard let name = type.fullName else { return Self.fragment(type) }
        if let known = fragments[name] { return known }
        let text = Self.fragment(type)
        fragments[name] = text
        return text
    }

    static func fragment(_ type: AvroType) -> String {
        type.jsonValue.serialized(maximumLength: 240)
    }
}
