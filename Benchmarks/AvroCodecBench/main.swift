// Avro encode/decode of one orders record (the example schema, via the generated type) through
// the three Swift paths, with fastavro measured in the same run on the same record:
//   swift run -c release avro-codec-bench [iterations [encode|decode]]
import Foundation
import SchemaWireAvro
import SchemaWireCodegenGolden
import SchemaWireCore
import SchemaWireTestSupport

let iterations = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 200_000
let order = Order(
    orderId: UUID(uuidString: "8d3f1c52-4a7e-4a53-9f1e-2b8c6f0a9e11")!, userId: "user-42",
    items: [OrderItem(sku: "SKU-1", quantity: 2, unitPrice: Decimal(string: "12.50")!), OrderItem(sku: "SKU-2", quantity: 1, unitPrice: 3)],
    amount: Decimal(string: "28.00")!, currency: .EUR, createdAt: Date(timeIntervalSince1970: 1_764_072_000), note: "leave at the door")
let schema = Order.avroSchema
let bytes = try order.avroEncoded()
let value = try schema.decode(bytes)

func measure(_ name: String, _ body: () throws -> Int) rethrows -> Double {
    try BenchClock.measure(name, unit: "record", iterations: iterations, body)
}

let only = CommandLine.arguments.dropFirst(2).first
if only == "encode" { _ = try measure("generated encode") { try order.avroEncoded().count }; exit(0) }
if only == "decode" { _ = try measure("generated decode") { try Order(avroEncoded: bytes).items.count }; exit(0) }
print("orders record: \(bytes.count) bytes, \(iterations) iterations")
let generatedEncode = try measure("generated encode") { try order.avroEncoded().count }
let generatedDecode = try measure("generated decode") { try Order(avroEncoded: bytes).items.count }
BenchClock.result("avro.generated.encode_ns", generatedEncode)
BenchClock.result("avro.generated.decode_ns", generatedDecode)
BenchClock.result("avro.payload_hex", bytes.hexString)
_ = try measure("AvroValue encode") { try schema.encode(value).count }
_ = try measure("AvroValue decode") { if case let .record(fields) = try schema.decode(bytes) { fields.count } else { 0 } }
_ = try measure("Codable encode (AvroEncoder)") { try AvroEncoder().encode(order, schema: schema).count }
_ = try measure("Codable decode (AvroDecoder)") { try AvroDecoder().decode(Order.self, from: bytes, schema: schema).items.count }

// fastavro on the same schema and bytes, in this run.
let script = """
    import io, json, sys, timeit, fastavro
    schema = fastavro.parse_schema(json.loads(sys.argv[1]))
    data = bytes.fromhex(sys.argv[2])
    record = fastavro.schemaless_reader(io.BytesIO(data), schema)
    n = int(sys.argv[3])
    def encode():
        out = io.BytesIO(); fastavro.schemaless_writer(out, schema, record)
    def decode():
        fastavro.schemaless_reader(io.BytesIO(data), schema)
    print(timeit.timeit(encode, number=n) / n * 1e9, timeit.timeit(decode, number=n) / n * 1e9)
    """
let python = try PythonOracle.run(script, arguments: [schema.jsonString(), bytes.hexString, String(min(iterations, 100_000))])
let peer = String(decoding: python, as: UTF8.self).split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
guard peer.count == 2 else {
    // A ratio without its peer is no measurement: fail the run (and scripts/bench-smoke).
    FileHandle.standardError.write(Data("fastavro printed no timings: \(String(decoding: python, as: UTF8.self))\n".utf8))
    exit(1)
}
print(String(format: "%-34@ %8.0f ns/record", "fastavro encode (schemaless_writer)" as NSString, peer[0]))
print(String(format: "%-34@ %8.0f ns/record", "fastavro decode (schemaless_reader)" as NSString, peer[1]))
print(String(format: "generated vs fastavro: encode %.1fx, decode %.1fx faster", peer[0] / generatedEncode, peer[1] / generatedDecode))
BenchClock.result("avro.fastavro.encode_ns", peer[0])
BenchClock.result("avro.fastavro.decode_ns", peer[1])
