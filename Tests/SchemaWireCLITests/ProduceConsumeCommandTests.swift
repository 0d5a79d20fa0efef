import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireKafka
import SchemaWireRegistry
import SchemaWireSerde
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
            "--count", "5", "--from-beginning", "--timeout", "60", "-X", "session.timeout.ms=6000",
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

    /// Thousands of lines go out in batches (a record per round trip took ~5 ms each); a bad line
    /// stops the run after everything before it was sent, and nothing after it is.
    func testManyLinesAreBatchedAndABadLineStopsAfterTheLinesBeforeIt() async throws {
        let registry = try await TestRegistry.start()
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("ledger", partitions: 1)
        let schema = CommandRunner.repositoryPath("schemas/orders/order-v1.avsc")
        let example = try String(contentsOfFile: CommandRunner.repositoryPath("schemas/orders/order-example.json"), encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ")
        var lines = [String](repeating: example, count: 2_600)
        lines[2_100] = #"{"orderId": 7}"#
        let start = ContinuousClock.now
        let produced = try CommandRunner.run(
            ["produce", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "ledger", "--value-schema", schema],
            input: Array((lines.joined(separator: "\n") + "\n").utf8))
        let elapsed = ContinuousClock.now - start
        XCTAssertEqual(produced.status, 2, produced.stderr)
        XCTAssertTrue(produced.stderr.contains("stdin line 2101:"), produced.stderr)
        XCTAssertTrue(produced.stderr.contains("(2100 record(s) produced before it)"), produced.stderr)
        print("2,100 lines produced in \(elapsed)")

        // Exactly the 2,100 lines before the bad one landed: the next record gets offset 2100.
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        let next = try await producer.send(topic: "ledger", key: nil, value: [0])
        await producer.close()
        await registry.stop()
        cluster.close()
        XCTAssertEqual(next.offset, 2_100)
    }

    /// The CI smoke test of issue 8: `schemawire produce` with a .proto schema, read back by
    /// `schemawire consume` and by Confluent's Python consumer with its ProtobufDeserializer; and
    /// the other way, Confluent's Python producer registering its own schema (as a base64
    /// descriptor, with auto.register.schemas) read by `schemawire consume`.
    func testProtobufProduceIsReadByConsumeAndByConfluentsPythonClient() async throws {
        let registry = try await TestRegistry.start()
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("order-events", partitions: 2)
        try cluster.createTopic("order-events-from-python", partitions: 1)
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
            "--count", "4", "--from-beginning", "--timeout", "60", "-X", "session.timeout.ms=6000",
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
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Interop/protobuf_peer.py").path
        let python = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", script, "consume", cluster.bootstrapServers, registry.url, generated.path, "order_events_pb2", "OrderPlaced", "order-events", "4"])
        XCTAssertEqual(python.status, 0, python.stderr)
        let fromPython = try python.stdoutText.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        XCTAssertEqual(Set(fromPython), Set(try lines.map { try JSONValue(parsing: $0) }))

        let pythonProduced = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", script, "produce", cluster.bootstrapServers, registry.url, generated.path, "order_events_pb2", "OrderPlaced", "order-events-from-python"],
            input: Array((lines.prefix(3).joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(pythonProduced.status, 0, pythonProduced.stderr)
        let readBack = try CommandRunner.run([
            "consume", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "order-events-from-python", "--group", "cli",
            "--count", "3", "--from-beginning", "--timeout", "60", "-X", "session.timeout.ms=6000",
        ])
        await registry.stop()
        cluster.close()
        XCTAssertEqual(readBack.status, 0, readBack.stderr)
        let fromOurs = try readBack.stdoutText.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        XCTAssertEqual(fromOurs.compactMap { $0.objectValue?["value"] }, try lines.prefix(3).map { try JSONValue(parsing: $0) })
    }

    /// Keys framed with a schema print decoded like values (prefix framing here; the key's own
    /// subject); plain keys print as text, a binary key that merely starts with a zero byte too.
    func testKeysFramedWithASchemaAreDecodedLikeValues() async throws {
        let registry = try await TestRegistry.start()
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("keyed", partitions: 1)
        let client = SchemaRegistryClient(configuration: RegistryClientConfiguration(url: registry.url))
        let keySchema = try AvroSchema(parsing: #"{"type": "record", "name": "OrderKey", "fields": [{"name": "id", "type": "string"}, {"name": "shard", "type": "int"}]}"#)
        let valueSchema = try AvroSchema(parsing: #"{"type": "record", "name": "Note", "fields": [{"name": "text", "type": "string"}, {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}"#)
        let keys = KafkaAvroValueSerializer(registry: client, schema: keySchema, isKey: true)
        let values = KafkaAvroValueSerializer(registry: client, schema: valueSchema)
        let value = try await values.serialize(try AvroValue(avroJSON: try JSONValue(parsing: #"{"text": "hi", "at": 1764072000250}"#), schema: valueSchema), topic: "keyed")
        let framedKey = try await keys.serialize(try AvroValue(avroJSON: try JSONValue(parsing: #"{"id": "o-1", "shard": 3}"#), schema: keySchema), topic: "keyed")
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        _ = try await producer.send(topic: "keyed", key: framedKey, value: value)
        _ = try await producer.send(topic: "keyed", key: Array("plain-key".utf8), value: value)
        _ = try await producer.send(topic: "keyed", key: [0, 0, 0, 0x7F, 0x41, 0x42], value: value)
        await producer.close()
        let subjects = try await client.subjects()
        XCTAssertEqual(Set(subjects), ["keyed-key", "keyed-value"])

        let consumed = try CommandRunner.run([
            "consume", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "keyed", "--group", "cli",
            "--count", "3", "--from-beginning", "--timeout", "60", "-X", "session.timeout.ms=6000",
        ])
        // --logical: the timestamp as ISO 8601, and the key decoded all the same.
        let readable = try CommandRunner.run([
            "consume", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "keyed", "--group", "logical",
            "--count", "1", "--from-beginning", "--timeout", "60", "-X", "session.timeout.ms=6000", "--logical",
        ])
        await registry.stop()
        cluster.close()
        XCTAssertEqual(readable.status, 0, readable.stderr)
        XCTAssertEqual(try JSONValue(parsing: readable.stdoutText).objectValue?["value"], try JSONValue(parsing: #"{"text":"hi","at":"2025-11-25T12:00:00.250Z"}"#))
        XCTAssertEqual(consumed.status, 0, consumed.stderr)
        let keysPrinted = try consumed.stdoutText.split(separator: "\n").map { try JSONValue(parsing: String($0)).objectValue?["key"] }
        XCTAssertEqual(keysPrinted, [
            try JSONValue(parsing: #"{"id":"o-1","shard":3}"#), .string("plain-key"), .string(String(decoding: [0, 0, 0, 0x7F, 0x41, 0x42] as [UInt8], as: UTF8.self)),
        ])
    }

    /// The byte-interop smoke test of issue 6: what `schemawire produce` writes, Confluent's Python
    /// AvroDeserializer reads; what its AvroSerializer writes, `schemawire consume` reads.
    func testAvroInteropWithConfluentsPythonClient() async throws {
        try await avroInterop(headerFraming: false)
    }

    /// The same with the schema's GUID in the `__value_schema_id` header (Confluent's
    /// HeaderSchemaIdSerializer) on both sides, and the payload bare.
    func testHeaderFramingInteropWithConfluentsPythonClient() async throws {
        try await avroInterop(headerFraming: true)
    }

    func avroInterop(headerFraming: Bool) async throws {
        let registry = try await TestRegistry.start()
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("orders", partitions: 2)
        try cluster.createTopic("orders-from-python", partitions: 1)
        let schema = CommandRunner.repositoryPath("schemas/orders/order-v1.avsc")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Interop/avro_peer.py").path
        let framing = headerFraming ? ["header"] : []
        let serde = headerFraming ? ["--serde", "value.schema.id.serializer=HeaderSchemaIdSerializer"] : []
        let ours = (0..<3).map { #"{"orderId":"8d3f1c52-4a7e-4a53-9f1e-2b8c6f0a9e1\#($0)","userId":"user-\#($0)","items":[],"amount":"\u0001","currency":"KRW","createdAt":1764072000000,"note":null}"# }
        let produced = try CommandRunner.run(
            ["produce", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "orders", "--value-schema", schema, "--key-field", "userId"]
                + serde,
            input: Array((ours.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(produced.status, 0, produced.stderr)
        let python = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, "consume", cluster.bootstrapServers, registry.url, "orders", "3"] + framing)
        XCTAssertEqual(python.status, 0, python.stderr)
        let readByPython = try python.stdoutText.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        // Every field as Python's deserializer renders it: logical types as UUID, Decimal and
        // datetime (printed with str), the bytes "\u{1}" as 0.01 at scale 2.
        let expectedByPython = try (0..<3).map { index in
            try JSONValue(parsing: #"{"orderId":"8d3f1c52-4a7e-4a53-9f1e-2b8c6f0a9e1\#(index)","userId":"user-\#(index)","items":[],"amount":"0.01","currency":"KRW","createdAt":"2025-11-25 12:00:00+00:00","note":null}"#)
        }
        XCTAssertEqual(
            readByPython.sorted { $0.objectValue?["userId"]?.stringValue ?? "" < $1.objectValue?["userId"]?.stringValue ?? "" }, expectedByPython)

        let theirs = (0..<3).map { #"{"orderId":"0b7e0f6c-3c55-4f0e-9b59-0d4c2f5e8a2\#($0)","userId":"py-\#($0)","items":[{"sku":"S","quantity":2,"unitPrice":12.50}],"amount":0.01,"currency":"EUR","createdAt":1764072000000,"note":"hi"}"# }
        let written = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, "produce", cluster.bootstrapServers, registry.url, "orders-from-python", schema] + framing,
            input: Array((theirs.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(written.status, 0, written.stderr)
        let consumed = try CommandRunner.run([
            "consume", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "orders-from-python", "--group", "cli",
            "--count", "3", "--from-beginning", "--timeout", "60", "-X", "session.timeout.ms=6000",
        ])
        let guid = try await registry.call("GET", "/subjects/orders-from-python-value/versions/latest").json as? [String: Any]
        await registry.stop()
        cluster.close()
        XCTAssertEqual(consumed.status, 0, consumed.stderr)
        let records = try consumed.stdoutText.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        XCTAssertEqual(Set(records.compactMap { $0.objectValue?["key"] }), ["py-0", "py-1", "py-2"])
        for record in records {
            let value = record.objectValue?["value"]?.objectValue
            XCTAssertEqual(value?["note"], .object(["string": .string("hi")]))
            XCTAssertEqual(value?["currency"], .string("EUR"))
            XCTAssertEqual(value?["items"]?.arrayValue?.first?.objectValue?["quantity"], .number("2"))
            XCTAssertEqual(value?["amount"], .string("\u{01}"), "0.01 at scale 2 is the unscaled integer 1")
            let header = record.objectValue?["headers"]?.objectValue?["__value_schema_id"]
            XCTAssertEqual(header, headerFraming ? (guid?["guid"] as? String).map(JSONValue.string) : nil, "the header shows the GUID it names")
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
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("empty", partitions: 1)
        let idle = try CommandRunner.run([
            "consume", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "empty", "--group", "g", "--count", "1",
            "--timeout", "2", "-X", "session.timeout.ms=6000",
        ])
        cluster.close()
        XCTAssertEqual(idle.status, 2)
        XCTAssertTrue(idle.stderr.contains("timed out: no record for 2.0 s (0 of 1 printed)"), idle.stderr)
        await registry.stop()
        XCTAssertEqual(badLine.status, 2)
        XCTAssertTrue(badLine.stderr.contains("stdin line 1"), badLine.stderr)
        XCTAssertEqual(badProperty.status, 2)
        XCTAssertTrue(badProperty.stderr.contains("name=value"), badProperty.stderr)
    }

    /// `schemawire demo` with no broker: librdkafka's mock cluster in the process.
    func testDemoRunsOnTheMockCluster() throws {
        let result = try CommandRunner.run(["demo", "--orders", "300"])
        XCTAssertEqual(result.status, 0, result.stderr + result.stdoutText)
        XCTAssertTrue(result.stdoutText.contains("librdkafka mock cluster"), result.stdoutText)
        XCTAssertTrue(result.stdoutText.contains("300 produced, 299 handled once, 1 duplicate skipped, 1 in orders.dlq, breaking change refused"), result.stdoutText)
    }
}
