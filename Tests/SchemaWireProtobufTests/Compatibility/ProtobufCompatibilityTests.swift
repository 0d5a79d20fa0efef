import SchemaWireCore
import SchemaWireProtobuf
import XCTest

/// The table of Protobuf schema changes, each checked at BACKWARD and FORWARD (and FULL, their
/// union) against the kinds Confluent Schema Registry's diff reports.
final class ProtobufCompatibilityTests: XCTestCase {
    func kinds(_ result: CompatibilityResult) -> [String] { result.incompatibilities.map(\.kind.rawValue).sorted() }

    func testTableOfChanges() throws {
        XCTAssertGreaterThanOrEqual(protobufCompatibilityCases.count, 60)
        for row in protobufCompatibilityCases {
            let old = try ProtoSchema(parsing: row.old, path: "schema.proto", references: row.oldImports)
            let new = try ProtoSchema(parsing: row.new, path: "schema.proto", references: row.newImports)
            let backward = new.compatibility(against: [("1", old)], level: .backward)
            XCTAssertEqual(kinds(backward), row.backward.sorted(), "BACKWARD: \(row.name)\n\(backward.incompatibilities.map(\.description).joined(separator: "\n"))")
            let forward = new.compatibility(against: [("1", old)], level: .forward)
            XCTAssertEqual(kinds(forward), row.forward.sorted(), "FORWARD: \(row.name)\n\(forward.incompatibilities.map(\.description).joined(separator: "\n"))")
            let full = new.compatibility(against: [("1", old)], level: .full)
            XCTAssertEqual(kinds(full), (row.backward + row.forward).sorted(), "FULL: \(row.name)")
            XCTAssertTrue(new.compatibility(against: [("1", old)], level: .none).isCompatible)
        }
    }

    func testPathsMessagesAndFragmentsSayWhere() throws {
        let old = try ProtoSchema(parsing: p3("message Order { message Line { int32 qty = 2; } repeated Line lines = 1; }"))
        let new = try ProtoSchema(parsing: p3("message Order { message Line { string qty = 2; } repeated Line lines = 1; }"))
        let result = new.compatibility(against: [("3", old)])
        XCTAssertEqual(result.incompatibilities.count, 1)
        let finding = try XCTUnwrap(result.incompatibilities.first)
        XCTAssertEqual(finding.path, "#/Order/Line/2")
        XCTAssertEqual(finding.readerFragment, "string qty = 2")
        XCTAssertEqual(finding.writerFragment, "int32 qty = 2")
        XCTAssertEqual(finding.version, "3")
        XCTAssertEqual(finding.direction, .newReadsOld)
        XCTAssertTrue(finding.message.contains("reads string in the new schema but version 3 wrote int32"), finding.message)
    }

    func testDifferencesListCompatibleChangesWithConfluentsPaths() throws {
        let old = try ProtoSchema(parsing: p3("message M { int32 a = 1; oneof x { int32 b = 2; } message I {} } enum E { Z = 0; }"))
        let new = try ProtoSchema(parsing: p3("message N {} message M { int64 renamed = 1; oneof y { string b = 2; int32 c = 3; } } enum E { Z = 0; A = 1; }"))
        let differences = new.differences(from: old).map(\.description)
        XCTAssertEqual(
            Set(differences),
            [
                "MESSAGE_ADDED #/N", "MESSAGE_MOVED #/M", "MESSAGE_REMOVED #/M/I", "ONEOF_REMOVED #/M/x", "ONEOF_ADDED #/M/y",
                "FIELD_NAME_CHANGED #/M/1", "FIELD_SCALAR_KIND_CHANGED #/M/y/2", "ONEOF_FIELD_ADDED #/M/y/3", "ENUM_CONST_ADDED #/E/1",
            ]
        )
        XCTAssertEqual(differences.count, 9, "each difference once")
        XCTAssertEqual(new.differences(from: old).filter { !$0.isCompatible }.map(\.kind), [.fieldScalarKindChanged, .messageRemoved])
    }

    func testAMessageReachedByManyFieldsIsComparedOnce() throws {
        // Each imported message is held twice by the one before it: compared once per pair of
        // versions, the walk is linear in the chain; compared per field, it would take 2^40 steps.
        var oldDep = "message T0 { int32 v = 1; }\n"
        var newDep = "message T0 { string v = 1; }\n"
        for level in 1...40 {
            let body = "message T\(level) { T\(level - 1) a = 1; T\(level - 1) b = 2; }\n"
            oldDep += body
            newDep += body
        }
        let old = try ProtoSchema(parsing: p3("import \"dep.proto\"; message M { d.T40 t = 1; }"), references: ["dep.proto": p3(oldDep, package: "d")])
        let new = try ProtoSchema(parsing: p3("import \"dep.proto\"; message M { d.T40 t = 1; }"), references: ["dep.proto": p3(newDep, package: "d")])
        let result = new.compatibility(against: [("1", old)])
        XCTAssertFalse(result.isCompatible)
        XCTAssertEqual(result.incompatibilities.first?.path, "#/T0/1")
        XCTAssertTrue(result.incompatibilities.contains { $0.path == "#/M/1" && $0.kind.rawValue == namedType })
    }

    func testTransitiveLevelsCheckEveryEarlierVersion() throws {
        let v1 = try ProtoSchema(parsing: p3("message M { int32 a = 1; }"))
        let v2 = try ProtoSchema(parsing: p3("message M { }"))
        let v3 = try ProtoSchema(parsing: p3("message M { string a = 1; }"))
        XCTAssertTrue(v3.compatibility(against: [("1", v1), ("2", v2)], level: .backward).isCompatible)
        let transitive = v3.compatibility(against: [("1", v1), ("2", v2)], level: .backwardTransitive)
        XCTAssertEqual(kinds(transitive), [scalarKind])
        XCTAssertEqual(transitive.incompatibilities.first?.version, "1")
        XCTAssertEqual(transitive.checkedVersions, ["1", "2"])
    }
}
