import SchemaWireCore

/// Builds a ``ResolutionPlan`` by matching a writer schema against a reader schema once.
struct ResolutionPlanBuilder {
    let writer: AvroSchema
    let reader: AvroSchema
    /// Record plans by index; an empty placeholder while a record is being built, so that a
    /// recursive reference can already name its index.
    var records: [RecordPlan] = []
    private var recordIndexes: [String: Int] = [:]

    init(writer: AvroSchema, reader: AvroSchema) {
        self.writer = writer
        self.reader = reader
    }

    func fail(_ message: String) -> AvroError { .unresolvable(path: "", message: message) }

    mutating func plan(_ writerDeclared: AvroType, _ readerDeclared: AvroType) throws(AvroError) -> ResolutionPlan {
        let writerType = writer.resolve(writerDeclared)
        let readerType = reader.resolve(readerDeclared)
        if case let .union(writerBranches) = writerType.kind {
            var branches: [ResolutionPlan?] = []
            for branch in writerBranches {
                do {
                    branches.append(try plan(branch, readerType))
                } catch {
                    // Data-dependent: only an error if the writer actually used this branch.
                    branches.append(nil)
                }
            }
            if !branches.contains(where: { $0 != nil }) {
                throw fail("no branch of the writer's union matches the reader's \(readerType.unionBranchName)")
            }
            return .writerUnion(branches, names: writerBranches.map(\.unionBranchName))
        }
        if case let .union(readerBranches) = readerType.kind {
            guard let index = Self.matchingBranch(for: writerType, in: readerBranches, writer: writer, reader: reader) else {
                throw fail("the writer's \(writerType.unionBranchName) matches no branch of the reader's union [\(readerBranches.map(\.unionBranchName).joined(separator: ", "))]")
            }
            return .readerUnion(branch: index, try plan(writerType, readerBranches[index]))
        }
        switch (writerType.kind, readerType.kind) {
        case (.null, .null), (.boolean, .boolean), (.int, .int), (.long, .long), (.float, .float),
            (.double, .double), (.bytes, .bytes), (.string, .string):
            return .same(writerType)
        case (.int, .long), (.int, .float), (.int, .double), (.long, .float), (.long, .double),
            (.float, .double), (.string, .bytes), (.bytes, .string):
            return .promote(from: writerType, to: readerType.kind)
        case let (.fixed(writerFixed), .fixed(readerFixed)):
            guard Self.namesMatch(writerFixed.name, readerName: readerFixed.name, readerAliases: readerFixed.aliases) else {
                throw fail("the writer's fixed \(writerFixed.name) does not match the reader's fixed \(readerFixed.name)")
            }
            guard writerFixed.size == readerFixed.size else {
                throw fail("fixed \(readerFixed.name) is \(writerFixed.size) bytes in the writer's schema and \(readerFixed.size) in the reader's")
            }
            return .same(writerType)
        case let (.enumeration(writerEnum), .enumeration(readerEnum)):
            guard Self.namesMatch(writerEnum.name, readerName: readerEnum.name, readerAliases: readerEnum.aliases) else {
                throw fail("the writer's enum \(writerEnum.name) does not match the reader's enum \(readerEnum.name)")
            }
            let symbols = writerEnum.symbols.map { readerEnum.symbols.contains($0) ? $0 : nil }
            return .enumeration(symbols: symbols, defaultSymbol: readerEnum.defaultSymbol, writerName: writerEnum.name.fullName)
        case let (.array(writerItems), .array(readerItems)):
            do {
                return .array(ItemPlan(plan: try plan(writerItems, readerItems), minimumWriterSize: writer.minimumEncodedSize(writerItems)))
            } catch {
                throw error.prefixed("items")
            }
        case let (.map(writerValues), .map(readerValues)):
            do { return .map(try plan(writerValues, readerValues)) } catch { throw error.prefixed("values") }
        case let (.record(writerRecord), .record(readerRecord)):
            return .record(try recordPlan(writerRecord, readerRecord))
        default:
            throw fail("the writer's \(writerType.unionBranchName) cannot be read as the reader's \(readerType.unionBranchName)")
        }
    }

    private mutating func recordPlan(_ writerRecord: AvroRecord, _ readerRecord: AvroRecord) throws(AvroError) -> Int {
        guard Self.namesMatch(writerRecord.name, readerName: readerRecord.name, readerAliases: readerRecord.aliases) else {
            throw fail("the writer's record \(writerRecord.name) does not match the reader's record \(readerRecord.name)")
        }
        let key = writerRecord.name.fullName + "\u{0}" + readerRecord.name.fullName
        if let index = recordIndexes[key] { return index }
        let index = records.count
        records.append(RecordPlan(steps: [], fieldNames: [], defaults: []))
        recordIndexes[key] = index
        do {
            records[index] = try buildRecordPlan(writerRecord, readerRecord)
        } catch {
            // A failed pairing may be retried through another union branch; its placeholder stays unused.
            recordIndexes[key] = nil
            throw error
        }
        return index
    }

    private mutating func buildRecordPlan(_ writerRecord: AvroRecord, _ readerRecord: AvroRecord) throws(AvroError) -> RecordPlan {

        var steps: [RecordPlan.Step] = []
        var matched = Set<Int>()
        for writerField in writerRecord.fields {
            let readerIndex = readerRecord.fields.firstIndex { $0.name == writerField.name }
                ?? readerRecord.fields.firstIndex { $0.aliases.contains(writerField.name) }
            guard let readerIndex, !matched.contains(readerIndex) else {
                steps.append(.skip(writerField.type, name: writerField.name))
                continue
            }
            matched.insert(readerIndex)
            let readerField = readerRecord.fields[readerIndex]
            do {
                steps.append(.read(readerIndex: readerIndex, try plan(writerField.type, readerField.type), name: readerField.name))
            } catch {
                throw error.prefixed(JSONPointer.escape(readerField.name))
            }
        }
        var defaults: [AvroValue] = []
        for (readerIndex, readerField) in readerRecord.fields.enumerated() {
            guard !matched.contains(readerIndex) else {
                defaults.append(.null)
                continue
            }
            guard let defaultJSON = readerField.defaultValue else {
                throw AvroError.unresolvable(
                    path: "/" + JSONPointer.escape(readerField.name),
                    message: "the reader's field \"\(readerField.name)\" is not in the writer's record \(writerRecord.name) and has no default")
            }
            defaults.append(try AvroValue(defaultJSON: defaultJSON, type: readerField.type, in: reader))
        }
        return RecordPlan(steps: steps, fieldNames: readerRecord.fields.map(\.name), defaults: defaults)
    }

    /// Named types match when their unqualified names are equal or a reader alias is the writer's
    /// full name (the rule Avro's Java implementation and Confluent apply).
    static func namesMatch(_ writerName: AvroName, readerName: AvroName, readerAliases: [AvroName]) -> Bool {
        writerName.name == readerName.name || readerAliases.contains { $0.fullName == writerName.fullName || $0 == writerName }
    }

    /// The reader union branch a non-union writer type resolves to: the first of the same type (and
    /// name, for named types), else the first the writer's type promotes to.
    static func matchingBranch(for writerType: AvroType, in readerBranches: [AvroType], writer: AvroSchema, reader: AvroSchema) -> Int? {
        let resolved = readerBranches.map { reader.resolve($0) }
        if let exact = resolved.firstIndex(where: { sameType(writerType, $0) }) { return exact }
        return resolved.firstIndex { promotes(writerType.kind, to: $0.kind) }
    }

    static func sameType(_ writerType: AvroType, _ readerType: AvroType) -> Bool {
        switch (writerType.kind, readerType.kind) {
        case (.null, .null), (.boolean, .boolean), (.int, .int), (.long, .long), (.float, .float), (.double, .double),
            (.bytes, .bytes), (.string, .string), (.array, .array), (.map, .map):
            return true
        case let (.record(w), .record(r)): return namesMatch(w.name, readerName: r.name, readerAliases: r.aliases)
        case let (.enumeration(w), .enumeration(r)): return namesMatch(w.name, readerName: r.name, readerAliases: r.aliases)
        case let (.fixed(w), .fixed(r)): return namesMatch(w.name, readerName: r.name, readerAliases: r.aliases) && w.size == r.size
        default: return false
        }
    }

    static func promotes(_ writerKind: AvroType.Kind, to readerKind: AvroType.Kind) -> Bool {
        switch (writerKind, readerKind) {
        case (.int, .long), (.int, .float), (.int, .double), (.long, .float), (.long, .double), (.float, .double),
            (.string, .bytes), (.bytes, .string):
            return true
        default:
            return false
        }
    }
}
