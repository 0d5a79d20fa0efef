/// What the decoders must know of a schema's named types to keep hostile input within bounds,
/// computed once when the schema is built so that decoding never walks the schema again.
///
/// - The fewest bytes a value takes on the wire bounds how many items a block can claim in the
///   bytes that remain.
/// - Values that take no bytes at all (`null`, `fixed(0)`, records of nothing but those) cost
///   nothing to claim, so each is weighted by the number of values it holds and charged to the
///   message's ``AvroDecodingLimits/maximumEmptyItems``.
/// - The depth of named types nested in named types bounds every walk over the schema, so a chain
///   of thousands of records naming each other is refused when parsed rather than overflowing a
///   stack later.
struct AvroSchemaShape: Sendable {
    /// The fewest bytes a value of each named type takes.
    private(set) var minimumSizes: [String: Int] = [:]
    /// For named types whose values can take no bytes: how many values one such value holds.
    private(set) var emptyWeights: [String: Int] = [:]
    /// For records: how many values a value holds counting only nested records' fields (what a
    /// reader builds from defaults when the writer's bytes hold nothing).
    private(set) var valueCounts: [String: Int] = [:]
    /// For enums of more than ``indexedSymbols`` symbols: each symbol's index (the parser's, built
    /// while it looked for duplicates), so that reading or writing a symbol costs the same whatever
    /// the enum's size.
    let symbolIndexes: [String: [String: Int]]
    /// Enums of at most this many symbols are searched instead.
    static let indexedSymbols = 8
    /// Field defaults as values, by record full name and field name, parsed once for all values.
    var defaults: [String: [String: AvroValue]] = [:]

    /// The most levels a chain of types may nest, through named types as well as inline.
    static let maximumDepth = 256

    private var depths: [String: Int] = [:]
    private var inProgress: Set<String> = []
    private var stack = 0

    /// Measures every named type of `namedTypes`, refusing a schema whose types nest deeper than
    /// ``maximumDepth`` (the error names the type where the walk gave up).
    init(root: AvroType, namedTypes: [String: AvroType], symbolIndexes: [String: [String: Int]]) throws(AvroError) {
        self.symbolIndexes = symbolIndexes
        _ = try nodeDepth(root, in: namedTypes)
        for name in namedTypes.keys.sorted() where depths[name] == nil {
            _ = try nodeDepth(AvroType(.reference(name)), in: namedTypes)
        }
    }

    /// The fewest bytes a value of `type` takes, with named types looked up rather than walked.
    func minimumSize(_ type: AvroType) -> Int {
        switch type.kind {
        case .null: return 0
        case .boolean, .int, .long, .bytes, .string, .enumeration, .array, .map, .union: return 1
        case .float: return 4
        case .double: return 8
        case let .fixed(fixed): return fixed.size
        case let .record(record): return minimumSizes[record.name.fullName] ?? 1
        case let .reference(name): return minimumSizes[name] ?? 1
        }
    }

    /// How many values one zero-byte value of `type` holds (1 for types whose values take bytes).
    func emptyWeight(_ type: AvroType) -> Int {
        guard let name = type.fullName else { return 1 }
        return emptyWeights[name] ?? 1
    }

    /// The index of `symbol` in `enumeration`, or nil when it is not one of its symbols.
    func index(of symbol: String, in enumeration: AvroEnum) -> Int? {
        guard let index = symbolIndexes[enumeration.name.fullName] else { return enumeration.symbols.firstIndex(of: symbol) }
        return index[symbol]
    }

    /// How many values a value of `type` holds through nested records (1 for other types).
    func valueCount(_ type: AvroType) -> Int {
        guard let name = type.fullName else { return 1 }
        return valueCounts[name] ?? 1
    }

    /// Depth, minimum size and empty weight of one named type, walking its definition once.
    private mutating func measure(_ name: String, in namedTypes: [String: AvroType]) throws(AvroError) -> Int {
        if let depth = depths[name] { return depth }
        // A type met again while it is being measured is recursive: the cycle adds no depth here,
        // and a walk over real data meets it again only as deep as the data nests.
        guard !inProgress.contains(name), let definition = namedTypes[name] else { return 0 }
        inProgress.insert(name)
        defer { inProgress.remove(name) }
        var depth = 1
        if case let .record(record) = definition.kind {
            var size = 0
            var weight = 1
            var count = 1
            for field in record.fields {
                depth = max(depth, 1 + (try nodeDepth(field.type, in: namedTypes)))
                // A field of a record still being measured counts one byte and one value: a finite
                // value of a recursive record ends in a union branch or an empty array.
                let recursive = inProgress.contains(field.type.fullName ?? "")
                let fieldSize = recursive ? 1 : minimumSize(field.type)
                size = min(size + fieldSize, Int.max / 2)
                if fieldSize == 0 { weight = min(weight + emptyWeight(field.type), Int.max / 2) }
                count = min(count + (recursive ? 1 : valueCount(field.type)), Int.max / 2)
            }
            minimumSizes[name] = size
            valueCounts[name] = count
            if size == 0 { emptyWeights[name] = weight }
        } else {
            minimumSizes[name] = minimumSize(definition)
        }
        depths[name] = depth
        return depth
    }

    /// The depth of a type node, measuring the named types it uses; the walk itself is what the
    /// depth limit bounds, inline and through names alike.
    private mutating func nodeDepth(_ type: AvroType, in namedTypes: [String: AvroType]) throws(AvroError) -> Int {
        stack += 1
        defer { stack -= 1 }
        let depth: Int
        if stack <= Self.maximumDepth {
            switch type.kind {
            case .null, .boolean, .int, .long, .float, .double, .bytes, .string: depth = 1
            case let .record(record): depth = try measure(record.name.fullName, in: namedTypes)
            case let .enumeration(enumeration): depth = try measure(enumeration.name.fullName, in: namedTypes)
            case let .fixed(fixed): depth = try measure(fixed.name.fullName, in: namedTypes)
            case let .reference(name): depth = try measure(name, in: namedTypes)
            case let .array(items): depth = 1 + (try nodeDepth(items, in: namedTypes))
            case let .map(values): depth = 1 + (try nodeDepth(values, in: namedTypes))
            case let .union(branches):
                var deepest = 0
                for branch in branches { deepest = max(deepest, try nodeDepth(branch, in: namedTypes)) }
                depth = 1 + deepest
            }
        } else {
            depth = stack
        }
        // Depths of named types measured earlier add up without deepening this walk, so the
        // result is checked as well as the walk.
        guard depth <= Self.maximumDepth else {
            throw .invalidSchema(
                path: "", message: "types nest deeper than \(Self.maximumDepth) levels (counting named types used by name) at \(type.unionBranchName)")
        }
        return depth
    }
}
