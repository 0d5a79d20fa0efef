import Foundation
import SchemaWireTestSupport
import XCTest

/// `schemawire generate --input DIR_OR_FILES --output DIR [--access public|internal]`.
final class GenerateCommandTests: XCTestCase {
    func testGeneratesOneFilePerSchemaDeterministically() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("generate-\(UUID())")
        defer { try? FileManager.default.removeItem(at: output) }
        let corpus = CommandRunner.repositoryPath("Tests/SchemaWireCodegenTests/Schemas")
        let result = try CommandRunner.run(["generate", "--input", corpus, "--output", output.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("generated 6 file(s) from 6 schema(s)"), result.stderr)
        let names = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        XCTAssertEqual(names, ["address.swift", "all-types.swift", "customer.swift", "logical.swift", "orders.swift", "recursive.swift"])
        // The same bytes as the golden files the test build compiles.
        let golden = CommandRunner.repositoryPath("Tests/SchemaWireCodegenGolden/orders.swift")
        XCTAssertEqual(try Data(contentsOf: output.appendingPathComponent("orders.swift")), try Data(contentsOf: URL(fileURLWithPath: golden)))
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
