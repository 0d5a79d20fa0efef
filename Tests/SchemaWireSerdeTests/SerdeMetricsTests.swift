import MetricsTestKit
import SchemaWireCodegenGolden
import SchemaWireRegistry
import SchemaWireSerde
import SchemaWireTestSupport
import XCTest

/// Serdes and the registry client count on the metrics factory they were given.
final class SerdeMetricsTests: RegistryBackedTestCase {
    func testSerdesCountRecordsAndFailuresAndTheClientItsCacheAnswers() async throws {
        let metrics = TestMetrics()
        let registryClient = SchemaRegistryClient(configuration: .init(urls: [registry.url]), metrics: metrics)
        let serializer = KafkaAvroSerializer<Order>(registry: registryClient, configuration: KafkaSerdeConfiguration(), metrics: metrics)
        var framed: [[UInt8]?] = []
        for index in 0..<3 { framed.append(try await serializer.serialize(sampleOrder(index), topic: "orders")) }
        let deserializer = KafkaAvroDeserializer<Order>(registry: registryClient, metrics: metrics)
        for bytes in framed { _ = try await deserializer.deserialize(bytes, topic: "orders") }
        _ = try? await deserializer.deserialize([0, 0, 0, 0x7F, 0x7F], topic: "orders")

        func total(_ label: String, _ operation: String) throws -> Int64 {
            try metrics.expectCounter(label, [("format", "avro"), ("operation", operation), ("side", "value")]).totalValue
        }
        XCTAssertEqual(try total("schemawire_serde_records", "serialize"), 3)
        XCTAssertEqual(try total("schemawire_serde_failures", "serialize"), 0)
        XCTAssertEqual(try total("schemawire_serde_records", "deserialize"), 3)
        XCTAssertEqual(try total("schemawire_serde_failures", "deserialize"), 1)

        let id = try await registryClient.latest(subject: "orders-value").id
        _ = try await registryClient.schema(id: id)
        _ = try await registryClient.schema(id: id)
        let hits = metrics.counterTotal(label: "schemawire_registry_client_cache", dimensions: [("cache", "schema-by-id"), ("outcome", "hit")])
        let misses = metrics.counterTotal(label: "schemawire_registry_client_cache", dimensions: [("cache", "schema-by-id"), ("outcome", "miss")])
        XCTAssertGreaterThanOrEqual(hits, 2, "both lookups of a known id answered from the cache")
        XCTAssertLessThanOrEqual(misses, 2, "the unknown id and at most the registered one loaded")
        XCTAssertEqual(
            metrics.counterTotal(label: "schemawire_registry_client_cache", dimensions: [("cache", "registration"), ("outcome", "miss")]), 1,
            "one registration for three records")
    }
}
