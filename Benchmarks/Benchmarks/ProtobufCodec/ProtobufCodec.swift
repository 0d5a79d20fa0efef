// Protobuf encode/decode of one `agreement.Order` (nested lines, a map, a oneof, every scalar
// kind): the generated type (this target's agreement.proto, generated at build time by the
// SchemaWire plugin) and the dynamic `ProtoMessage` path with the schema parsed at run time.
import Benchmark
import BenchmarkSupport
import SchemaWireCore
import SchemaWireProtobuf

let benchmarks: @Sendable () -> Void = {
    BenchmarkDefaults.apply()
    let schema = try! Agreement_Order.protoFile.schema()
    let json = """
        {"orderId":"8d3f1c52-4a7e-4a53-9f1e-2b8c6f0a9e11","userId":"user-42",
         "lines":[{"sku":"SKU-1","quantity":2,"priceCents":"1250"},{"sku":"SKU-2","quantity":1,"priceCents":"300"}],
         "tagCounts":{"express":"2","gift":"1"},"cardToken":"tok_visa_4242","color":"GREEN",
         "placedAtMicros":"1764072000000000","total":28.0,"gift":true}
        """
    let message = try! schema.message(fromJSON: try! JSONValue(parsing: json), as: "agreement.Order")
    let bytes = try! schema.encode(message, as: "agreement.Order")
    let order = try! Agreement_Order(serializedBytes: bytes)

    Benchmark("Protobuf generated encode") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(order.serializedBytes()) }
    }
    Benchmark("Protobuf generated decode") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Agreement_Order(serializedBytes: bytes)) }
    }
    Benchmark("Protobuf ProtoMessage encode") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try schema.encode(message, as: "agreement.Order")) }
    }
    Benchmark("Protobuf ProtoMessage decode") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try schema.decode(bytes, as: "agreement.Order")) }
    }
    Benchmark("Confluent framing with message indexes") { benchmark in
        for _ in benchmark.scaledIterations {
            let framed = ConfluentFraming.frame(schemaID: 7, messageIndexes: [0], payload: bytes)
            blackHole(try ConfluentFraming.readHeader(framed, hasMessageIndexes: true))
        }
    }
}
