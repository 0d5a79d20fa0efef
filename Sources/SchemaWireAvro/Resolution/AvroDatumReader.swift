import OrderedCollections
import SchemaWireCore

/// Reads data written with one schema (the writer's) as values of another (the reader's),
/// following the specification's schema-resolution rules: fields matched by name or reader alias,
/// writer-only fields skipped, reader-only fields filled from their defaults, enums mapped by
/// symbol with the reader's default for unknown ones, numeric and string/bytes promotions, and
/// union branches matched by type.
///
/// Build one per (writer, reader) pair and reuse it: building does all the matching once, so
/// decoding only follows the plan. Building fails when no data could ever be resolved (a reader
/// field without default missing from the writer, mismatched types); decoding fails only for
/// data-dependent cases (a writer union branch or enum symbol the reader cannot take).
public struct AvroDatumReader: Sendable {
    /// The schema the data was written with.
    public let writer: AvroSchema
    /// The schema values are produced in.
    public let reader: AvroSchema
    let root: ResolutionPlan
    let records: [RecordPlan]

    public init(writer: AvroSchema, reader: AvroSchema) throws(AvroError) {
        self.writer = writer
        self.reader = reader
        var builder = ResolutionPlanBuilder(writer: writer, reader: reader)
        root = try builder.plan(writer.root, reader.root)
        records = builder.records
    }

    /// Decodes one writer-encoded value as a reader value; the whole input must be consumed.
    public func decode(_ bytes: [UInt8], limits: AvroDecodingLimits = .default) throws(AvroError) -> AvroValue {
        var binary = AvroBinaryReader(ByteReader(bytes), limits: limits)
        let value = try read(root, from: &binary)
        try binary.expectEnd()
        return value
    }

    /// Decodes one value from `reader`, leaving it after the value.
    public func decode(from reader: inout ByteReader, limits: AvroDecodingLimits = .default) throws(AvroError) -> AvroValue {
        var binary = AvroBinaryReader(reader, limits: limits)
        defer { reader = binary.bytes }
        return try read(root, from: &binary)
    }

    func read(_ plan: ResolutionPlan, from input: inout AvroBinaryReader) throws(AvroError) -> AvroValue {
        switch plan {
        case let .same(type):
            return try writer.decodeValue(type, from: &input)
        case let .promote(from, to):
            return try promote(try writer.decodeValue(from, from: &input), to: to, at: input.bytes.offset)
        case let .enumeration(symbols, defaultSymbol, writerName):
            let offset = input.bytes.offset
            let index = try input.int()
            guard index >= 0, Int(index) < symbols.count else {
                throw input.malformed("enum index \(index) is out of range for \(writerName)", at: offset)
            }
            if let symbol = symbols[Int(index)] ?? defaultSymbol { return .enumeration(symbol) }
            throw AvroError.unresolvable(path: "", message: "the writer's enum \(writerName) symbol at index \(index) is not in the reader's enum, which has no default")
        case let .array(items):
            var elements: [AvroValue] = []
            try input.readBlocks(minimumItemSize: items.minimumWriterSize, emptyItemWeight: items.emptyWeight) { (input, index) throws(AvroError) in
                do throws(AvroError) { elements.append(try read(items.plan, from: &input)) } catch { throw error.prefixed(String(index)) }
            }
            return .array(elements)
        case let .map(values):
            var entries = OrderedDictionary<String, AvroValue>()
            try input.readBlocks(minimumItemSize: 1) { (input, _) throws(AvroError) in
                let key = try input.string()
                do throws(AvroError) { entries[key] = try read(values, from: &input) } catch { throw error.prefixed(JSONPointer.escape(key)) }
            }
            return .map(entries)
        case let .record(index):
            try input.enter()
            defer { input.leave() }
            return try readRecord(records[index], from: &input)
        case let .writerUnion(branches, writerBranchNames):
            try input.enter()
            defer { input.leave() }
            let index = try input.unionIndex(branchCount: branches.count)
            guard let branch = branches[index] else {
                throw AvroError.unresolvable(path: "", message: "the writer's union branch \(writerBranchNames[index]) has no match in the reader's schema")
            }
            do { return try read(branch, from: &input) } catch { throw error.prefixed(writerBranchNames[index]) }
        case let .readerUnion(branch, plan):
            return .union(branch: branch, value: try read(plan, from: &input))
        }
    }

    private func readRecord(_ plan: RecordPlan, from input: inout AvroBinaryReader) throws(AvroError) -> AvroValue {
        var values = plan.defaults
        for step in plan.steps {
            switch step {
            case let .read(readerIndex, fieldPlan, name):
                do { values[readerIndex] = try read(fieldPlan, from: &input) } catch { throw error.prefixed(JSONPointer.escape(name)) }
            case let .skip(type, name):
                do { try writer.skipValue(type, in: &input) } catch { throw error.prefixed(JSONPointer.escape(name)) }
            }
        }
        return .record(OrderedDictionary(uncheckedUniqueKeys: plan.fieldNames, values: values))
    }

    private func promote(_ value: AvroValue, to target: AvroType.Kind, at offset: Int) throws(AvroError) -> AvroValue {
        switch (value, target) {
        case let (.int(int), .long): return .long(Int64(int))
        case let (.int(int), .float): return .float(Float(int))
        case let (.int(int), .double): return .double(Double(int))
        case let (.long(long), .float): return .float(Float(long))
        case let (.long(long), .double): return .double(Double(long))
        case let (.float(float), .double): return .double(Double(float))
        case let (.string(string), .bytes): return .bytes(Array(string.utf8))
        case let (.bytes(bytes), .string):
            guard let string = String(validating: bytes, as: UTF8.self) else {
                throw .malformedData(offset: offset, path: "", message: "bytes promoted to string are not valid UTF-8")
            }
            return .string(string)
        default:
            throw .unresolvable(path: "", message: "cannot promote \(value.kindName)")
        }
    }
}

/// What to do at one node when reading writer data as reader values.
indirect enum ResolutionPlan: Sendable {
    /// Writer and reader agree exactly: decode with the writer's type.
    case same(AvroType)
    /// Decode the writer's primitive, then widen it.
    case promote(from: AvroType, to: AvroType.Kind)
    /// Writer enum index → reader symbol (nil where the reader lacks it).
    case enumeration(symbols: [String?], defaultSymbol: String?, writerName: String)
    case array(ItemPlan)
    case map(ResolutionPlan)
    /// Index into ``AvroDatumReader/records``.
    case record(Int)
    /// Per writer branch: how to read it (nil when the reader has no matching branch).
    case writerUnion([ResolutionPlan?], names: [String])
    /// A non-union writer value read into reader union branch `branch`.
    case readerUnion(branch: Int, ResolutionPlan)
}

struct ItemPlan: Sendable {
    var plan: ResolutionPlan
    var minimumWriterSize: Int
    /// What one writer item of no bytes is charged against ``AvroDecodingLimits/maximumEmptyItems``:
    /// the writer's values and the reader's it becomes.
    var emptyWeight: Int
}

struct RecordPlan: Sendable {
    enum Step: Sendable {
        case read(readerIndex: Int, ResolutionPlan, name: String)
        case skip(AvroType, name: String)
    }
    var steps: [Step]
    var fieldNames: [String]
    /// Reader field values before reading: defaults for fields the writer lacks.
    var defaults: [AvroValue]
}
