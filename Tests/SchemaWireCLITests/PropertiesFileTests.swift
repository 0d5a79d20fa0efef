import Foundation
import SchemaWireCore
import SchemaWireKafka
import SchemaWireTestSupport
import XCTest

/// `-F FILE`: librdkafka, serde and registry properties from a file, the command line winning.
final class PropertiesFileTests: XCTestCase {
    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("schemawire-\(UUID()).properties").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testTheFileConfiguresKafkaTheSerdesAndTheRegistryAndFlagsWin() async throws {
        let registry = try await TestRegistry.start()
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("orders", partitions: 1)
        let file = try write("""
            # connection
            bootstrap.servers = \(cluster.bootstrapServers)
            schema.registry.url=\(registry.url)
            ! serde: the schema's GUID in a header instead of the payload prefix
            value.schema.id.serializer=HeaderSchemaIdSerializer
            message.max.bytes=1000
            """)
        let example = try String(contentsOfFile: CommandRunner.repositoryPath("schemas/orders/order-example.json"), encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ")
        let input = Array((example + "\n").utf8)
        let schema = CommandRunner.repositoryPath("schemas/orders/order-v1.avsc")

        // message.max.bytes=1000 from the file holds for a record too big for it…
        let padded = example.replacingOccurrences(of: "leave at the door", with: String(repeating: "x", count: 1200))
        let refused = try CommandRunner.run(["produce", "-F", file, "--topic", "orders", "--value-schema", schema], input: Array((padded + "\n").utf8))
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("stdin line 1:") && refused.stderr.lowercased().contains("too large"), refused.stderr)
        // …and -X wins over it.
        let produced = try CommandRunner.run(
            ["produce", "-F", file, "--topic", "orders", "--value-schema", schema, "-X", "message.max.bytes=1000000"], input: input)
        XCTAssertEqual(produced.status, 0, produced.stderr)

        let consumed = try CommandRunner.run([
            "consume", "-F", file, "--topic", "orders", "--group", "g", "--from-beginning", "--count", "1", "--timeout", "60",
            "-X", "session.timeout.ms=6000",
        ])
        await registry.stop()
        cluster.close()
        XCTAssertEqual(consumed.status, 0, consumed.stderr)
        let record = try JSONValue(parsing: consumed.stdoutText.trimmingCharacters(in: .newlines))
        XCTAssertNotNil(record.objectValue?["headers"]?.objectValue?["__value_schema_id"], "the serde property from the file framed the value in a header")
        XCTAssertEqual(record.objectValue?["value"]?.objectValue?["userId"], "user-42")
    }

    func testABadLineOrNoBootstrapIsExitTwoNamingIt() throws {
        let bad = try write("bootstrap.servers=127.0.0.1:1\njust words\n")
        let schema = CommandRunner.repositoryPath("schemas/orders/order-v1.avsc")
        let result = try CommandRunner.run(["produce", "-F", bad, "--registry", "http://127.0.0.1:1", "--topic", "t", "--value-schema", schema])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("line 2: expected name=value"), result.stderr)
        let empty = try write("# nothing\n")
        let missing = try CommandRunner.run(["topic", "describe", "t", "-F", empty])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("give --bootstrap, or bootstrap.servers in a -F file"), missing.stderr)
    }
}
