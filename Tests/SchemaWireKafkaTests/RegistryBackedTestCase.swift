import Foundation
import SchemaWireCodegenGolden
import SchemaWireKafka
import SchemaWireRegistry
import SchemaWireTestSupport
import XCTest

/// The setting serde tests share: an embedded registry on loopback per test, a client for it,
/// sample orders and serde settings from Confluent property names.
class RegistryBackedTestCase: RegistryTestCase {
    var client: SchemaRegistryClient!

    override func setUp() async throws {
        try await super.setUp()
        client = SchemaRegistryClient(configuration: .init(urls: [registry.url]))
    }

    /// Order number `index`: four users take turns, the amount is the index.
    func sampleOrder(_ index: Int) -> Order {
        Order(
            orderId: UUID(), userId: "user-\(index % 4)", items: [OrderItem(sku: "SKU-\(index)", quantity: 1, unitPrice: 10)],
            amount: Decimal(index), currency: .KRW, createdAt: Date(timeIntervalSince1970: 1_764_072_000))
    }

    /// Serde settings from Confluent property names, for this test's registry.
    func configuration(_ properties: [String: String]) throws -> KafkaSerdeConfiguration {
        var registryConfiguration = RegistryClientConfiguration(urls: [registry.url])
        return try KafkaSerdeConfiguration(properties: properties, registry: &registryConfiguration)
    }
}
