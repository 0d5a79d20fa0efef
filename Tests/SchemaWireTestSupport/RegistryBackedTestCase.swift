import Foundation
import SchemaWireCodegenGolden
import SchemaWireRegistry
import SchemaWireSerde
import SchemaWireTestSupport
import XCTest

/// The setting serde tests share: an embedded registry on loopback per test, a client for it,
/// sample orders and serde settings from Confluent property names.
open class RegistryBackedTestCase: RegistryTestCase {
    public var client: SchemaRegistryClient!

    open override func setUp() async throws {
        try await super.setUp()
        client = SchemaRegistryClient(configuration: .init(urls: [registry.url]))
    }

    /// Order number `index`: four users take turns, the amount is the index.
    public func sampleOrder(_ index: Int) -> Order {
        Order(
            orderId: UUID(), userId: "user-\(index % 4)", items: [OrderItem(sku: "SKU-\(index)", quantity: 1, unitPrice: 10)],
            amount: Decimal(index), currency: .KRW, createdAt: Date(timeIntervalSince1970: 1_764_072_000))
    }

    /// Serde settings from Confluent property names, for this test's registry.
    public func configuration(_ properties: [String: String]) throws -> KafkaSerdeConfiguration {
        var registryConfiguration = RegistryClientConfiguration(urls: [registry.url])
        return try KafkaSerdeConfiguration(properties: properties, registry: &registryConfiguration)
    }
}
