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

    /// A schemawire.json in the input directory configures the generator as it configures the
    /// build plugin; flags win over it, and a bad file exits 2 naming it.
    func testConfigurationFileInTheInputDirectory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("generate-config-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("schemas")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CommandRunner.repositoryPath("schemas/orders/order-v1.avsc"), toPath: input.appendingPathComponent("order.avsc").path)
        try Data(#"{"accessLevel": "package"}"#.utf8).write(to: input.appendingPathComponent("schemawire.json"))
        let output = root.appendingPathComponent("out")
        let configured = try CommandRunner.run(["generate", "--input", input.path, "--output", output.path])
        XCTAssertEqual(configured.status, 0, configured.stderr)
        XCTAssertTrue(try String(contentsOf: output.appendingPathComponent("order.swift"), encoding: .utf8).contains("package struct Order: AvroGeneratedType"))
        let flagged = try CommandRunner.run(["generate", "--input", input.path, "--output", output.path, "--access", "internal"])
        XCTAssertEqual(flagged.status, 0, flagged.stderr)
        XCTAssertTrue(try String(contentsOf: output.appendingPathComponent("order.swift"), encoding: .utf8).contains("internal struct Order: AvroGeneratedType"))

        try Data(#"{"accessLevel": "open"}"#.utf8).write(to: input.appendingPathComponent("schemawire.json"))
        let refused = try CommandRunner.run(["generate", "--input", input.path, "--output", output.path])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("schemawire.json: accessLevel must be one of"), refused.stderr)
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
