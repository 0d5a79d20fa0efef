import Foundation
import SchemaWireTestSupport
import XCTest

/// `schemawire generate --input DIR_OR_FILES --output DIR [--access public|internal]`.
final class GenerateCommandTests: XCTestCase {
    func testGeneratesOneFilePerSchemaDeterministically() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("generate-\(UUID())")
        defer { try? FileManager.default.removeItem(at: output) }
        let corpus = CommandRunner.repositoryPath("Tests/SchemaWireCodegenTests/Schemas")
        let avro = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".avsc") }.map { corpus + "/" + $0 }
        // .proto files import each other relative to the directory given as input.
        let result = try CommandRunner.run(["generate", "--input"] + avro + [corpus + "/proto", "--output", output.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("generated 12 file(s) from 11 schema(s)"), result.stderr)
        let names = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        XCTAssertEqual(names, [
            "address.swift", "agreement.pb.swift", "all-types.swift", "customer.swift", "features.pb.swift", "google_protobuf_well_known.pb.swift",
            "keywords.pb.swift", "keywords.swift", "logical.swift", "orders.swift", "recursive.swift", "shop_order_events.pb.swift",
        ])
        // The same bytes as the golden files the test build compiles.
        for name in names {
            let golden = CommandRunner.repositoryPath("Tests/SchemaWireCodegenGolden/" + name)
            XCTAssertEqual(try Data(contentsOf: output.appendingPathComponent(name)), try Data(contentsOf: URL(fileURLWithPath: golden)), name)
        }
    }

    func testInternalAccessAndSingleFiles() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("generate-\(UUID())")
        defer { try? FileManager.default.removeItem(at: output) }
        let schema = CommandRunner.repositoryPath("schemas/orders/order-v1.avsc")
        let result = try CommandRunner.run(["generate", "--input", schema, "--output", output.path, "--access", "internal"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let text = try String(contentsOf: output.appendingPathComponent("order-v1.swift"), encoding: .utf8)
        XCTAssertTrue(text.contains("internal struct Order: AvroGeneratedType"))
    }

    func testProblemsExitTwo() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("generate-\(UUID())").path
        // Both versions of the example define com.example.orders.Order: generate from one.
        let collision = try CommandRunner.run(["generate", "--input", CommandRunner.repositoryPath("schemas"), "--output", output])
        XCTAssertEqual(collision.status, 2)
        XCTAssertTrue(collision.stderr.contains("defined more than once") || collision.stderr.contains("would both become"), collision.stderr)
        XCTAssertEqual(try CommandRunner.run(["generate", "--input", "/nonexistent", "--output", output]).status, 2)
        XCTAssertEqual(try CommandRunner.run(["generate", "--input", "/etc/hostname", "--output", output, "--access", "open"]).status, 2)
    }
}
