import Foundation
import SchemaWireCodegenGolden
import SchemaWireCore
import SchemaWireKafka
import SchemaWireProtobuf
import SchemaWireRegistry
import SchemaWireSerde
import SchemaWireTestSupport
import XCTest

/// Confluent-framed Protobuf through the registry, the Kafka protocol and Confluent's Python client.
final class ProtobufSerdeTests: RegistryBackedTestCase {
    static let common = "syntax = \"proto3\";\npackage shop.common;\nmessage Money { int64 units = 1; string currency = 2; }\n"
    static let order = """
        syntax = "proto3";
        package shop.orders;
        import "shop/common.proto";
        import "google/protobuf/timestamp.proto";
        message Order {
          string order_id = 1;
          string user_id = 2;
          shop.common.Money total = 3;
          google.protobuf.Timestamp placed_at = 4;
          message Line { string sku = 1; uint32 quantity = 2; }
          repeated Line lines = 5;
        }
        message Refund { string order_id = 1; }
        """

    func schema() throws -> ProtoSchema {
        try ProtoSchema(parsing: Self.order, path: "shop/orders.proto", references: ["shop/common.proto": Self.common])
    }

    func record(_ bytes: [UInt8]?, offset: Int64 = 7) -> KafkaConsumerMessage {
        KafkaConsumerMessage(topic: "orders", partition: 1, offset: offset, key: nil, value: bytes, headers: [], timestamp: nil)
    }

    func testImportsAreRegisteredAsReferencesAndMessagesRoundTripThroughKafka() async throws {
        let schema = try schema()
        let serializer = try KafkaProtobufValueSerializer(registry: client, schema: schema)
        let refunds = try KafkaProtobufValueSerializer(registry: client, schema: schema, messageName: "Refund", strategy: .topicRecordName)
        let lines = try KafkaProtobufValueSerializer(registry: client, schema: schema, messageName: "shop.orders.Order.Line", strategy: .recordName)
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        var sent: [ProtoMessage] = []
        for index in 0..<10 {
            let message = try schema.message(fromJSON: try JSONValue(parsing: """
                {"orderId":"o-\(index)","userId":"u-\(index % 3)","total":{"units":"\(index * 100)","currency":"KRW"},
                 "placedAt":"2026-11-25T15:00:0\(index)Z","lines":[{"sku":"S","quantity":\(index)}]}
                """))
            sent.append(message)
            let bytes = try await serializer.serialize(message, topic: "orders")
            XCTAssertEqual(Array(bytes.prefix(1)), [0])
            XCTAssertEqual(bytes[5], 0, "the first message's index path is the single byte 0")
            _ = try await producer.send(topic: "orders", key: Array("u-\(index % 3)".utf8), value: bytes)
        }
        let refund = try await refunds.serialize(ProtoMessage(fields: [1: .single(.string("o-1"))]), topic: "orders")
        XCTAssertEqual(Array(refund[5...6]), [2, 2], "Refund is message [1]: count 1 then index 1, zigzag")
        let line = try await lines.serialize(ProtoMessage(fields: [1: .single(.string("S"))]), topic: "orders")
        XCTAssertEqual(Array(line[5...7]), [4, 0, 0], "Order.Line is [0, 0]")
        await producer.close()

        let subjects = try await client.subjects()
        XCTAssertEqual(Set(subjects), ["orders-value", "shop/common.proto", "orders-shop.orders.Refund", "shop.orders.Order.Line"])
        let registered = try await client.latest(subject: "orders-value")
        XCTAssertEqual(registered.schema.type, .protobuf)
        XCTAssertEqual(registered.schema.references, [SchemaReference(name: "shop/common.proto", subject: "shop/common.proto", version: 1)])

        let deserializer = KafkaProtobufValueDeserializer(registry: client)
        let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: "g", sessionTimeoutMilliseconds: 6000))
        try consumer.subscribe(topics: ["orders"])
        var received: [ProtoMessage] = []
        for try await message in consumer.messages {
            let decoded = try await deserializer.deserialize(message)
            XCTAssertEqual(decoded?.messageName, "shop.orders.Order")
            if let decoded { received.append(decoded.message) }
            if received.count == sent.count { break }
        }
        await consumer.close()
        XCTAssertEqual(Set(received), Set(sent))
        let decodedRefund = try await deserializer.deserialize(record(refund))
        XCTAssertEqual(decodedRefund?.messageName, "shop.orders.Refund")
        let decodedLine = try await deserializer.deserialize(record(line))
        XCTAssertEqual(decodedLine?.messageName, "shop.orders.Order.Line")
    }

    func testGeneratedTypesThroughTheSerdes() async throws {
        let serializer = try KafkaProtobufSerializer<Shop_Orders_V1_OrderPlaced>(registry: client)
        let deserializer = KafkaProtobufDeserializer<Shop_Orders_V1_OrderPlaced>(registry: client)
        var order = Shop_Orders_V1_OrderPlaced()
        order.orderId = "o-7"
        order.lines = [.init()]
        order.lines[0].sku = "SKU"
        order.placedAt = Google_Protobuf_Timestamp()
        order.placedAt?.seconds = 5
        let bytes = try await serializer.serialize(order, topic: "events")
        let back = try await deserializer.deserialize(record(bytes))
        XCTAssertEqual(back, order)
        let tombstone = try await serializer.serialize(nil, topic: "events")
        XCTAssertNil(tombstone)
        // The dynamic deserializer reads the same record, and a record of another message is refused.
        let dynamic = try await KafkaProtobufValueDeserializer(registry: client).deserialize(record(bytes))
        XCTAssertEqual(dynamic?.messageName, "shop.orders.v1.OrderPlaced")
        let line = try await KafkaProtobufSerializer<Shop_Orders_V1_OrderPlaced.Line>(registry: client, strategy: .recordName).serialize(.init(), topic: "events")
        do throws(KafkaError) {
            _ = try await deserializer.deserialize(record(line))
            XCTFail("a Line must not decode as an OrderPlaced")
        } catch {
            XCTAssertTrue(error.description.contains("holds shop.orders.v1.OrderPlaced.Line, not shop.orders.v1.OrderPlaced"), error.description)
        }
    }

    func testBadFramesAndMessageIndexesAreTypedErrorsNotWrongMessages() async throws {
        let schema = try schema()
        let serializer = try KafkaProtobufValueSerializer(registry: client, schema: schema)
        let good = try await serializer.serialize(ProtoMessage(fields: [1: .single(.string("o"))]), topic: "orders")
        let id = Array(good[1...4])
        let deserializer = KafkaProtobufValueDeserializer(registry: client)
        let cases: [([UInt8], String)] = [
            ([2] + id + [0], "magic byte"),
            ([1] + id + [0], "needed 16 byte(s)"),
            ([0, 0, 0], "truncated"),
            ([0, 0, 0, 0, 99, 0], "writer schema id 99"),
            ([0] + id + [4, 0, 0x0C], "message index 6 at depth 1"),
            ([0] + id + [2, 4], "message index 2 at depth 0"),
            ([0] + id + [2, 1], "invalid length -1"),
            ([0] + id + [0xFF, 0x03], "invalid length"),
            ([0] + id + [0, 0x0A, 0x05, 0x61], "length 5 runs past"),
        ]
        for (bytes, fragment) in cases {
            do throws(KafkaError) {
                _ = try await deserializer.deserialize(record(bytes, offset: 41))
                XCTFail("expected an error for \(bytes)")
            } catch {
                XCTAssertTrue(error.description.contains("partition 1, offset 41"), error.description)
                XCTAssertTrue(error.description.contains(fragment), "\(fragment): \(error.description)")
            }
        }
        let tombstone = try await deserializer.deserialize(record(nil))
        XCTAssertNil(tombstone)
        XCTAssertThrowsError(try KafkaProtobufValueSerializer(registry: client, schema: schema, messageName: "Nope"))
    }

    /// Confluent's Python client with classes protoc generated for the test schema: `mode` and
    /// stdin lines in, stdout lines out (see Interop/protobuf_interop.py).
    func pythonPeer() throws -> (_ mode: String, _ input: String) throws -> [String] {
        let generated = FileManager.default.temporaryDirectory.appendingPathComponent("pyproto-\(UUID())")
        let sources = generated.appendingPathComponent("src/shop")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: generated) }
        try Data(Self.common.utf8).write(to: sources.appendingPathComponent("common.proto"))
        try Data(Self.order.utf8).write(to: sources.appendingPathComponent("orders.proto"))
        let protoc = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/protoc"),
            ["-I", generated.appendingPathComponent("src").path, "-I", Protoc.includeDirectory, "--python_out=\(generated.path)", "shop/orders.proto", "shop/common.proto"]
        )
        XCTAssertEqual(protoc.status, 0, protoc.stderr)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Interop/protobuf_interop.py").path
        let url = registry.url
        return { mode, input in
            let result = try ChildProcess.run(
                URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, url, generated.path, "shop.orders_pb2", "Order", mode, "orders"],
                input: Array(input.utf8))
            XCTAssertEqual(result.status, 0, result.stderr)
            return result.stdoutText.split(separator: "\n").map(String.init)
        }
    }

    /// Confluent's Python serializer registers its schemas itself, as base64 descriptors with their
    /// imports as references; our registry keeps them as `.proto` text, our deserializer reads the
    /// records, and so does Python's, from the descriptors the registry serves back.
    func testConfluentPythonClientRegistersDescriptorsAndBothSidesRead() async throws {
        let python = try pythonPeer()
        let texts = (0..<3).map { index in
            #"{"orderId":"o-\#(index)","userId":"u","total":{"units":"\#(index + 7)","currency":"EUR"},"lines":[{"sku":"s","quantity":\#(index + 1)}]}"#
        }
        let hexes = try python("register", texts.joined(separator: "\n") + "\n")
        XCTAssertEqual(hexes.count, texts.count)
        let subjects = try await client.subjects()
        XCTAssertEqual(Set(subjects), ["orders-value", "shop/common.proto"])
        let registered = try await client.version(.latest, of: "orders-value").schema
        XCTAssertTrue(registered.text.hasPrefix("syntax = \"proto3\";"), "kept as .proto text: \(registered.text)")
        XCTAssertEqual(registered.references.map(\.name), ["shop/common.proto"])

        let deserializer = KafkaProtobufValueDeserializer(registry: client)
        for (hex, text) in zip(hexes, texts) {
            let decoded = try await deserializer.deserialize(record(Self.bytes(hex)))
            XCTAssertEqual(try decoded.map { try $0.schema.json($0.message, as: $0.messageName) }, try JSONValue(parsing: text))
        }
        let decodedByPython = try python("decode", hexes.joined(separator: "\n") + "\n")
        XCTAssertEqual(try decodedByPython.map { try JSONValue(parsing: $0) }, try texts.map { try JSONValue(parsing: $0) })
        // Registering again finds the same schemas: no new versions.
        _ = try python("register", texts[0] + "\n")
        let versions = (try await client.versions(of: "orders-value"), try await client.versions(of: "shop/common.proto"))
        XCTAssertEqual(versions.0, [1])
        XCTAssertEqual(versions.1, [1])
    }

    static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).compactMap { offset -> UInt8? in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)
        }
    }

    /// Confluent's Python client reads what we write and we read what it writes.
    func testConfluentPythonClientInterop() async throws {
        let python = try pythonPeer()

        let schema = try schema()
        let serializer = try KafkaProtobufValueSerializer(registry: client, schema: schema)
        let texts = (0..<5).map { index in
            #"{"orderId":"o-\#(index)","userId":"u","total":{"units":"-\#(index + 1)","currency":"EUR"},"placedAt":"2026-11-25T15:00:00.250Z","lines":[{"sku":"한","quantity":\#(index + 1)}]}"#
        }
        var hexes: [String] = []
        for text in texts {
            let bytes = try await serializer.serialize(try schema.message(fromJSON: try JSONValue(parsing: text)), topic: "orders")
            hexes.append(bytes.map { String(format: "%02x", $0) }.joined())
        }
        let decodedByPython = try python("decode", hexes.joined(separator: "\n") + "\n")
        XCTAssertEqual(decodedByPython.count, texts.count)
        for (python, ours) in zip(decodedByPython, texts) {
            XCTAssertEqual(try JSONValue(parsing: python), try JSONValue(parsing: ours), "Python's json_format agrees with our JSON mapping")
        }

        let encodedByPython = try python("encode", texts.joined(separator: "\n") + "\n")
        XCTAssertEqual(encodedByPython, hexes, "Python frames and encodes the same bytes")
        let deserializer = KafkaProtobufValueDeserializer(registry: client)
        for (hex, text) in zip(encodedByPython, texts) {
            let decoded = try await deserializer.deserialize(record(Self.bytes(hex)))
            XCTAssertEqual(try decoded.map { try $0.schema.json($0.message, as: $0.messageName) }, try JSONValue(parsing: text))
        }
    }
}
