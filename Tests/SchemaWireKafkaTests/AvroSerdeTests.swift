import Foundation
import SchemaWireAvro
import SchemaWireCodegenGolden
import SchemaWireCore
import SchemaWireKafka
import SchemaWireRegistry
import SchemaWireSerde
import SchemaWireTestSupport
import XCTest

/// Confluent-framed Avro through the registry and the Kafka protocol.
final class AvroSerdeTests: RegistryBackedTestCase {
    func testGeneratedTypesThroughKafka() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        let serializer = KafkaAvroSerializer<Order>(registry: client)
        let deserializer = KafkaAvroDeserializer<Order>(registry: client)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        let sent = (0..<20).map(sampleOrder)
        for value in sent {
            let bytes = try await serializer.serialize(value, topic: "orders")
            XCTAssertEqual(bytes?.first, 0)
            _ = try await producer.send(topic: "orders", key: Array(value.userId.utf8), value: bytes)
        }
        let requestsAfterFirst = client.requestCount
        _ = try await serializer.serialize(sampleOrder(99), topic: "orders")
        XCTAssertEqual(client.requestCount, requestsAfterFirst, "a warm serializer makes no registry request")
        await producer.close()

        let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: "g", sessionTimeoutMilliseconds: 6000))
        try consumer.subscribe(topics: ["orders"])
        var received: [Order] = []
        for try await message in consumer.messages {
            if let value = try await deserializer.deserialize(message) { received.append(value) }
            if received.count == sent.count { break }
        }
        await consumer.close()
        XCTAssertEqual(Set(received.map(\.orderId)), Set(sent.map(\.orderId)))
        let subjects = try await client.subjects()
        XCTAssertEqual(subjects, ["orders-value"])
    }

    func testOlderWritersAreResolvedToTheReadersType() async throws {
        let v1 = try AvroSchema(parsing: String(contentsOfFile: CommandRunner.repositoryPath("schemas/orders/order-v1.avsc"), encoding: .utf8))
        let id = try await client.register(RegistrySchema(text: v1.jsonString()), subject: "orders-value")
        let value: AvroValue = .record([
            "orderId": .string("8d3f1c52-4a7e-4a53-9f1e-2b8c6f0a9e11"), "userId": .string("u"), "items": .array([]),
            "amount": .bytes([0x01]), "currency": .enumeration("EUR"), "createdAt": .long(0), "note": .null,
        ])
        let framed = ConfluentFraming.frame(schemaID: Int32(id), payload: try v1.encode(value))
        let message = KafkaConsumerMessage(topic: "orders", partition: 0, offset: 5, key: nil, value: framed, headers: [], timestamp: nil)
        let order = try await KafkaAvroDeserializer<Order>(registry: client).deserialize(message)
        XCTAssertEqual(order?.currency, .EUR)
        XCTAssertNil(order?.couponCode)
        XCTAssertEqual(order?.amount, Decimal(string: "0.01"))
    }

    func testBadRecordsAreTypedErrorsWithTheirCoordinates() async throws {
        let deserializer = KafkaAvroDeserializer<Order>(registry: client)
        let cases: [([UInt8], String)] = [
            ([2, 0, 0, 0, 1], "magic byte"),
            ([1, 0, 0, 0, 1], "needed 16 byte(s)"),
            ([0, 0, 0], "truncated"),
            ([0, 0, 0, 0, 77, 1, 2], "writer schema id 77"),
        ]
        for (bytes, fragment) in cases {
            let message = KafkaConsumerMessage(topic: "orders", partition: 2, offset: 41, key: nil, value: bytes, headers: [], timestamp: nil)
            do throws(KafkaError) {
                _ = try await deserializer.deserialize(message)
                XCTFail("expected an error for \(bytes)")
            } catch {
                XCTAssertTrue(error.description.contains("partition 2, offset 41"), error.description)
                XCTAssertTrue(error.description.contains(fragment), error.description)
            }
        }
        let tombstone = KafkaConsumerMessage(topic: "orders", partition: 0, offset: 1, key: [1], value: nil, headers: [], timestamp: nil)
        let nothing = try await deserializer.deserialize(tombstone)
        XCTAssertNil(nothing)
    }
}
