// The registry's pre-registration check at scale: a 50-field record checked against 20 earlier
// versions at BACKWARD_TRANSITIVE and FULL_TRANSITIVE (every version, both directions).
import Benchmark
import BenchmarkSupport
import SchemaWireAvro
import SchemaWireCore

/// Version `version` of a 50-field record: 30 fields every version has, then one optional field
/// (with a default) per version, so each version is compatible with all the others.
func version(_ version: Int) -> AvroSchema {
    let types = ["string", "long", "double", "boolean", "bytes"]
    var fields = (0..<30).map { #"{"name": "f\#($0)", "type": "\#(types[$0 % types.count])"}"# }
    fields += (0..<(version)).map { #"{"name": "added\#($0)", "type": ["null", "string"], "default": null}"# }
    fields += [#"{"name": "nested", "type": {"type": "record", "name": "Nested", "fields": [{"name": "a", "type": "int"}, {"name": "tags", "type": {"type": "map", "values": "string"}}]}}"#]
    return try! AvroSchema(parsing: #"{"type": "record", "name": "Wide", "namespace": "bench", "fields": [\#(fields.joined(separator: ", "))]}"#)
}

let benchmarks: @Sendable () -> Void = {
    BenchmarkDefaults.apply()
    let history = (0..<20).map { (label: String($0 + 1), schema: version($0)) }
    let candidate = version(19)  // 30 + 19 + 1 = 50 fields
    precondition(candidate.compatibility(against: history, level: .fullTransitive).isCompatible)

    Benchmark("Compatibility 50 fields vs 20 versions, BACKWARD_TRANSITIVE") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(candidate.compatibility(against: history, level: .backwardTransitive)) }
    }
    Benchmark("Compatibility 50 fields vs 20 versions, FULL_TRANSITIVE") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(candidate.compatibility(against: history, level: .fullTransitive)) }
    }
}
