import DebeziumInventory
import Foundation
import OrderEvents
import ProtobufWellKnownTypes
import SchemaWireAvro
import SchemaWireProtobuf
import XCTest

/// The `OrderEvents` example target gets its types from the build plugin; they work like the
/// golden ones.
final class PluginExampleTests: XCTestCase {
    func testTypesGeneratedByThePluginRoundTrip() throws {
        let event = OrderPlaced.placed(userId: "user-42", total: Decimal(string: "19.99")!, shipTo: ShippingAddress(city: "Seoul"))
        let bytes = try event.avroEncoded()
        XCTAssertEqual(bytes, try AvroEncoder().encode(event, schema: OrderPlaced.avroSchema))
        let decoded = try OrderPlaced(avroEncoded: bytes)
        XCTAssertEqual(decoded.userId, "user-42")
        XCTAssertEqual(decoded.shipTo?.country, "KR")
        XCTAssertEqual(decoded.total, Decimal(string: "19.99")!)
        XCTAssertEqual(OrderPlaced.avroSchema.root.fullName, "com.example.events.OrderPlaced")
    }

    func testProtobufTypesGeneratedByThePluginRoundTrip() throws {
        var change = Shop_Events_OrderStatusChanged()
        change.orderId = "o-1"
        change.status = .shipped
        // OrderEvents' schemawire.json names ProtobufWellKnownTypes as its well-known types' module:
        // the timestamp is that module's type, not a copy generated into OrderEvents.
        change.changedAt = ProtobufWellKnownTypes.Google_Protobuf_Timestamp()
        change.changedAt?.seconds = 1_764_082_800
        change.labels = ["carrier": "cj"]
        let decoded = try Shop_Events_OrderStatusChanged(serializedBytes: change.serializedBytes())
        XCTAssertEqual(decoded, change)
        let schema = try Shop_Events_OrderStatusChanged.protoFile.schema()
        XCTAssertEqual(
            try schema.json(try schema.decode(change.serializedBytes())).serialized(),
            #"{"orderId":"o-1","status":"STATUS_SHIPPED","changedAt":"2025-11-25T15:00:00Z","labels":{"carrier":"cj"}}"#
        )
    }

    /// The 31 Debezium schemas generate, compile (this target builds them with the plugin) and
    /// read each other's types: an envelope of one table, its source block and its key.
    func testDebeziumTreeWithSharedShortNamesGeneratesAndRoundTrips() throws {
        let source = Source(
            version: "2.7.0", connector: "mysql", name: "dbserver1", ts_ms: 1_764_082_800_000, snapshot: "last", db: "inventory", table: "customers",
            server_id: 223_344, file: "mysql-bin.000003", pos: 154, row: 0
        )
        let after = Dbserver1_Inventory_Customers_Value(id: 1001, first_name: "Sally", last_name: "Thomas", email: "sally@example.com")
        let envelope = Dbserver1_Inventory_Customers_Envelope(before: nil, after: after, source: source, op: "c", ts_ms: 1_764_082_800_123)
        let decoded = try Dbserver1_Inventory_Customers_Envelope(avroEncoded: try envelope.avroEncoded())
        XCTAssertEqual(decoded, envelope)
        XCTAssertEqual(try envelope.avroEncoded(), try AvroEncoder().encode(envelope, schema: Dbserver1_Inventory_Customers_Envelope.avroSchema))
        XCTAssertEqual(Dbserver1_Inventory_Orders_Key.avroSchema.root.fullName, "dbserver1.inventory.orders.Key")
        XCTAssertNotEqual(Dbserver1_Inventory_Orders_Key.avroFingerprint, Dbserver1_Inventory_Customers_Key.avroFingerprint)
    }
}
