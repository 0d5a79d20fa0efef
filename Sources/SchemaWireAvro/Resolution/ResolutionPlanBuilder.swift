import SchemaWireCore

/// Builds a ``ResolutionPlan`` by matching a writer schema against a reader schema once.
struct ResolutionPlanBuilder {
    let writer: AvroSchema
    let reader: AvroSchema
    /// Record plans by index; an empty placeholder while a record is being built, so that a
    /// recursive reference can already name its index.
    var records: [RecordPlan] = []
    private var recordIndexes: [String: Int] = [:]
    /// Record pairings that failed, so that a pairing met again through other union branches is
    /// refused at once instead of being worked out again (which could repeat exponentially).
    private var failedPairings: [String: AvroError] = [:]
    private var depth = 0
    /// The deepest the walk over both schemas together may go (each is at most
    /// ``AvroSchemaShape/maximumDepth`` deep, but recursive records can pair up at new depths).
    static let maximumDepth = 2 * AvroSchemaShape.maximumDepth

    init(writer: AvroSchema, reader: AvroSchema) {
        self.writer = writer
        self.reader = reader
    }

    func fail(_ message: String) -> AvroError { .unresolvable(path: "", message: message) }

    mutating func plan(_ writerDeclared: AvroType, _ readerDeclared: AvroType) throws(AvroError) -> ResolutionPlan {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw .limitExceeded(LimitExceeded(
                setting: "ResolutionPlanBuilder.maximumDepth", limit: Self.maximumDepth, counted: "levels of writer and reader types resolved together"))
        }
        let writerType = writer.resolve(writerDeclared)
        let readerType = reader.resolve(readerDeclared)
        if case let .union(writerBranches) = writerType.kind {
            // The reader's union is indexed once for all the writer's branches.
            let readerUnion = readerType.isUnion ? UnionIndex(readerType, in: reader) : nil
            var branches: [ResolutionPlan?] = []
            for branch in writerBranches {
                do {
                    if let readerUnion {
                        branches.append(try planBranch(writer.resolve(branch), into: readerUnion))
                    } else {
                        branches.append(try plan(branch, readerType))
                    }
                } catch let error where error.isLimit {
                    throw error
                } catch {
                    // Data-dependent: only an error if the writer actually used this branch.
                    branches.append(nil)
                }
            }
            // An empty union has no values: there is nothing to resolve, and nothing to refuse.
            if !writerBranches.isEmpty && !branches.contains(where: { $0 != nil }) {
                throw fail("no branch of the writer's union matches the reader's \(readerType.unionBranchName)")
            }
            return .writerUnion(branches, names: writerBranches.map(\.unionBranchName))
        }
        if readerType.isUnion {
            return try planBranch(writerType, into: UnionIndex(readerType, in: reader))
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
            let symbols = writerEnum.symbols.map { reader.index(of: $0, in: readerEnum) != nil ? $0 : nil }
            return .enumeration(symbols: symbols, defaultSymbol: readerEnum.defaultSymbol, writerName: writerEnum.name.fullName)
        case let (.array(writerItems), .array(readerItems)):
            do {
                let minimum = writer.minimumEncodedSize(writerItems)
                // A writer item of no bytes still becomes a whole reader value, defaults and all.
                let weight = minimum == 0 ? writer.emptyValueWeight(writerItems) + reader.valueCount(readerItems) : 1
                return .array(ItemPlan(plan: try plan(writerItems, readerItems), minimumWriterSize: minimum, emptyWeight: weight))
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
        if let failure = failedPairings[key] { throw failure }
        let index = records.count
        records.append(RecordPlan(steps: [], fieldNames: [], defaults: []))
        recordIndexes[key] = index
        do {
            records[index] = try buildRecordPlan(writerRecord, readerRecord)
        } catch {
            // Another union branch may still resolve; this pairing's placeholder stays unused.
            recordIndexes[key] = nil
            failedPairings[key] = error
            throw error
        }
        return index
    }

    private mutating func buildRecordPlan(_ writerRecord: AvroRecord, _ readerRecord: AvroRecord) throws(AvroError) -> RecordPlan {

        var steps: [RecordPlan.Step] = []
        var matched = Set<Int>()
        let readerFields = FieldIndex(readerRecord)
        for writerField in writerRecord.fields {
            let readerIndex = readerFields.index(matching: writerField.name)
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

    /// The plan for a non-union writer type read into the reader union `union`.
    private mutating func planBranch(_ writerType: AvroType, into union: UnionIndex) throws(AvroError) -> ResolutionPlan {
        guard let index = union.matchingBranch(for: writerType) else {
            throw fail("the writer's \(writerType.unionBranchName) matches no branch of the reader's union [\(union.branchNames)]")
        }
        return .readerUnion(branch: index, try plan(writerType, union.branches[index]))
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
