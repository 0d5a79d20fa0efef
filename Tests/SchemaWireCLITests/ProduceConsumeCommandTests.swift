import Foundation
import SchemaWireCore
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

    /// The CI smoke test of issue 8: `schemawire produce` with a .proto schema, read back by
    /// `schemawire consume` and by Confluent's Python consumer with its ProtobufDeserializer.
    func testProtobufProduceIsReadByConsumeAndByConfluentsPythonClient() async throws {
        let registry = try await TestRegistry.start()
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("order-events", partitions: 2)
        let schemas = CommandRunner.repositoryPath("schemas/orders")
        let lines = (0..<4).map { index in
            #"{"eventId":"e-\#(index)","orderId":"o-\#(index)","userId":"user-\#(index % 2)","lines":[{"sku":"SKU-1","quantity":2,"unitPriceCents":"1250"}],"#
                + #""totalCents":"2500","currency":"KRW","placedAt":"2026-11-25T15:0\#(index):00Z","channel":"MOBILE","attributes":{"gift":"yes"}}"#
        }
        let produced = try CommandRunner.run(
            [
                "produce", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "order-events",
                "--value-schema", schemas + "/order_events.proto", "-I", schemas, "--value-message", "OrderPlaced", "--key-field", "user_id",
            ],
            input: Array((lines.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(produced.status, 0, produced.stderr)

        let consumed = try CommandRunner.run([
            "consume", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "order-events", "--group", "cli",
            "--count", "4", "--from-beginning", "-X", "session.timeout.ms=6000",
        ])
        XCTAssertEqual(consumed.status, 0, consumed.stderr)
        let records = try consumed.stdoutText.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        XCTAssertEqual(Set(records.compactMap { $0.objectValue?["value"] }), Set(try lines.map { try JSONValue(parsing: $0) }))
        for record in records {
            XCTAssertEqual(record.objectValue?["key"], record.objectValue?["value"]?.objectValue?["userId"])
        }

        let generated = FileManager.default.temporaryDirectory.appendingPathComponent("pyproto-\(UUID())")
        try FileManager.default.createDirectory(at: generated, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: generated) }
        let protoc = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/protoc"), ["-I", schemas, "-I", Protoc.includeDirectory, "--python_out=\(generated.path)", "order_events.proto"])
        XCTAssertEqual(protoc.status, 0, protoc.stderr)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Interop/consume_protobuf.py").path
        let python = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", script, cluster.bootstrapServers, registry.url, generated.path, "order_events_pb2", "OrderPlaced", "order-events", "4"])
        await registry.stop()
        cluster.close()
        XCTAssertEqual(python.status, 0, python.stderr)
        let fromPython = try python.stdoutText.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        XCTAssertEqual(Set(fromPython), Set(try lines.map { try JSONValue(parsing: $0) }))
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
