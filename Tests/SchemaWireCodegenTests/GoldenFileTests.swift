import Foundation
import SchemaWireCodegen
import XCTest

/// The generator's output for the schema corpus in `Schemas/` must equal the golden files in
/// `Tests/SchemaWireCodegenGolden/` (which the test build compiles). After an intended change,
/// regenerate them with `SCHEMAWIRE_UPDATE_GOLDEN=1 swift test --filter GoldenFileTests` (which
/// fails when it wrote anything, naming the files to review).
final class GoldenFileTests: XCTestCase {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    var schemas: URL { here.appendingPathComponent("Schemas") }
    var golden: URL { here.appendingPathComponent("../SchemaWireCodegenGolden").standardized }

    func corpus() throws -> [(name: String, text: String)] {
        try FileManager.default.contentsOfDirectory(atPath: schemas.path).filter { $0.hasSuffix(".avsc") }.sorted().map {
            ($0, try String(contentsOf: schemas.appendingPathComponent($0), encoding: .utf8))
        }
    }

    /// The `.proto` corpus, named by path relative to `Schemas/proto` (how the files import each other).
    func protoCorpus() throws -> [(name: String, text: String)] {
        let root = schemas.appendingPathComponent("proto")
        let names = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".proto") }
        return try names.sorted().map { ($0, try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8)) }
    }

    func testGeneratedCodeMatchesTheGoldenFiles() throws {
        let generated = try AvroSwiftGenerator().generate(files: corpus()) + ProtobufSwiftGenerator().generate(files: protoCorpus())
        XCTAssertEqual(generated.count, 12)
        if ProcessInfo.processInfo.environment["SCHEMAWIRE_UPDATE_GOLDEN"] == "1" {
            // Writes what changed and fails, so that an update is never mistaken for a pass.
            var updated: [String] = []
            for file in generated {
                let path = golden.appendingPathComponent(file.name)
                guard (try? String(contentsOf: path, encoding: .utf8)) != file.contents else { continue }
                try Data(file.contents.utf8).write(to: path)
                updated.append(file.name)
            }
            if !updated.isEmpty { XCTFail("updated \(updated.joined(separator: ", ")); review the diff, then run the tests without SCHEMAWIRE_UPDATE_GOLDEN") }
        }
        for file in generated {
            let expected = try String(contentsOf: golden.appendingPathComponent(file.name), encoding: .utf8)
            XCTAssertEqual(file.contents, expected, "\(file.name) differs from its golden file; regenerate if the change is intended")
        }
        let goldenNames = try FileManager.default.contentsOfDirectory(atPath: golden.path).filter { $0.hasSuffix(".swift") }.sorted()
        XCTAssertEqual(goldenNames, generated.map(\.name).sorted())
    }

    func testOutputIsDeterministicWhateverTheInputOrder() throws {
        let files = try corpus()
        let forward = try AvroSwiftGenerator().generate(files: files)
        let backward = try AvroSwiftGenerator().generate(files: files.reversed())
        XCTAssertEqual(forward, backward)
        let protos = try protoCorpus()
        XCTAssertEqual(try ProtobufSwiftGenerator().generate(files: protos), try ProtobufSwiftGenerator().generate(files: protos.reversed()))
    }

    func testInternalAccess() throws {
        let generated = try AvroSwiftGenerator(access: .internal).generate(files: [("p.avsc", #"{"type": "record", "name": "P", "fields": [{"name": "x", "type": "int"}]}"#)])
        XCTAssertTrue(generated[0].contents.contains("internal struct P: AvroGeneratedType"))
        XCTAssertFalse(generated[0].contents.contains("public "))
    }

    /// Records that share a short name across namespaces (every Debezium table has a `Key`, a
    /// `Value` and an `Envelope`) are named by namespace; the others keep their short names, or
    /// every one is qualified when asked.
    func testSharedShortNamesAreQualifiedByNamespace() throws {
        let files = [
            ("a.avsc", #"{"type": "record", "name": "Key", "namespace": "db.inventory.customers", "fields": [{"name": "id", "type": "int"}]}"#),
            ("b.avsc", #"{"type": "record", "name": "Key", "namespace": "db.inventory.orders", "fields": [{"name": "id", "type": "int"}, {"name": "other", "type": "db.inventory.customers.Key"}]}"#),
            ("c.avsc", #"{"type": "record", "name": "Unique", "namespace": "db.inventory", "fields": []}"#),
        ]
        let generated = try AvroSwiftGenerator().generate(files: files)
        XCTAssertTrue(generated[0].contents.contains("public struct Db_Inventory_Customers_Key: AvroGeneratedType"), generated[0].contents)
        XCTAssertTrue(generated[1].contents.contains("public struct Db_Inventory_Orders_Key: AvroGeneratedType"), generated[1].contents)
        XCTAssertTrue(generated[1].contents.contains("public var other: Db_Inventory_Customers_Key"), generated[1].contents)
        XCTAssertTrue(generated[2].contents.contains("public struct Unique: AvroGeneratedType"), generated[2].contents)
        let qualified = try AvroSwiftGenerator(typeNaming: .qualified).generate(files: files)
        XCTAssertTrue(qualified[2].contents.contains("public struct Db_Inventory_Unique: AvroGeneratedType"), qualified[2].contents)
        // A record named like a Swift keyword is fine inside a namespace.
        let keyword = try AvroSwiftGenerator().generate(files: [("t.avsc", #"{"type": "record", "name": "Type", "namespace": "meta", "fields": []}"#)])
        XCTAssertTrue(keyword[0].contents.contains("public struct Meta_Type: AvroGeneratedType"), keyword[0].contents)
    }

    func testProblemsAreReportedWithTheirFile() {
        let cases: [([(name: String, text: String)], String)] = [
            ([("a.avsc", #"{"type": "record", "name": "x.Same", "fields": []}"#), ("b.avsc", #"{"type": "record", "name": "X_Same", "fields": []}"#), ("c.avsc", #"{"type": "record", "name": "y.Same", "fields": []}"#)], "would both become the Swift type X_Same"),
            ([("t.avsc", #"{"type": "record", "name": "Type", "fields": []}"#)], "cannot name a Swift type"),
            ([("u.avsc", #"{"type": "record", "name": "U", "fields": [{"name": "a", "type": "Missing"}]}"#)], "u.avsc: invalid Avro schema at /fields/0/type: unknown type"),
            ([("v1.avsc", #"{"type": "record", "name": "V", "fields": []}"#), ("v2.avsc", #"{"type": "record", "name": "V", "fields": []}"#)], "defined more than once"),
        ]
        for (files, fragment) in cases {
            XCTAssertThrowsError(try AvroSwiftGenerator().generate(files: files)) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\(error)")
            }
        }
    }
}
