import Foundation
import SchemaWireKafka
import SchemaWireTestSupport
import XCTest

/// `schemawire produce` and `schemawire consume` per CLI.md, against the embedded registry and a
/// Kafka-protocol cluster on loopback.
final class ProduceConsumeCommandTests: XCTestCase {
    func testProduceThenConsume() async throws {
        let registry = try await TestRegistry.start()
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("orders", partitions: 3)
        let schema = CommandRunner.repositoryPath("schemas/orders/order-v1.avsc")
        let example = try String(contentsOfFile: CommandRunner.repositoryPath("schemas/orders/order-example.json"), encoding: .utf8)
        let lines = (0..<5).map { example.replacingOccurrences(of: "user-42", with: "user-\($0 % 2)") }.joined(separator: "\n") + "\n"
        let produced = try CommandRunner.run(
            ["produce", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "orders", "--value-schema", schema, "--key-field", "userId"],
            input: Array(lines.utf8))
        XCTAssertEqual(produced.status, 0, produced.stderr)
        XCTAssertTrue(produced.stderr.contains("produced 5 record(s) to orders"), produced.stderr)

        let consumed = try CommandRunner.run([
            "consume", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "orders", "--group", "cli",
            "--count", "5", "--from-beginning", "-X", "session.timeout.ms=6000",
        ])
        await registry.stop()
        cluster.close()
        XCTAssertEqual(consumed.status, 0, consumed.stderr)
        let records = try consumed.stdoutText.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(records.count, 5)
        for record in records {
            let value = try XCTUnwrap(record?["value"] as? [String: Any])
            XCTAssertEqual(record?["key"] as? String, value["userId"] as? String)
            XCTAssertEqual(record?["topic"] as? String, "orders")
            XCTAssertNotNil((record?["headers"] as? [String: Any])?["x-event-id"])
            XCTAssertEqual((value["note"] as? [String: Any])?["string"] as? String, "leave at the door")
        }
    }

    func testBadLinesAndOptionsExitTwo() async throws {
        let registry = try await TestRegistry.start()
        let schema = CommandRunner.repositoryPath("schemas/orders/order-v1.avsc")
        let badLine = try CommandRunner.run(
            ["produce", "--bootstrap", "127.0.0.1:1", "--registry", registry.url, "--topic", "t", "--value-schema", schema],
            input: Array("{\"orderId\": 5}\n".utf8))
        let badProperty = try CommandRunner.run(
            ["produce", "--bootstrap", "127.0.0.1:1", "--registry", registry.url, "--topic", "t", "--value-schema", schema, "-X", "nonsense"],
            input: [])
        await registry.stop()
        XCTAssertEqual(badLine.status, 2)
        XCTAssertTrue(badLine.stderr.contains("stdin line 1"), badLine.stderr)
        XCTAssertEqual(badProperty.status, 2)
        XCTAssertTrue(badProperty.stderr.contains("name=value"), badProperty.stderr)
    }
}
