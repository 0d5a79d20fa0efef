import SchemaWireAvro
import SchemaWireCore
import SchemaWireTestSupport
import XCTest

final class AvroCompatibilityTests: XCTestCase {
    func parse(_ text: String, _ rule: String) throws -> AvroSchema {
        do { return try AvroSchema(parsing: text) } catch {
            XCTFail("\(rule): \(error)")
            throw error
        }
    }

    func testCorpusIsLargeEnough() {
        XCTAssertGreaterThanOrEqual(allEvolutionCases.count + historyCases.count, 150)
    }

    /// Every evolution row at BACKWARD, FORWARD, FULL and NONE.
    func testEvolutionCorpusAtEveryNonTransitiveLevel() throws {
        for row in allEvolutionCases {
            let old = try parse(row.old, row.rule)
            let new = try parse(row.new, row.rule)
            let expected: [CompatibilityLevel: Bool] = [
                .backward: row.backward, .forward: row.forward, .full: row.backward && row.forward, .none: true,
                .backwardTransitive: row.backward, .forwardTransitive: row.forward, .fullTransitive: row.backward && row.forward,
            ]
            for (level, verdict) in expected {
                let result = new.compatibility(against: [("1", old)], level: level)
                XCTAssertEqual(result.isCompatible, verdict, "\(row.rule) at \(level.rawValue): \(result.incompatibilities)")
            }
            let full = new.compatibility(against: [("1", old)], level: .full)
            XCTAssertEqual(Set(full.incompatibilities.map(\.kind.rawValue)), row.kinds, row.rule)
            for incompatibility in full.incompatibilities {
                XCTAssertFalse(incompatibility.message.isEmpty)
                XCTAssertFalse(incompatibility.hint.isEmpty)
            }
        }
    }

    func testHistoriesAtEveryLevel() throws {
        for history in historyCases {
            let versions = try history.versions.enumerated().map { ("\($0.offset + 1)", try parse($0.element, history.rule)) }
            let new = try parse(history.new, history.rule)
            for (levelName, verdict) in history.verdicts {
                let level = try XCTUnwrap(CompatibilityLevel(rawValue: levelName))
                let result = new.compatibility(against: versions, level: level)
                XCTAssertEqual(result.isCompatible, verdict, "\(history.rule) at \(levelName): \(result.incompatibilities)")
                if level.isTransitive { XCTAssertEqual(result.checkedVersions.count, level == .none ? 0 : versions.count) }
            }
        }
    }

    /// Apache Avro's reference checker must agree with ours on every row, in both directions: same
    /// verdict, same kinds, same locations.
    func testAgreesWithApacheAvroOnTheCorpus() throws {
        var pairs: [(reader: String, writer: String)] = []
        var ours: [AvroCompatibilityOracle.Verdict] = []
        for row in allEvolutionCases {
            let old = try parse(row.old, row.rule)
            let new = try parse(row.new, row.rule)
            for (reader, writer) in [(new, old), (old, new)] {
                pairs.append((reader.jsonString(), writer.jsonString()))
                ours.append(verdict(reader: reader, writer: writer))
            }
        }
        let reference = try AvroCompatibilityOracle.verdicts(pairs)
        XCTAssertEqual(reference.count, pairs.count)
        for (index, (mine, theirs)) in zip(ours, reference).enumerated() {
            let row = allEvolutionCases[index / 2]
            assertAgrees(mine, theirs, "\(row.rule) (\(index % 2 == 0 ? "backward" : "forward"))")
        }
    }

    /// Random evolutions of random schemas, checked by both implementations.
    func testAgreesWithApacheAvroOnRandomEvolutions() throws {
        var pairs: [(reader: String, writer: String)] = []
        var ours: [AvroCompatibilityOracle.Verdict] = []
        for seed in 0..<300 {
            var random = RandomAvro(seed: UInt64(seed) &+ 90_000)
            let base = try random.schema(depth: 3)
            var evolver = SchemaEvolver(seed: UInt64(seed))
            let evolved = try evolver.evolve(base)
            for (reader, writer) in [(evolved, base), (base, evolved)] {
                pairs.append((reader.jsonString(), writer.jsonString()))
                ours.append(verdict(reader: reader, writer: writer))
            }
        }
        let reference = try AvroCompatibilityOracle.verdicts(pairs)
        var incompatible = 0
        for (index, (mine, theirs)) in zip(ours, reference).enumerated() {
            assertAgrees(mine, theirs, "pair \(index): reader \(pairs[index].reader) writer \(pairs[index].writer)")
            if !theirs.compatible { incompatible += 1 }
        }
        // The evolutions must exercise both verdicts to mean anything.
        XCTAssertGreaterThan(incompatible, 50)
        XCTAssertLessThan(incompatible, pairs.count - 50)
    }

    /// Apache Avro's Python port adds "/" to the locations of compatible sub-checks it merges, and
    /// reports only "/" for some nested type mismatches; every location it names must be ours too.
    func assertAgrees(_ mine: AvroCompatibilityOracle.Verdict, _ theirs: AvroCompatibilityOracle.Verdict, _ message: String) {
        XCTAssertEqual(mine.compatible, theirs.compatible, "\(message): ours \(mine), Avro's \(theirs)")
        XCTAssertEqual(mine.kinds, theirs.kinds, "\(message): ours \(mine), Avro's \(theirs)")
        let named = theirs.locations.filter { $0 != "/" }
        if !theirs.compatible && !named.isEmpty {
            XCTAssertTrue(Set(named).isSubset(of: mine.locations), "\(message): ours \(mine), Avro's \(theirs)")
        }
    }

    func verdict(reader: AvroSchema, writer: AvroSchema) -> AvroCompatibilityOracle.Verdict {
        let roles = CompatibilityPolicy.Roles(reader: "reader", writer: "writer", direction: .newReadsOld, version: "1")
        let found = AvroSchema.incompatibilities(reader: reader, writer: writer, roles: roles)
        return AvroCompatibilityOracle.Verdict(
            compatible: found.isEmpty, kinds: found.map(\.kind.rawValue).sorted(),
            locations: found.map { $0.path.isEmpty ? "/" : $0.path }.sorted())
    }

    func testMessagesSayWhatWhereAndHowToFix() throws {
        let old = try AvroSchema(parsing: record(field("id", "\"string\"")))
        let new = try AvroSchema(parsing: record(field("id", "\"string\""), field("email", "\"string\"")))
        let result = new.compatibility(against: [("3", old)])
        XCTAssertEqual(result.level, .backward)
        let finding = try XCTUnwrap(result.incompatibilities.first)
        XCTAssertEqual(finding.kind, .readerFieldMissingDefaultValue)
        XCTAssertEqual(finding.path, "/fields/1")
        XCTAssertEqual(finding.version, "3")
        XCTAssertEqual(finding.direction, .newReadsOld)
        XCTAssertEqual(finding.message, "Field \"email\" of R in the new schema has no default, and version 3 does not write it.")
        XCTAssertTrue(finding.hint.contains("default"))
        XCTAssertEqual(finding.readerFragment, #"{"type":"record","name":"R","fields":[{"name":"id","type":"string"},{"name":"email","type":"string"}]}"#)
    }

    func testDeeplyRecursiveSchemasTerminate() throws {
        let tree = try AvroSchema(parsing: record(
            field("left", #"["null", "T"]"#, "null"), field("right", #"["null", "T"]"#, "null"),
            field("kids", array(map("\"T\""))), name: "T"))
        XCTAssertTrue(tree.compatibility(against: [("1", tree)], level: .fullTransitive).isCompatible)
    }
}
