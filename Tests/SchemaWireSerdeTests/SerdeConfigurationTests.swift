import Foundation
import SchemaWireAvro
import SchemaWireCodegenGolden
import SchemaWireCore
import SchemaWireProtobuf
import SchemaWireRegistry
import SchemaWireSerde
import SchemaWireTestSupport
import XCTest

/// Confluent's serde property names, parsed and then behaving as their Java counterparts do,
/// over HTTP against the embedded registry.
final class SerdeConfigurationTests: RegistryBackedTestCase {
    lazy var order = sampleOrder(1)

    /// Order's schema with one more optional field: what a newer producer registered.
    func newerOrderSchema() throws -> String {
        guard case var .object(root) = try JSONValue(parsing: Order.avroSchema.jsonString()), case var .array(fields)? = root["fields"] else {
            struct UnexpectedSchema: Error, CustomStringConvertible { let description: String }
            throw UnexpectedSchema(description: "Order's schema is not a record with fields: \(Order.avroSchema.jsonString())")
        }
        fields.append(.object(["name": .string("channel"), "type": .string("string"), "default": .string("web")]))
        root["fields"] = .array(fields)
        return JSONValue.object(root).serialized()
    }

    func testPropertiesParseByConfluentNamesAndBadOnesNameTheProperty() throws {
        var registryConfiguration = RegistryClientConfiguration(urls: [])
        let parsed = try KafkaSerdeConfiguration(properties: [
            "auto.register.schemas": "false", "use.latest.version": "TRUE", "latest.compatibility.strict": "false", "use.schema.id": "7",
            "normalize.schemas": "true", "value.subject.name.strategy": "io.confluent.kafka.serializers.subject.RecordNameStrategy",
            "key.subject.name.strategy": "TopicRecordNameStrategy", "schema.registry.url": "https://a:8081, https://b:8081",
            "basic.auth.user.info": "ci:secret", "schema.registry.ssl.ca.location": "/etc/ca.pem", "latest.cache.ttl.sec": "5",
            "request.header.X-Tenant": "shop",
        ], registry: &registryConfiguration)
        XCTAssertFalse(parsed.autoRegisterSchemas)
        XCTAssertTrue(parsed.useLatestVersion)
        XCTAssertFalse(parsed.latestCompatibilityStrict)
        XCTAssertEqual(parsed.useSchemaID, 7)
        XCTAssertTrue(parsed.normalizeSchemas)
        XCTAssertEqual(parsed.valueSubjectNameStrategy, .recordName)
        XCTAssertEqual(parsed.keySubjectNameStrategy, .topicRecordName)
        XCTAssertEqual(registryConfiguration.urls, ["https://a:8081", "https://b:8081"])
        guard case let .basic(user, password) = registryConfiguration.authentication else { return XCTFail("no basic auth") }
        XCTAssertEqual([user, password], ["ci", "secret"])
        XCTAssertEqual(registryConfiguration.tls.caFile, "/etc/ca.pem")
        XCTAssertEqual(registryConfiguration.latestCacheTTL, .seconds(5))
        XCTAssertEqual(registryConfiguration.headers, ["X-Tenant": "shop"])

        var fromURL = RegistryClientConfiguration(urls: [])
        _ = try KafkaSerdeConfiguration(
            properties: ["schema.registry.url": "https://ci:pw@registry:8081", "basic.auth.credentials.source": "URL"], registry: &fromURL)
        XCTAssertEqual(fromURL.urls, ["https://registry:8081"], "credentials leave the URL")

        for (name, value) in [("auto.register.schemas", "yes"), ("use.schema.id", "seven"), ("value.subject.name.strategy", "ByColour"), ("no.such.property", "1"),
                              ("basic.auth.user.info", "no-colon")] {
            XCTAssertThrowsError(try configuration([name, value].count == 2 ? [name: value] : [:])) { error in
                guard case let .configuration(property, _)? = error as? SerdeError else { return XCTFail("\(error)") }
                XCTAssertEqual(property, name)
            }
        }
    }

    /// The spellings Confluent's Python and Java clients use for the same settings are accepted;
    /// two spellings of one setting must agree; unknown names stay errors.
    func testOtherClientsSpellingsAreAccepted() async throws {
        var python = RegistryClientConfiguration(urls: [])
        _ = try KafkaSerdeConfiguration(
            properties: [
                "url": "https://sr:8081", "ssl.ca.location": "/etc/ca.pem", "ssl.certificate.location": "/etc/client.pem",
                "ssl.key.location": "/etc/client.key", "cache.latest.ttl.sec": "9", "schema.registry.basic.auth.user.info": "ci:pw",
                "specific.avro.reader": "true",
            ], registry: &python)
        XCTAssertEqual(python.urls, ["https://sr:8081"])
        XCTAssertEqual([python.tls.caFile, python.tls.certificateFile, python.tls.keyFile], ["/etc/ca.pem", "/etc/client.pem", "/etc/client.key"])
        XCTAssertEqual(python.latestCacheTTL, .seconds(9))
        guard case let .basic(user, password) = python.authentication else { return XCTFail("no basic auth") }
        XCTAssertEqual([user, password], ["ci", "pw"])

        var bearer = RegistryClientConfiguration(urls: [])
        _ = try KafkaSerdeConfiguration(properties: ["schema.registry.bearer.auth.token": "t0k", "schema.registry.bearer.auth.logical.cluster": "lsrc-1"], registry: &bearer)
        guard case let .bearer(token) = bearer.authentication else { return XCTFail("no bearer auth") }
        let sent = try await token()
        XCTAssertEqual(sent, "t0k")
        XCTAssertEqual(bearer.headers["target-sr-cluster"], "lsrc-1")

        var same = RegistryClientConfiguration(urls: [])
        XCTAssertNoThrow(try KafkaSerdeConfiguration(properties: ["url": "https://sr:8081", "schema.registry.url": "https://sr:8081"], registry: &same))
        for (properties, culprit) in [
            (["url": "https://a:8081", "schema.registry.url": "https://b:8081"], "url"),
            (["specific.avro.reader": "maybe"], "specific.avro.reader"),
            (["schema.registry.no.such": "1"], "schema.registry.no.such"),
        ] {
            XCTAssertThrowsError(try configuration(properties)) { error in
                guard case let .configuration(property, _)? = error as? SerdeError else { return XCTFail("\(error)") }
                XCTAssertEqual(property, culprit)
            }
        }
    }

    func testAutoRegisterOffNeedsTheSchemaRegisteredFirst() async throws {
        let serializer = KafkaAvroSerializer<Order>(registry: client, configuration: try configuration(["auto.register.schemas": "false"]))
        do {
            _ = try await serializer.serialize(order, topic: "orders")
            XCTFail("serialized without a registered schema")
        } catch {
            XCTAssertTrue("\(error)".contains("orders-value"), "\(error)")
        }
        let id = try await client.register(RegistrySchema(text: Order.avroSchema.jsonString()), subject: "orders-value")
        let fresh = KafkaAvroSerializer<Order>(registry: client, configuration: try configuration(["auto.register.schemas": "false"]))
        let bytes = try await fresh.serialize(order, topic: "orders") ?? []
        XCTAssertEqual(try ConfluentFraming.readHeader(bytes).schemaID, Int32(id))
    }

    func testUseLatestVersionRewritesValuesIntoTheLatestSchema() async throws {
        _ = try await client.register(RegistrySchema(text: Order.avroSchema.jsonString()), subject: "orders-value")
        let newer = try newerOrderSchema()
        let latestID = try await client.register(RegistrySchema(text: newer), subject: "orders-value")
        let serializer = KafkaAvroSerializer<Order>(registry: client, configuration: try configuration(["use.latest.version": "true"]))
        let bytes = try await serializer.serialize(order, topic: "orders") ?? []
        let header = try ConfluentFraming.readHeader(bytes)
        XCTAssertEqual(header.schemaID, Int32(latestID), "framed with the latest id")
        // The bytes are the latest schema's: they decode with it, the new field at its default.
        guard case let .record(fields) = try AvroSchema(parsing: newer).decode(Array(bytes[header.payloadOffset...])) else { return XCTFail("not a record") }
        XCTAssertEqual(fields["channel"], .string("web"))
        XCTAssertEqual(fields["userId"], .string("user-1"))
    }

    func testStrictLatestRefusesALatestSchemaTheValueCannotRead() async throws {
        try await client.setCompatibilityLevel(.none, subject: "audit-value")
        let unreadable = #"{"type": "record", "name": "Order", "namespace": "com.example.orders", "fields": [{"name": "somethingElse", "type": "long"}]}"#
        _ = try await client.register(RegistrySchema(text: unreadable), subject: "audit-value")
        let strict = KafkaAvroSerializer<Order>(registry: client, configuration: try configuration(["use.latest.version": "true"]))
        do {
            _ = try await strict.serialize(order, topic: "audit")
            XCTFail("wrote values the latest schema's readers cannot use")
        } catch {
            XCTAssertTrue("\(error)".contains("cannot read version 1 (latest)"), "\(error)")
        }
    }

    func testUseSchemaIDFramesEveryRecordWithThatID() async throws {
        let id = try await client.register(RegistrySchema(text: Order.avroSchema.jsonString()), subject: "elsewhere")
        let serializer = KafkaAvroSerializer<Order>(registry: client, configuration: try configuration(["use.schema.id": String(id)]))
        let bytes = try await serializer.serialize(order, topic: "orders") ?? []
        XCTAssertEqual(try ConfluentFraming.readHeader(bytes).schemaID, Int32(id))
        let subjects = try await client.subjects()
        XCTAssertEqual(subjects, ["elsewhere"], "nothing registered under orders-value")
    }

    func testNormalizeSchemasMakesTheClientAndTheRegistryAgreeOnOneText() async throws {
        let serializer = KafkaAvroSerializer<Order>(registry: client, configuration: try configuration(["normalize.schemas": "true"]))
        let bytes = try await serializer.serialize(order, topic: "orders") ?? []
        let stored = try await client.latest(subject: "orders-value")
        XCTAssertEqual(stored.schema.text, Order.avroSchema.normalizedForm, "the registry keeps the normal form")
        XCTAssertEqual(try ConfluentFraming.readHeader(bytes).schemaID, Int32(stored.id))
        // Another team registers the same schema with docs and custom properties, asking to normalize: same id, no new version.
        guard case var .object(decorated) = try JSONValue(parsing: Order.avroSchema.jsonString()) else { return XCTFail("not an object") }
        decorated["doc"] = .string("written by the checkout team")
        decorated["x-owner"] = .string("checkout")
        let (status, answer) = try await registry.call(
            "POST", "/subjects/orders-value/versions?normalize=True", body: ["schema": JSONValue.object(decorated).serialized(.pretty)])
        XCTAssertEqual(status, 200)
        XCTAssertEqual((answer as? [String: Any])?["id"] as? Int, stored.id)
        let versions = try await client.versions(of: "orders-value")
        XCTAssertEqual(versions, [1])

        // Protobuf: a file written another way registers, normalized, as the same schema.
        let common = "syntax = \"proto3\"; package shop.common; message Money { int64 units = 1; string currency = 2; }"
        let tidy = try ProtoSchema(
            parsing: "syntax = \"proto3\";\npackage shop;\nimport \"shop/common.proto\";\nmessage Order { shop.common.Money total = 1; }\n",
            path: "shop/order.proto", references: ["shop/common.proto": common])
        let messy = try ProtoSchema(
            parsing: "syntax=\"proto3\"; package shop; import \"shop/common.proto\"; // the order\nmessage Order{.shop.common.Money total=1;}",
            path: "shop/order.proto", references: ["shop/common.proto": common + " // money"])
        let first = try await client.registerProtobuf(tidy, subject: "proto-value", normalize: true)
        let second = try await client.registerProtobuf(messy, subject: "proto-value", normalize: true)
        XCTAssertEqual(first, second)
        let protoVersions = try await client.versions(of: "proto-value")
        XCTAssertEqual(protoVersions, [1])
        let storedProto = try await client.latest(subject: "proto-value").schema.text
        XCTAssertEqual(storedProto, tidy.normalizedSource)
    }

    /// The documentation's serde property table is this list, row for row, so it cannot drift.
    func testTheDocumentedTableMatchesTheCode() throws {
        let readme = try String(
            contentsOfFile: CommandRunner.repositoryPath("Sources/SchemaWireKafka/SchemaWireKafka.docc/Configuration.md"), encoding: .utf8)
        guard let start = readme.range(of: "| Confluent property | default | meaning |") else { return XCTFail("no serde property table in Configuration.md") }
        let rows = readme[start.upperBound...].split(separator: "\n").dropFirst().prefix { $0.hasPrefix("| `") }
        let documented = rows.map { row in row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
            .map { [$0[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")), $0[1], $0[2]] }
        XCTAssertEqual(documented, KafkaSerdeConfiguration.properties.map { [$0.name, $0.defaultValue, $0.meaning] })
    }
}
