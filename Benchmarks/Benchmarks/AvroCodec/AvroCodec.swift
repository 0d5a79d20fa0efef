// Avro encode/decode of the `orders` record through each Swift path: the generated fast path
// (this target's orders.avsc, generated at build time by the SchemaWire plugin), `Codable`, and
// the schema-driven `AvroValue`; schema resolution (v1 bytes read as v2); Confluent framing.
import Benchmark
import BenchmarkSupport
import Foundation
import SchemaWireAvro
import SchemaWireCore

let order = Order(
    orderId: UUID(uuidString: "8d3f1c52-4a7e-4a53-9f1e-2b8c6f0a9e11")!, userId: "user-42",
    items: [OrderItem(sku: "SKU-1", quantity: 2, unitPrice: Decimal(string: "12.50")!), OrderItem(sku: "SKU-2", quantity: 1, unitPrice: 3)],
    amount: Decimal(string: "28.00")!, currency: .EUR, createdAt: Date(timeIntervalSince1970: 1_764_072_000), note: "leave at the door")

let benchmarks: @Sendable () -> Void = {
    BenchmarkDefaults.apply()
    let schema = Order.avroSchema
    let bytes = try! order.avroEncoded()
    let value = try! schema.decode(bytes)

    Benchmark("Avro generated encode") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try order.avroEncoded()) }
    }
    Benchmark("Avro generated decode") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Order(avroEncoded: bytes)) }
    }
    Benchmark("Avro Codable encode") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try AvroEncoder().encode(order, schema: schema)) }
    }
    Benchmark("Avro Codable decode") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try AvroDecoder().decode(Order.self, from: bytes, schema: schema)) }
    }
    Benchmark("Avro AvroValue encode") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try schema.encode(value)) }
    }
    Benchmark("Avro AvroValue decode") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try schema.decode(bytes)) }
    }

    // Schema resolution: bytes written with orders v1, read as v2 (new optional fields take defaults).
    let writer = try! AvroSchema(parsing: try! BenchmarkDefaults.repositoryFile("schemas/orders/order-v1.avsc"))
    let reader = try! AvroSchema(parsing: try! BenchmarkDefaults.repositoryFile("schemas/orders/order-v2.avsc"))
    let example = try! JSONValue(parsing: try! BenchmarkDefaults.repositoryFile("schemas/orders/order-example.json"))
    let v1Bytes = try! writer.encode(try! AvroValue(avroJSON: example, schema: writer))
    let resolver = try! AvroDatumReader(writer: writer, reader: reader)
    Benchmark("Avro resolution decode (v1 as v2)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try resolver.decode(v1Bytes)) }
    }

    // Confluent wire framing: magic byte, big-endian schema id, payload; and reading it back.
    Benchmark("Confluent framing (frame + read header)") { benchmark in
        for _ in benchmark.scaledIterations {
            let framed = ConfluentFraming.frame(schemaID: 42, payload: bytes)
            blackHole(try ConfluentFraming.readHeader(framed))
        }
    }
}
