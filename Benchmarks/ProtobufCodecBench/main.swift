// Protobuf encode/decode of one order message (agreement.Order: nested lines, maps, a oneof,
// every scalar type) through the generated Swift type and the dynamic ProtoMessage path, with
// libprotobuf-c (protoc-c generated code) measured in the same run on the same bytes:
//   swift run -c release protobuf-codec-bench [iterations] [decode|encode]   (the last runs one path alone, for a profiler)
import Foundation
import SchemaWireCodegenGolden
import SchemaWireCore
import SchemaWireProtobuf
import SchemaWireTestSupport

let iterations = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 200_000
let schema = try Agreement_Order.protoFile.schema()
let json = """
    {"orderId":"8d3f1c52-4a7e-4a53-9f1e-2b8c6f0a9e11","userId":"user-42",
     "lines":[{"sku":"SKU-1","quantity":2,"priceCents":"1250"},{"sku":"SKU-2","quantity":1,"priceCents":"300"}],
     "tagCounts":{"express":"2","gift":"1"},"cardToken":"tok_visa_4242","color":"GREEN",
     "placedAtMicros":"1764072000000000","total":28.0,"gift":true}
    """
let message = try schema.message(fromJSON: try JSONValue(parsing: json), as: "agreement.Order")
let bytes = try schema.encode(message, as: "agreement.Order")
let order = try Agreement_Order(serializedBytes: bytes)
precondition(order.serializedBytes() == bytes, "generated and dynamic encodings differ")

func measure(_ name: String, _ body: () throws -> Int) rethrows -> Double {
    try BenchClock.measure(name, unit: "message", iterations: iterations, body)
}

let only = CommandLine.arguments.dropFirst(2).first
if only == "decode" { _ = try measure("generated decode") { try Agreement_Order(serializedBytes: bytes).lines.count }; exit(0) }
if only == "encode" { _ = measure("generated encode") { order.serializedBytes().count }; exit(0) }
print("agreement.Order: \(bytes.count) bytes, \(iterations) iterations")
let encodeTime = try measure("generated encode") { order.serializedBytes().count }
let decodeTime = try measure("generated decode") { try Agreement_Order(serializedBytes: bytes).lines.count }
_ = try measure("ProtoMessage encode") { try schema.encode(message, as: "agreement.Order").count }
_ = try measure("ProtoMessage decode") { try schema.decode(bytes, as: "agreement.Order").fields.count }
switch ProtobufCReference.benchmark(bytes, as: "agreement.Order", iterations: iterations) {
case let .success(peer):
    print(String(format: "%-34@ %8.0f ns/message", "protobuf-c pack" as NSString, peer.pack))
    print(String(format: "%-34@ %8.0f ns/message", "protobuf-c unpack" as NSString, peer.unpack))
    print(String(format: "generated vs protobuf-c: encode %.2fx, decode %.2fx (above 1 = faster)", peer.pack / encodeTime, peer.unpack / decodeTime))
    BenchClock.result("protobuf.generated.encode_ns", encodeTime)
    BenchClock.result("protobuf.generated.decode_ns", decodeTime)
    BenchClock.result("protobuf.protobuf-c.encode_ns", peer.pack)
    BenchClock.result("protobuf.protobuf-c.decode_ns", peer.unpack)
case let .failure(failure):
    // A ratio without its peer is no measurement: fail the run (and scripts/bench-smoke).
    FileHandle.standardError.write(Data("protobuf-c benchmark failed: \(failure)\n".utf8))
    exit(1)
}
