/// A reader union's branches indexed by what a writer type matches them on, built once per union
/// so that a writer union of n branches resolves in O(n) rather than O(n²).
struct UnionIndex {
    /// The reader's branches, named types resolved to their definitions.
    let branches: [AvroType]
    /// Named branches by kind and simple name, and by kind and alias full name, in branch order.
    private var named: [String: [Int]] = [:]
    /// Unnamed branches (at most one per kind), for exact matches and promotions.
    private var unnamed: [(index: Int, kind: AvroType.Kind)] = []

    init(_ union: AvroType, in schema: AvroSchema) {
        guard case let .union(declared) = union.kind else {
            branches = []
            return
        }
        branches = declared.map { schema.resolve($0) }
        for (index, branch) in branches.enumerated() {
            switch branch.kind {
            case let .record(record): add(index, "record", record.name, record.aliases)
            case let .enumeration(enumeration): add(index, "enum", enumeration.name, enumeration.aliases)
            case let .fixed(fixed): add(index, "fixed", fixed.name, fixed.aliases)
            default: unnamed.append((index, branch.kind))
            }
        }
    }

    private mutating func add(_ index: Int, _ kind: String, _ name: AvroName, _ aliases: [AvroName]) {
        named[kind + ":" + name.name, default: []].append(index)
        for alias in aliases { named[kind + "=" + alias.fullName, default: []].append(index) }
    }

    /// The branches' names, for messages.
    var branchNames: String { branches.map(\.unionBranchName).joined(separator: ", ") }

    /// The branch a non-union writer type resolves to: the first of the same type (and name, for
    /// named types), else the first the writer's type promotes to.
    func matchingBranch(for writerType: AvroType) -> Int? {
        let candidates: [Int]
        switch writerType.kind {
        case let .record(record): candidates = namedCandidates("record", record.name)
        case let .enumeration(enumeration): candidates = namedCandidates("enum", enumeration.name)
        case let .fixed(fixed): candidates = namedCandidates("fixed", fixed.name)
        default:
            if let exact = unnamed.first(where: { ResolutionPlanBuilder.sameType(writerType, AvroType($0.kind)) }) { return exact.index }
            return unnamed.first { ResolutionPlanBuilder.promotes(writerType.kind, to: $0.kind) }?.index
        }
        return candidates.first { ResolutionPlanBuilder.sameType(writerType, branches[$0]) }
    }

    /// The branches that could read `writerType` at all, in branch order: those of its name for a
    /// named type, else the unnamed ones (at most one per kind).
    func candidates(for writerType: AvroType) -> [Int] {
        switch writerType.kind {
        case let .record(record): return namedCandidates("record", record.name)
        case let .enumeration(enumeration): return namedCandidates("enum", enumeration.name)
        case let .fixed(fixed): return namedCandidates("fixed", fixed.name)
        default: return unnamed.map(\.index)
        }
    }

    private func namedCandidates(_ kind: String, _ name: AvroName) -> [Int] {
        let matches = (named[kind + ":" + name.name] ?? []) + (named[kind + "=" + name.fullName] ?? [])
        return matches.count > 1 ? Array(Set(matches)).sorted() : matches
    }
}

/// A reader record's fields by name and by alias, the first field winning, as the specification
/// matches writer fields.
struct FieldIndex {
    private var byName: [String: Int] = [:]
    private var byAlias: [String: Int] = [:]

    init(_ record: AvroRecord) {
        for (index, field) in record.fields.enumerated() {
            if byName[field.name] == nil { byName[field.name] = index }
            for alias in field.aliases where byAlias[alias] == nil { byAlias[alias] = index }
        }
    }

    /// The reader field a writer field named `name` fills: by name first, then by alias.
    func index(matching name: String) -> Int? { byName[name] ?? byAlias[name] }
}
