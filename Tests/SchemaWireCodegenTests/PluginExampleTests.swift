import Foundation
import OrderEvents
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
        change.changedAt = Google_Protobuf_Timestamp()
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
}
