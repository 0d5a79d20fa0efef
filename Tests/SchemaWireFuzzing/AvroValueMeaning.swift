import SchemaWireAvro

extension AvroValue {
    /// Whether two values mean the same: floats compared bit for bit (NaN is itself), maps as
    /// unordered (Swift dictionaries encode in an order of their own).
    func means(_ other: AvroValue) -> Bool {
        switch (self, other) {
        case let (.float(a), .float(b)): return a.bitPattern == b.bitPattern
        case let (.double(a), .double(b)): return a.bitPattern == b.bitPattern
        case let (.record(a), .record(b)):
            return a.keys == b.keys && zip(a.values, b.values).allSatisfy { $0.means($1) }
        case let (.map(a), .map(b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map(value.means) ?? false }
        case let (.array(a), .array(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.means($1) }
        case let (.union(i, a), .union(j, b)): return i == j && a.means(b)
        default: return self == other
        }
    }
}
