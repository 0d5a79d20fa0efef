import OrderedCollections
import SchemaWireAvro

/// A small, fast, seedable generator (SplitMix64) so that property tests are reproducible: a
/// failing seed is reported and reruns the same case.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random Avro schemas and values covering every type, for agreement tests against reference
/// implementations.
public struct RandomAvro {
    public var generator: SeededGenerator
    private var nameCounter = 0

    public init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    private mutating func freshName(_ prefix: String) -> AvroName {
        nameCounter += 1
        return AvroName(name: "\(prefix)\(nameCounter)", namespace: Bool.random(using: &generator) ? "com.example.gen" : nil)
    }

    /// A random schema whose root is a record, nesting at most `depth` levels.
    public mutating func schema(depth: Int = 3) throws -> AvroSchema {
        try AvroSchema(root: record(depth: depth))
    }

    private mutating func record(depth: Int) -> AvroType {
        let count = Int.random(in: 1...6, using: &generator)
        let fields = (0..<count).map { index in AvroField(name: "f\(index)", type: type(depth: depth - 1)) }
        return AvroType(.record(AvroRecord(name: freshName("Record"), fields: fields)))
    }

    public mutating func type(depth: Int) -> AvroType {
        let primitives: [AvroType] = [.null, .boolean, .int, .long, .float, .double, .bytes, .string]
        let choice = Int.random(in: 0..<(depth > 0 ? 14 : 10), using: &generator)
        switch choice {
        case 0..<8: return primitives[choice]
        case 8:
            let symbols = (0..<Int.random(in: 1...5, using: &generator)).map { "S\($0)" }
            return AvroType(.enumeration(AvroEnum(name: freshName("Enum"), symbols: symbols)))
        case 9: return AvroType(.fixed(AvroFixed(name: freshName("Fixed"), size: Int.random(in: 1...16, using: &generator))))
        case 10: return .array(type(depth: depth - 1))
        case 11: return .map(type(depth: depth - 1))
        case 12: return record(depth: depth - 1)
        default:
            // A union of null and one or two other distinct, non-union types.
            var branches: [AvroType] = [.null]
            var names: Set<String> = ["null"]
            for _ in 0..<Int.random(in: 1...2, using: &generator) {
                let branch = type(depth: depth - 1)
                guard !branch.isUnion, names.insert(branch.unionBranchName).inserted else { continue }
                branches.append(branch)
            }
            if Bool.random(using: &generator) { branches.reverse() }
            return .union(branches)
        }
    }

    public mutating func value(of declared: AvroType, in schema: AvroSchema) -> AvroValue {
        let type = schema.resolve(declared)
        switch type.kind {
        case .null: return .null
        case .boolean: return .boolean(Bool.random(using: &generator))
        case .int: return .int(interesting(Int32.self))
        case .long: return .long(interesting(Int64.self))
        case .float: return .float(Float.random(in: -1e6...1e6, using: &generator))
        case .double: return .double(Double.random(in: -1e12...1e12, using: &generator))
        case .bytes: return .bytes(bytes(Int.random(in: 0...20, using: &generator)))
        case .string: return .string(string())
        case let .fixed(fixed): return .fixed(bytes(fixed.size))
        case let .enumeration(enumeration): return .enumeration(enumeration.symbols.randomElement(using: &generator)!)
        case let .array(items):
            return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in value(of: items, in: schema) })
        case let .map(values):
            var entries = OrderedDictionary<String, AvroValue>()
            for index in 0..<Int.random(in: 0...4, using: &generator) { entries["k\(index)-\(string().filter { $0 != "\u{0}" })"] = value(of: values, in: schema) }
            return .map(entries)
        case let .record(record):
            var fields = OrderedDictionary<String, AvroValue>()
            for field in record.fields { fields[field.name] = value(of: field.type, in: schema) }
            return .record(fields)
        case let .union(branches):
            let index = Int.random(in: 0..<branches.count, using: &generator)
            return .union(branch: index, value: value(of: branches[index], in: schema))
        case .reference:
            return .null
        }
    }

    private mutating func interesting<T: FixedWidthInteger>(_: T.Type) -> T {
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: return T.min
        case 1: return T.max
        case 2: return 0
        case 3: return -1
        default: return T.random(in: T.min...T.max, using: &generator)
        }
    }

    private mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// A short string mixing ASCII, escapes, multi-byte UTF-8 and NUL. (Map keys drop NUL: avro-c
    /// stores them as C strings.)
    private mutating func string() -> String {
        let alphabet: [Character] = ["a", "Z", "0", " ", "é", "한", "글", "😀", "\"", "\\", "\n", "\u{0}"]
        return String((0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
