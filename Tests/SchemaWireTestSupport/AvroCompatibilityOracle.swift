import Foundation

/// Apache Avro's own compatibility checker (the Python port of Java's `SchemaCompatibility`, from
/// the `avro` package that `scripts/bootstrap` installs) as a test oracle.
public enum AvroCompatibilityOracle {
    /// The reference verdict for one reader/writer pair.
    public struct Verdict: Equatable, CustomStringConvertible {
        public var compatible: Bool
        /// Incompatibility kinds, upper-case as Java names them, sorted.
        public var kinds: [String]
        /// Locations (JSON Pointers into the reader), sorted.
        public var locations: [String]
        public var description: String { "\(compatible ? "compatible" : "incompatible") \(kinds) \(locations)" }

        public init(compatible: Bool, kinds: [String], locations: [String]) {
            self.compatible = compatible
            self.kinds = kinds
            self.locations = locations
        }
    }

    /// The reference verdict for each (reader JSON, writer JSON) pair, in one Python process.
    public static func verdicts(_ pairs: [(reader: String, writer: String)]) throws -> [Verdict] {
        let script = """
            import sys, json
            import avro.schema
            from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType
            for line in sys.stdin:
                pair = json.loads(line)
                result = ReaderWriterCompatibilityChecker().get_compatibility(
                    avro.schema.parse(pair[0]), avro.schema.parse(pair[1]))
                print(json.dumps({
                    "compatible": result.compatibility == SchemaCompatibilityType.compatible,
                    "kinds": sorted(k.value.upper() for k in result.incompatibilities),
                    "locations": sorted(result.locations)}))
            """
        let input = try pairs.map { pair -> String in
            String(decoding: try JSONSerialization.data(withJSONObject: [pair.reader, pair.writer]), as: UTF8.self)
        }.joined(separator: "\n") + "\n"
        let output = try PythonOracle.run(script, input: Array(input.utf8))
        return try String(decoding: output, as: UTF8.self).split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let compatible = object["compatible"] as? Bool, let kinds = object["kinds"] as? [String],
                let locations = object["locations"] as? [String]
            else { throw PythonOracle.Failure(description: "unexpected oracle output: \(line)") }
            return Verdict(compatible: compatible, kinds: kinds, locations: locations)
        }
    }
}
