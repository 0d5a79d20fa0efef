import Foundation
import SchemaWireAvro
import SchemaWireCodegenGolden
import SchemaWireCore
import SchemaWireKafka
import SchemaWireProtobuf
import SchemaWireRegistry
import SchemaWireSerde
import SchemaWireTestSupport
import XCTest

/// Schema ids in record headers (Confluent's `HeaderSchemaIdSerializer`: magic 1 and the schema's
/// GUID in `__value_schema_id`), read per record beside prefix framing, over HTTP against the
/// embedded registry.
final class HeaderFramingTests: RegistryBackedTestCase {
    lazy var order = sampleOrder(1)

    func record(_ value: [UInt8]?, headers: [KafkaHeader] = [], offset: Int64 = 3) -> KafkaConsumerMessage {
        KafkaConsumerMessage(topic: "orders", partition: 0, offset: offset, key: nil, value: value, headers: headers)
    }

    /// The GUID the registry gives the version registered last under `subject`.
    func guid(of subject: String) async throws -> SchemaGUID {
        let latest = try await client.latest(subject: subject)
        return try XCTUnwrap(latest.guid)
    }

    func testGeneratedAvroWritesTheGUIDHeaderAndABarePayload() async throws {
        let header = KafkaAvroSerializer<Order>(
            registry: client, configuration: try configuration(["value.schema.id.serializer": "io.confluent.kafka.serializers.schema.id.HeaderSchemaIdSerializer"]))
        var headers = [KafkaHeader(key: "x-event-id", text: "e-1")]
        let serialized = try await header.serialize(order, topic: "orders", headers: &headers)
        let bytes = try XCTUnwrap(serialized)
        let guid = try await guid(of: "orders-value")
        XCTAssertEqual(headers.map(\.key), ["x-event-id", "__value_schema_id"], "the application's headers are kept")
        XCTAssertEqual(headers.last?.value, [1] + guid.bytes, "magic 1 and the 16 GUID bytes")
        XCTAssertEqual(bytes, try order.avroEncoded(), "the value is the bare Avro payload")

        // One deserializer reads header-framed and prefix-framed records, record by record.
        let prefix = KafkaAvroSerializer<Order>(registry: client, configuration: KafkaSerdeConfiguration())
        let prefixedValue = try await prefix.serialize(order, topic: "orders")
        let prefixed = try XCTUnwrap(prefixedValue)
        let deserializer = KafkaAvroDeserializer<Order>(registry: client)
        let fromHeader = try await deserializer.deserialize(record(bytes, headers: headers))
        let fromPrefix = try await deserializer.deserialize(record(prefixed))
        XCTAssertEqual(fromHeader, order)
        XCTAssertEqual(fromPrefix, order)
        let generic = try await KafkaAvroValueDeserializer(registry: client).deserialize(record(bytes, headers: headers))
        XCTAssertEqual(generic?.schema.canonicalForm, Order.avroSchema.canonicalForm)

        // The bytes-only call cannot return the header, so it refuses instead of writing an unreadable record.
        do {
            _ = try await header.serialize(order, topic: "orders")
            XCTFail("header framing dropped its header")
        } catch {
            guard case let .configuration(property, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(property, "value.schema.id.serializer")
        }
    }

    func testAvroValuesAndKeysUseTheirOwnHeader() async throws {
        let schema = try AvroSchema(parsing: #"{"type": "record", "name": "Key", "fields": [{"name": "user", "type": "string"}]}"#)
        let keys = KafkaAvroValueSerializer(
            registry: client, schema: schema, configuration: try configuration(["key.schema.id.serializer": "HeaderSchemaIdSerializer"]), isKey: true)
        var headers: [KafkaHeader] = []
        let bytes = try await keys.serialize(.record(["user": .string("u-1")]), topic: "orders", headers: &headers)
        let guid = try await guid(of: "orders-key")
        XCTAssertEqual(headers, [KafkaHeader(key: "__key_schema_id", value: [1] + guid.bytes)])
        XCTAssertEqual(try schema.decode(bytes), .record(["user": .string("u-1")]))
        // Value framing is independent of key framing.
        let values = KafkaAvroValueSerializer(
            registry: client, schema: schema, configuration: try configuration(["key.schema.id.serializer": "HeaderSchemaIdSerializer"]))
        let prefixed = try await values.serialize(.record(["user": .string("u-2")]), topic: "orders")
        XCTAssertEqual(prefixed.first, 0)

        // A key deserializer reads the key through __key_schema_id and ignores the value's framing.
        let message = KafkaConsumerMessage(topic: "orders", partition: 0, offset: 1, key: bytes, value: prefixed, headers: headers)
        let key = try await KafkaAvroValueDeserializer(registry: client, isKey: true).deserialize(message)
        XCTAssertEqual(key?.value, .record(["user": .string("u-1")]))
        let value = try await KafkaAvroValueDeserializer(registry: client).deserialize(message)
        XCTAssertEqual(value?.value, .record(["user": .string("u-2")]))
        let keyless = try await KafkaAvroValueDeserializer(registry: client, isKey: true).deserialize(record(prefixed))
        XCTAssertNil(keyless, "a null key is nil, not an error")
    }

    func testProtobufCarriesItsMessageIndexesInTheHeader() async throws {
        let schema = try ProtoSchema(parsing: ProtobufSerdeTests.order, path: "shop/orders.proto", references: ["shop/common.proto": ProtobufSerdeTests.common])
        let serializer = try KafkaProtobufValueSerializer(
            registry: client, schema: schema, messageName: "Refund", configuration: try configuration(["value.schema.id.serializer": "header"]))
        var headers: [KafkaHeader] = []
        let refund = ProtoMessage(fields: [1: .single(.string("o-9"))])
        let bytes = try await serializer.serialize(refund, topic: "orders", headers: &headers)
        let guid = try await guid(of: "orders-value")
        XCTAssertEqual(headers.first?.value, [1] + guid.bytes + [2, 2], "GUID, then the index path [1] (count 1, index 1, zigzag)")
        XCTAssertEqual(bytes, try schema.encode(refund, as: "shop.orders.Refund"))
        let decoded = try await KafkaProtobufValueDeserializer(registry: client).deserialize(record(bytes, headers: headers))
        XCTAssertEqual(decoded?.messageName, "shop.orders.Refund")
        XCTAssertEqual(decoded?.schemaIdentifier, .guid(guid))

        var generatedHeaders: [KafkaHeader] = []
        let generated = try KafkaProtobufSerializer<Shop_Orders_V1_OrderPlaced>(registry: client, configuration: try configuration(["value.schema.id.serializer": "header"]))
        var placed = Shop_Orders_V1_OrderPlaced()
        placed.orderId = "o-1"
        let placedBytes = try await generated.serialize(placed, topic: "events", headers: &generatedHeaders)
        let back = try await KafkaProtobufDeserializer<Shop_Orders_V1_OrderPlaced>(registry: client).deserialize(record(placedBytes, headers: generatedHeaders))
        XCTAssertEqual(back, placed)
    }

    func testBadHeadersAreTypedErrorsWithTheRecordsCoordinates() async throws {
        let prefix = KafkaAvroSerializer<Order>(registry: client, configuration: KafkaSerdeConfiguration())
        let payload = try order.avroEncoded()
        _ = try await prefix.serialize(order, topic: "orders")
        let guid = try await guid(of: "orders-value")
        let deserializer = KafkaAvroDeserializer<Order>(registry: client)
        let cases: [([UInt8]?, String)] = [
            (nil, "header __value_schema_id is null"),
            ([1] + guid.bytes.prefix(10), "needed 16 byte(s)"),
            ([7] + guid.bytes, "magic byte"),
            ([1] + guid.bytes + [0], "trailing byte"),
            ([1] + SchemaGUID(digestOf: "unknown").bytes, "writer schema GUID"),
        ]
        for (value, fragment) in cases {
            do throws(KafkaError) {
                _ = try await deserializer.deserialize(record(payload, headers: [KafkaHeader(key: "__value_schema_id", value: value)], offset: 17))
                XCTFail("expected an error for header \(String(describing: value))")
            } catch {
                XCTAssertTrue(error.description.contains("partition 0, offset 17"), error.description)
                XCTAssertTrue(error.description.contains(fragment), "\(fragment): \(error.description)")
            }
        }
    }

    func testUseLatestWithMetadataFramesWithTheMatchingVersion() async throws {
        let base = Order.avroSchema.jsonString()
        let major1 = try await client.registerSchema(
            RegistrySchema(text: base, metadata: SchemaMetadata(properties: ["app.major": "1"])), subject: "orders-value")
        _ = try await client.registerSchema(RegistrySchema(text: base, metadata: SchemaMetadata(properties: ["app.major": "2"])), subject: "orders-value")
        let serializer = KafkaAvroSerializer<Order>(
            registry: client, configuration: try configuration(["use.latest.with.metadata": "app.major=1", "value.schema.id.serializer": "header"]))
        var headers: [KafkaHeader] = []
        let bytes = try await serializer.serialize(order, topic: "orders", headers: &headers)
        XCTAssertEqual(headers.first?.value, [1] + (try XCTUnwrap(major1.guid)).bytes, "framed with version 1, not the latest")
        XCTAssertEqual(bytes, try order.avroEncoded())

        let missing = KafkaAvroSerializer<Order>(registry: client, configuration: try configuration(["use.latest.with.metadata": "app.major=9"]))
        do {
            _ = try await missing.serialize(order, topic: "orders")
            XCTFail("framed with a version that does not exist")
        } catch {
            XCTAssertTrue("\(error)".contains("app.major=9"), "\(error)")
        }
    }

    func testQualifiedReferenceSubjects() async throws {
        let schema = try ProtoSchema(parsing: ProtobufSerdeTests.order, path: "shop/orders.proto", references: ["shop/common.proto": ProtobufSerdeTests.common])
        let serializer = try KafkaProtobufValueSerializer(
            registry: client, schema: schema,
            configuration: try configuration(["reference.subject.name.strategy": "io.confluent.kafka.serializers.subject.QualifiedReferenceSubjectNameStrategy"]))
        _ = try await serializer.serialize(ProtoMessage(fields: [1: .single(.string("o"))]), topic: "orders")
        let subjects = try await client.subjects()
        XCTAssertEqual(subjects, ["orders-value", "shop.common"])
        let references = try await client.latest(subject: "orders-value").schema.references
        XCTAssertEqual(references, [SchemaReference(name: "shop/common.proto", subject: "shop.common", version: 1)])
    }

    func testNewPropertiesParseAndBadOnesNameTheProperty() throws {
        var registryConfiguration = RegistryClientConfiguration(urls: [])
        let parsed = try KafkaSerdeConfiguration(properties: [
            "use.latest.with.metadata": "app.major=2, owner=orders", "key.schema.id.serializer": "HeaderSchemaIdSerializer",
            "reference.subject.name.strategy": "QualifiedReferenceSubjectNameStrategy",
            "bearer.auth.credentials.source": "OAUTHBEARER", "bearer.auth.issuer.endpoint.url": "https://idp/token",
            "bearer.auth.client.id": "svc", "bearer.auth.client.secret": "pw", "bearer.auth.scope": "registry",
            "bearer.auth.logical.cluster": "lsrc-1", "bearer.auth.identity.pool.id": "pool-1",
        ], registry: &registryConfiguration)
        XCTAssertEqual(parsed.useLatestWithMetadata, ["app.major": "2", "owner": "orders"])
        XCTAssertEqual(parsed.keySchemaIDFraming, .header)
        XCTAssertEqual(parsed.valueSchemaIDFraming, .prefix)
        XCTAssertEqual(parsed.referenceSubjectNameStrategy, .qualified)
        guard case let .oauth(credentials) = registryConfiguration.authentication else { return XCTFail("no OAuth") }
        XCTAssertEqual(credentials, OAuthClientCredentials(tokenEndpoint: "https://idp/token", clientID: "svc", clientSecret: "pw", scope: "registry"))
        XCTAssertEqual(registryConfiguration.headers, ["target-sr-cluster": "lsrc-1", "Confluent-Identity-Pool-Id": "pool-1"])

        let bad: [([String: String], String)] = [
            (["use.latest.with.metadata": "nopairs"], "use.latest.with.metadata"),
            (["value.schema.id.serializer": "Base64"], "value.schema.id.serializer"),
            (["reference.subject.name.strategy": "Mine"], "reference.subject.name.strategy"),
            (["bearer.auth.credentials.source": "OAUTHBEARER", "bearer.auth.client.id": "x", "bearer.auth.client.secret": "y"], "bearer.auth.issuer.endpoint.url"),
            (["bearer.auth.client.id": "x"], "bearer.auth.client.id"),
            (["bearer.auth.credentials.source": "SASL_INHERIT"], "bearer.auth.credentials.source"),
        ]
        for (properties, name) in bad {
            var scratch = RegistryClientConfiguration(urls: [])
            XCTAssertThrowsError(try KafkaSerdeConfiguration(properties: properties, registry: &scratch)) { error in
                guard case let .configuration(property, _)? = error as? SerdeError else { return XCTFail("\(error)") }
                XCTAssertEqual(property, name)
            }
        }
    }
}
