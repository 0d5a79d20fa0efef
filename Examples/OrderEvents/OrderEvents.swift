// An example target built with the SchemaWire codegen plugin: the .avsc files beside this file
// become Swift types at build time (OrderPlaced, ShippingAddress). See Tests/SchemaWireCodegenTests.
import Foundation
import SchemaWireAvro

extension OrderPlaced {
    /// A new order event stamped now.
    public static func placed(userId: String, total: Decimal, shipTo: ShippingAddress? = nil) -> OrderPlaced {
        OrderPlaced(orderId: UUID(), userId: userId, total: total, placedAt: Date(), shipTo: shipTo)
    }
}
