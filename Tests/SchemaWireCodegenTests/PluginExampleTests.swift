import Foundation
import OrderEvents
import SchemaWireAvro
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
}
