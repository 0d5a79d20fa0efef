import OrderedCollections
import SchemaWireAvro
import SchemaWireCore

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

/// Random Avro schemas and values covering every type, every logical type and recursive records,
/// for agreement tests against reference implementations.
public struct RandomAvro {
    public var generator: SeededGenerator
    private var nameCounter = 0
    /// Floats and doubles include NaN, ±∞ and −0. Off by default: NaN is not equal to itself, so
    /// compare bytes, not values, when it is on; and Avro's JSON encoding has no spelling for them.
    public var specialFloats = false
    /// Records may refer back to themselves or to an enclosing record, behind null. Off by default:
    /// a consumer of the schemas must follow references (``SchemaEvolver`` renames types and does
    /// not).
    public var recursion = false
    /// Records being generated, innermost last: a field may refer back to one of them, and values
    /// stop recursing past ``maximumValueDepth``.
    private var openRecords: [AvroName] = []
    private var valueDepth = 0
    /// How deep a value nests through recursive references before it takes the null branch.
    public var maximumValueDepth = 4

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
        let name = freshName("Record")
        openRecords.append(name)
        defer { openRecords.removeLast() }
        let count = Int.random(in: 1...6, using: &generator)
        var fields = (0..<count).map { index in AvroField(name: "f\(index)", type: type(depth: depth - 1)) }
        // Sometimes a field refers back to this record or one enclosing it, behind null (a
        // linked list, a tree): the only way a value of it can end. Only within one namespace:
        // Avro's JSON cannot name a type of no namespace from inside a namespace.
        if recursion, Int.random(in: 0..<4, using: &generator) == 0,
            let target = openRecords.filter({ $0.namespace == name.namespace }).randomElement(using: &generator)
        {
            let reference = AvroType(.reference(target.fullName))
            fields.append(AvroField(name: "f\(count)", type: .union(Bool.random(using: &generator) ? [.null, reference] : [reference, .null])))
        }
        return AvroType(.record(AvroRecord(name: name, fields: fields)))
    }

    /// A primitive or fixed node annotated with a logical type.
    private mutating func logical() -> AvroType {
        switch Int.random(in: 0..<12, using: &generator) {
        case 0:
            let precision = Int.random(in: 1...18, using: &generator)
            return AvroType(.bytes, logicalType: .decimal(precision: precision, scale: Int.random(in: 0...min(precision, 6), using: &generator)))
        case 1:
            let precision = Int.random(in: 1...18, using: &generator)
            return AvroType(
                .fixed(AvroFixed(name: freshName("Decimal"), size: 8)),
                logicalType: .decimal(precision: precision, scale: Int.random(in: 0...min(precision, 6), using: &generator)))
        case 2: return AvroType(.string, logicalType: .uuid)
        case 3: return AvroType(.int, logicalType: .date)
        case 4: return AvroType(.int, logicalType: .timeMillis)
        case 5: return AvroType(.long, logicalType: .timeMicros)
        case 6: return AvroType(.long, logicalType: .timestampMillis)
        case 7: return AvroType(.long, logicalType: .timestampMicros)
        case 8: return AvroType(.long, logicalType: .timestampNanos)
        case 9: return AvroType(.long, logicalType: .localTimestampMillis)
        case 10: return AvroType(.long, logicalType: .localTimestampMicros)
        default: return AvroType(.fixed(AvroFixed(name: freshName("Duration"), size: 12)), logicalType: .duration)
        }
    }

    public mutating func type(depth: Int) -> AvroType {
        let primitives: [AvroType] = [.null, .boolean, .int, .long, .float, .double, .bytes, .string]
        let choice = Int.random(in: 0..<(depth > 0 ? 16 : 12), using: &generator)
        if choice >= 14 || (depth <= 0 && choice >= 10) { return logical() }
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
        if let logical = type.logicalType, let value = value(of: logical, for: type) { return value }
        switch type.kind {
        case .null: return .null
        case .boolean: return .boolean(Bool.random(using: &generator))
        case .int: return .int(interesting(Int32.self))
        case .long: return .long(interesting(Int64.self))
        case .float:
            if specialFloats, let special = [Float.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude].randomElement(using: &generator),
                Int.random(in: 0..<3, using: &generator) == 0
            {
                return .float(special)
            }
            return .float(Float.random(in: -1e6...1e6, using: &generator))
        case .double:
            if specialFloats, let special = [Double.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude].randomElement(using: &generator),
                Int.random(in: 0..<3, using: &generator) == 0
            {
                return .double(special)
            }
            return .double(Double.random(in: -1e12...1e12, using: &generator))
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
            valueDepth += 1
            defer { valueDepth -= 1 }
            var fields = OrderedDictionary<String, AvroValue>()
            for field in record.fields { fields[field.name] = value(of: field.type, in: schema) }
            return .record(fields)
        case let .union(branches):
            // Deep enough: a union holding null ends a recursive value there.
            if valueDepth >= maximumValueDepth, let null = branches.firstIndex(where: { $0.kind == .null }) {
                return .union(branch: null, value: .null)
            }
            let index = Int.random(in: 0..<branches.count, using: &generator)
            return .union(branch: index, value: value(of: branches[index], in: schema))
        case .reference:
            return .null
        }
    }

    /// A value of a logical type that every peer can turn into its own type and back: decimals
    /// as the minimal two's complement (sign-extended in a fixed), lowercase version-4 UUIDs, dates
    /// and timestamps between the years 1 and 9999, times within a day.
    private mutating func value(of logical: AvroLogicalType, for type: AvroType) -> AvroValue? {
        func long(_ range: ClosedRange<Int64>) -> AvroValue { .long(Int64.random(in: range, using: &generator)) }
        switch logical {
        case let .decimal(precision, _):
            var limit: Int64 = 1
            for _ in 0..<min(precision, 18) { limit *= 10 }
            let unscaled = Int64.random(in: -(limit - 1)...(limit - 1), using: &generator)
            let bigEndian = (0..<8).map { UInt8(truncatingIfNeeded: unscaled >> (8 * (7 - $0))) }
            if case let .fixed(fixed) = type.kind {
                // Sign-extended to the fixed's size (a valid schema's precision fits it).
                let sign: UInt8 = unscaled < 0 ? 0xFF : 0x00
                return .fixed(fixed.size >= 8 ? Array(repeating: sign, count: fixed.size - 8) + bigEndian : Array(bigEndian.suffix(fixed.size)))
            }
            // Minimal: drop leading bytes that only repeat the sign.
            var start = 0
            while start < 7, (bigEndian[start] == 0x00 && bigEndian[start + 1] < 0x80) || (bigEndian[start] == 0xFF && bigEndian[start + 1] >= 0x80) {
                start += 1
            }
            return .bytes(Array(bigEndian[start...]))
        case .uuid:
            var raw = bytes(16)
            raw[6] = raw[6] & 0x0F | 0x40
            raw[8] = raw[8] & 0x3F | 0x80
            let hex = raw.hexString
            let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
            return .string(parts.joined(separator: "-"))
        case .date: return .int(Int32.random(in: -719_162...2_932_896, using: &generator))
        case .timeMillis: return .int(Int32.random(in: 0...86_399_999, using: &generator))
        case .timeMicros: return long(0...86_399_999_999)
        case .timestampMillis, .localTimestampMillis: return long(-62_135_596_800_000...253_402_300_799_999)
        case .timestampMicros, .localTimestampMicros: return long(-62_135_596_800_000_000...253_402_300_799_999_999)
        case .timestampNanos, .localTimestampNanos: return long(Int64.min...Int64.max)
        case .duration: return .fixed(bytes(12))
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
