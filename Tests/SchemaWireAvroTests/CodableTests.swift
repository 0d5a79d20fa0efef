import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireTestSupport
import XCTest

/// A hand-written model of `schemas/orders/order-v1.avsc`, as a user would write before codegen.
struct Order: Codable, Equatable {
    enum Currency: String, Codable { case USD, EUR, KRW, UNKNOWN }
    struct Item: Codable, Equatable {
        var sku: String
        var quantity: Int32
        var unitPrice: Decimal
    }
    var orderId: UUID
    var userId: String
    var items: [Item]
    var amount: Decimal
    var currency: Currency
    var createdAt: Date
    var note: String?
}

struct OrderV2: Codable, Equatable {
    var orderId: UUID
    var amount: Decimal
    var couponCode: String?
    var currency: String
}

final class CodableTests: XCTestCase {
    func orderSchema(_ version: Int) throws -> AvroSchema {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../schemas/orders/order-v\(version).avsc")
        return try AvroSchema(parsing: String(contentsOf: url, encoding: .utf8))
    }

    let order = Order(
        orderId: UUID(uuidString: "8d3f1c52-4a7e-4a53-9f1e-2b8c6f0a9e11")!, userId: "user-42",
        items: [.init(sku: "SKU-1", quantity: 2, unitPrice: Decimal(string: "12.00")!), .init(sku: "SKU-2", quantity: 1, unitPrice: Decimal(string: "-0.99")!)],
        amount: Decimal(string: "23.01")!, currency: .EUR, createdAt: Date(timeIntervalSince1970: 1_764_072_000.123), note: nil
    )

    func testOrderRoundTripsAndMatchesTheGenericPath() throws {
        let schema = try orderSchema(1)
        let bytes = try AvroEncoder().encode(order, schema: schema)
        let decoded = try AvroDecoder().decode(Order.self, from: bytes, schema: schema)
        XCTAssertEqual(decoded, order)
        // The Codable path writes exactly what the generic value path writes.
        let value = try schema.decode(bytes)
        guard case let .record(fields) = value else { return XCTFail() }
        XCTAssertEqual(fields["orderId"], .string("8d3f1c52-4a7e-4a53-9f1e-2b8c6f0a9e11"))
        XCTAssertEqual(fields["amount"], .bytes([0x08, 0xFD]))  // 2301 as two's complement
        XCTAssertEqual(fields["createdAt"], .long(1_764_072_000_123))
        XCTAssertEqual(fields["note"], .union(branch: 0, value: .null))
        XCTAssertEqual(fields["currency"], .enumeration("EUR"))
        XCTAssertEqual(try schema.encode(value), bytes)
    }

    func testV1BytesDecodeIntoAV2Model() throws {
        let bytes = try AvroEncoder().encode(order, schema: orderSchema(1))
        let datumReader = try AvroDatumReader(writer: orderSchema(1), reader: orderSchema(2))
        let v2 = try AvroDecoder().decode(OrderV2.self, from: bytes, resolving: datumReader)
        XCTAssertEqual(v2, OrderV2(orderId: order.orderId, amount: order.amount, couponCode: nil, currency: "EUR"))
    }

    func testDecimalConversions() throws {
        let table: [(String, Int, [UInt8])] = [("0", 2, [0]), ("1.27", 2, [0x7F]), ("1.28", 2, [0x00, 0x80]), ("-1.28", 2, [0x80]), ("-1.29", 2, [0xFF, 0x7F]), ("12345678901234567890.12", 2, [0x42, 0xED, 0x12, 0x3B, 0x0B, 0xD8, 0x20, 0x3A, 0x14])]
        for (text, scale, bytes) in table {
            let decimal = Decimal(string: text)!
            XCTAssertEqual(try AvroDecimal.bytes(for: decimal, scale: scale), bytes, text)
            XCTAssertEqual(try AvroDecimal.decimal(from: bytes, scale: scale), decimal, text)
        }
        XCTAssertEqual(try AvroDecimal.bytes(for: Decimal(-1), scale: 0, size: 4), [0xFF, 0xFF, 0xFF, 0xFF])
        XCTAssertThrowsError(try AvroDecimal.bytes(for: Decimal(string: "1.234")!, scale: 2))
        XCTAssertThrowsError(try AvroDecimal.bytes(for: Decimal(100_000), scale: 0, size: 2))
        XCTAssertThrowsError(try AvroDecimal.bytes(for: Decimal(string: "1000.00")!, scale: 2, precision: 5))
        XCTAssertEqual(try AvroDecimal.bytes(for: Decimal(string: "999.99")!, scale: 2, precision: 5), [0x01, 0x86, 0x9F])
    }

    /// Exponents above and below the scale, trailing zeros, NaN and the edges of 64 bits, where the
    /// integer fast path hands over to the general one.
    func testDecimalScalingEdges() throws {
        let table: [(String, Int, [UInt8])] = [
            ("1e3", 2, [0x01, 0x86, 0xA0]), ("-0.001", 3, [0xFF]), ("1.2300", 2, [0x7B]), ("-0", 2, [0]),
            ("92233720368547758.07", 2, [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
            ("92233720368547758.08", 2, [0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]),
            ("-92233720368547758.08", 2, [0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]),
            ("1e20", 0, [0x05, 0x6B, 0xC7, 0x5E, 0x2D, 0x63, 0x10, 0x00, 0x00]),
        ]
        for (text, scale, bytes) in table {
            XCTAssertEqual(try AvroDecimal.bytes(for: try XCTUnwrap(Decimal(string: text)), scale: scale), bytes, text)
        }
        XCTAssertThrowsError(try AvroDecimal.bytes(for: .nan, scale: 2))
        XCTAssertThrowsError(try AvroDecimal.bytes(for: try XCTUnwrap(Decimal(string: "0.0000000000000000000000001")), scale: 2))
        XCTAssertThrowsError(try AvroDecimal.bytes(for: Decimal(123), scale: 2, precision: 4))
        // Random unscaled values at random scales: the bytes are the value's own two's complement.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let unscaled = Int64.random(in: .min + 1 ... .max, using: &generator) >> Int64.random(in: 0...62, using: &generator)
            let scale = Int.random(in: 0...10, using: &generator)
            var digits = String(unscaled.magnitude)
            if scale > 0 {
                digits = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
                digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
            }
            let decimal = try XCTUnwrap(Decimal(string: (unscaled < 0 ? "-" : "") + digits))
            var expected = withUnsafeBytes(of: unscaled.bigEndian) { Array($0) }
            while expected.count > 1, (expected[0] == 0 && expected[1] & 0x80 == 0) || (expected[0] == 0xFF && expected[1] & 0x80 != 0) {
                expected.removeFirst()
            }
            XCTAssertEqual(try AvroDecimal.bytes(for: decimal, scale: scale), expected, "\(decimal) at scale \(scale)")
            XCTAssertEqual(try AvroDecimal.decimal(from: expected, scale: scale), decimal, "\(decimal) at scale \(scale)")
            var inPlace = ByteWriter()
            try inPlace.writeAvroDecimal(decimal, scale: scale)
            var viaArray = ByteWriter()
            viaArray.writeAvroBytes(expected)
            XCTAssertEqual(inPlace.bytes, viaArray.bytes, "\(decimal) at scale \(scale)")
        }
    }

    func testLogicalTypesMapToFoundationTypes() throws {
        struct Times: Codable, Equatable {
            var day: Date
            var micros: Date
            var nanos: Date
            var id: UUID
            var raw: Data
            var fixedID: Data
        }
        let schema = try AvroSchema(parsing: """
            {"type": "record", "name": "T", "fields": [
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "micros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
              {"name": "nanos", "type": {"type": "long", "logicalType": "local-timestamp-nanos"}},
              {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "raw", "type": "bytes"},
              {"name": "fixedID", "type": {"type": "fixed", "name": "F", "size": 3}}]}
            """)
        let value = Times(
            day: Date(timeIntervalSince1970: 86_400 * 20_000), micros: Date(timeIntervalSince1970: 1_700_000_000.25),
            nanos: Date(timeIntervalSince1970: -1.5), id: UUID(), raw: Data([0, 1, 2]), fixedID: Data([9, 8, 7]))
        let bytes = try AvroEncoder().encode(value, schema: schema)
        XCTAssertEqual(try AvroDecoder().decode(Times.self, from: bytes, schema: schema), value)
        guard case let .record(fields) = try schema.decode(bytes) else { return XCTFail() }
        XCTAssertEqual(fields["day"], .int(20_000))
        XCTAssertEqual(fields["micros"], .long(1_700_000_000_250_000))
        XCTAssertEqual(fields["nanos"], .long(-1_500_000_000))
        XCTAssertEqual(fields["id"], .string(value.id.uuidString.lowercased()))
    }

    func testMismatchedValuesAreErrors() throws {
        struct Wrong: Codable { var orderId: Int }
        XCTAssertThrowsError(try AvroEncoder().encode(Wrong(orderId: 1), schema: orderSchema(1)))
        XCTAssertThrowsError(try AvroDecoder().decode(Wrong.self, from: AvroEncoder().encode(order, schema: orderSchema(1)), schema: orderSchema(1)))
    }
}
