import SchemaWireAvro
import SchemaWireCodegenGolden
import SchemaWireCore
import SchemaWireProtobuf
import SchemaWireRegistry
import SchemaWireSerde
import SchemaWireTestSupport
import XCTest

/// The serdes as a team on another Kafka client uses them: bytes and headers in and out, no
/// Kafka client in sight, against the embedded registry over HTTP.
final class RecordBytesTests: RegistryBackedTestCase {
    let headerFraming = ["value.schema.id.serializer": "HeaderSchemaIdSerializer"]

    func testGeneratedAvroRoundTripsThroughBytesAndHeaders() async throws {
        let order = sampleOrder(3)
        let serializer = KafkaAvroSerializer<Order>(registry: client, configuration: try configuration(headerFraming))
        var headers: [RecordHeader] = []
        let bytes = try await serializer.serialize(order, topic: "orders", headers: &headers)
        XCTAssertEqual(headers.map(\.key), [SchemaIDFraming.headerName(isKey: false)])

        let deserializer = KafkaAvroDeserializer<Order>(registry: client)
        let read = try await deserializer.deserialize(bytes, headers: headers, topic: "orders", partition: 4, offset: 9)
        XCTAssertEqual(read, order)
        let tombstone = try await deserializer.deserialize(nil, headers: headers, topic: "orders")
        XCTAssertNil(tombstone)

        let identifier = try SchemaIDFraming.writerSchemaIdentifier(of: bytes, headers: headers, topic: "orders")
        let latest = try await client.latest(subject: "orders-value")
        XCTAssertEqual(identifier, latest.guid.map(SchemaIdentifier.guid))
    }

    func testPrefixFramedBytesNameTheirWriterAndFailuresNameTheRecord() async throws {
        let serializer = KafkaAvroSerializer<Order>(registry: client)
        let bytes = try await serializer.serialize(sampleOrder(1), topic: "orders")
        let latest = try await client.latest(subject: "orders-value")
        XCTAssertEqual(try SchemaIDFraming.writerSchemaIdentifier(of: bytes, headers: [], topic: "orders"), .id(Int32(latest.id)))

        let deserializer = KafkaAvroValueDeserializer(registry: client)
        do {
            _ = try await deserializer.deserialize([0, 0, 0, 0, 99, 1], topic: "orders", partition: 2, offset: 41)
            XCTFail("an unknown writer id was read")
        } catch {
            guard case let .serialization(topic, partition, offset, message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(topic, "orders")
            XCTAssertEqual(partition, 2)
            XCTAssertEqual(offset, 41)
            XCTAssertTrue(message.contains("writer schema id 99"), message)
        }
    }

    func testDynamicProtobufRoundTripsThroughBytes() async throws {
        let schema = try ProtoSchema(parsing: "syntax = \"proto3\";\npackage shop;\nmessage Ping { string id = 1; }\n", path: "ping.proto")
        let serializer = try KafkaProtobufValueSerializer(registry: client, schema: schema)
        let message = ProtoMessage(fields: [1: .single(.string("p-1"))])
        let bytes = try await serializer.serialize(message, topic: "pings")
        let decoded = try await KafkaProtobufValueDeserializer(registry: client).deserialize(bytes, topic: "pings")
        XCTAssertEqual(decoded?.messageName, "shop.Ping")
        XCTAssertEqual(decoded?.message, message)
    }
}
