import Foundation
import SchemaWireAvro
import SchemaWireTestSupport
import XCTest

/// avro-c (Debian's libavro 1.11) is the reference: for 400 random schemas and values (logical
/// types, recursive records, NaN, ±∞ and −0 among them), its binary encoding and ours must be the
/// same bytes, and each must read what the other wrote.
final class LibAvroAgreementTests: XCTestCase {
    func testEncodingIsByteIdenticalWithLibavro() throws {
        var compared = 0
        for seed in 0..<400 {
            var random = RandomAvro(seed: UInt64(seed) &+ 10_000)
            random.recursion = true
            random.specialFloats = true
            let schema = try random.schema(depth: 4)
            let value = random.value(of: schema.root, in: schema)
            let ours = try schema.encode(value)
            let reference = try LibAvro.encode(value, schema: schema)
            XCTAssertEqual(ours, reference, "seed \(seed): \(schema.jsonString())")
            XCTAssertEqual(try LibAvro.reencode(ours, schema: schema), ours, "libavro reads our bytes, seed \(seed)")
            // Bytes, not values: NaN is not equal to itself.
            XCTAssertEqual(try schema.encode(schema.decode(reference)), reference, "we read libavro's bytes, seed \(seed)")
            compared += ours.count
        }
        XCTAssertGreaterThan(compared, 10_000)
    }

    func testExampleOrderIsByteIdenticalWithLibavro() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../schemas/orders/order-v2.avsc")
        let schema = try AvroSchema(parsing: String(contentsOf: url, encoding: .utf8))
        for seed in 0..<50 {
            var random = RandomAvro(seed: UInt64(seed))
            let value = random.value(of: schema.root, in: schema)
            XCTAssertEqual(try schema.encode(value), try LibAvro.encode(value, schema: schema))
        }
    }
}
