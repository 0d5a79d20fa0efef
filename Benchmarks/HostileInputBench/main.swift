// How every decoder and parser scales with its input: each workload is built at 64 KiB and at
// 1 MiB in the shape that used to cost more than its size (nulls claimed by the million, repeated
// occurrences of a message that merge, map entries, wide enums and records), and timed: the best
// of 25 runs at 64 KiB and of 5 at 1 MiB.
// Linear cost gives a ratio of 16; the target is 20 or less, and the Protobuf payloads of issue
// #20 (unpacked int32, map entries, a singular message repeated) decode a megabyte in 100 ms.
//   swift run -c release hostile-input-bench [--smoke] [workload-substring]
// (`--smoke`: 4 KiB and 16 KiB, one run each, no verdict: that every workload still builds and runs.)
import Foundation
import SchemaWireAvro
import SchemaWireCodegenGolden
import SchemaWireCore
import SchemaWireProtobuf

/// One workload: its input at a size, and the work it costs.
struct Workload {
    var name: String
    /// The most milliseconds the 1 MiB run may take, where the issue names one.
    var budget: Double? = nil
    var prepare: (Int) throws -> () throws -> Void
}

func long(_ value: Int64) -> [UInt8] {
    var writer = ByteWriter()
    writer.writeZigZag(value)
    return writer.bytes
}

func varint(_ value: UInt64) -> [UInt8] {
    var writer = ByteWriter()
    writer.writeVarint(value)
    return writer.bytes
}

func delimited(_ number: UInt64, _ body: [UInt8]) -> [UInt8] { varint(number << 3 | 2) + varint(UInt64(body.count)) + body }

/// Items a payload of `size` bytes holds when each takes `each` bytes.
func count(_ size: Int, each: Int) -> Int { max(1, size / each) }

let nullsSchema = try AvroSchema(parsing: #"{"type":"array","items":{"type":"array","items":"null"}}"#)
let longsSchema = try AvroSchema(parsing: #"{"type":"array","items":{"type":"record","name":"P","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"}]}}"#)
let widerSchema = try AvroSchema(parsing: #"{"type":"array","items":{"type":"record","name":"P","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"},{"name":"c","type":"long","default":7},{"name":"d","type":["null","string"],"default":null}]}}"#)
let decimalSchema = try AvroSchema(parsing: #"{"type":"record","name":"Price","fields":[{"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":9000000,"scale":2}}]}"#)
struct Price: Codable { var amount: Decimal }
let proto = try ProtoSchema(parsing: """
    syntax = "proto3";
    package h;
    message Inner { repeated int32 values = 1; map<int32, string> names = 2; }
    message Outer { repeated int32 numbers = 1 [packed = false]; map<string, int32> counts = 2; Inner inner = 3; }
    """, path: "h.proto")

func protoNumbers(_ size: Int) -> [UInt8] { Array((0..<count(size, each: 2)).map { [0x08, UInt8($0 % 100)] }.joined()) }
func protoMap(_ size: Int) -> [UInt8] {
    Array((0..<count(size, each: 14)).map { delimited(2, delimited(1, Array("k\($0 % 999_999)".utf8)) + [0x10, 0x01]) }.joined())
}
func protoMerges(_ size: Int) -> [UInt8] {
    Array((0..<count(size, each: 12)).map { delimited(3, [0x08, UInt8($0 % 100)] + delimited(2, [0x08, UInt8($0 % 50), 0x12, 0x01, 0x6E])) }.joined())
}
func items(_ size: Int) -> [OrderItem] { (0..<count(size, each: 12)).map { OrderItem(sku: "S\($0 % 1000)", quantity: Int32($0 % 100), unitPrice: 1) } }
func order(_ size: Int) -> Order {
    Order(orderId: UUID(), userId: "u", items: items(size), amount: 1, currency: .EUR, createdAt: Date(timeIntervalSince1970: 0))
}
func enumSchema(_ size: Int, drop: Int = 0) -> String {
    #"{"type":"enum","name":"E","symbols":[\#((0..<count(size, each: 9) - drop).map { "\"S\($0)\"" }.joined(separator: ","))]}"#
}
func recordSchema(_ size: Int, prefix: String) -> String {
    #"{"type":"record","name":"R","fields":[\#((0..<count(size, each: 34)).map { #"{"name":"\#(prefix)\#($0)","type":"int"}"# }.joined(separator: ","))]}"#
}
func protoFile(_ size: Int, name: String) -> String {
    "syntax = \"proto3\";\nmessage M {\n" + (1...count(size, each: 28)).map { "optional int32 \(name)\($0) = \($0 < 19_000 ? $0 : $0 + 1000);" }.joined(separator: "\n") + "\n}\n"
}

let workloads: [Workload] = [
    Workload(name: "avro generic: nulls claimed in arrays") { size in
        // Outer blocks of inner arrays of 1,000 nulls each, under the message's cap.
        let inner = long(1000) + long(0)
        let arrays = min(count(size, each: inner.count), 1000)
        let payload = long(Int64(arrays)) + Array(repeating: inner, count: arrays).joined() + long(0)
        return { _ = try nullsSchema.decode(payload) }
    },
    Workload(name: "avro generic: small records") { size in
        let payload = try longsSchema.encode(.array((0..<count(size, each: 3)).map { .record(["a": .long(Int64($0 % 60)), "b": .string("x")]) }))
        return { _ = try longsSchema.decode(payload) }
    },
    Workload(name: "avro resolved: records gain defaults") { size in
        let payload = try longsSchema.encode(.array((0..<count(size, each: 3)).map { .record(["a": .long(Int64($0 % 60)), "b": .string("x")]) }))
        let reader = try AvroDatumReader(writer: longsSchema, reader: widerSchema)
        return { _ = try reader.decode(payload) }
    },
    Workload(name: "avro generated: order items") { size in
        let payload = try order(size).avroEncoded()
        return { _ = try Order(avroEncoded: payload) }
    },
    Workload(name: "avro Codable: order items") { size in
        let payload = try order(size).avroEncoded()
        return { _ = try AvroDecoder().decode(Order.self, from: payload, schema: Order.avroSchema) }
    },
    Workload(name: "avro Codable: one huge decimal (refused)") { size in
        let payload = long(Int64(size)) + [UInt8](repeating: 0x5A, count: size)
        return { _ = try? AvroDecoder().decode(Price.self, from: payload, schema: decimalSchema) }
    },
    Workload(name: "avro JSON: records") { size in
        let text = "[" + (0..<count(size, each: 18)).map { #"{"a":\#($0 % 100),"b":"x"}"# }.joined(separator: ",") + "]"
        return { _ = try AvroValue(avroJSON: try JSONValue(parsing: text), schema: longsSchema) }
    },
    Workload(name: "avro container: small values") { size in
        var writer = try AvroContainerWriter(schema: longsSchema, codec: .deflate(), blockSize: 16 << 10)
        for index in 0..<count(size, each: 20) { try writer.append(.array([.record(["a": .long(Int64(index % 60)), "b": .string("x")])])) }
        let file = try writer.finish()
        return { _ = try AvroContainerReader(bytes: file).values() }
    },
    Workload(name: "avro schema: enum symbols") { size in
        let text = enumSchema(size)
        return { _ = try AvroSchema(parsing: text) }
    },
    Workload(name: "avro schema: record fields") { size in
        let text = recordSchema(size, prefix: "f")
        return { _ = try AvroSchema(parsing: text) }
    },
    Workload(name: "avro check: enum losing a symbol") { size in
        let (old, new) = (try AvroSchema(parsing: enumSchema(size)), try AvroSchema(parsing: enumSchema(size, drop: 1)))
        return { _ = new.compatibility(against: [("1", old)], level: .full) }
    },
    Workload(name: "avro check: every field renamed") { size in
        let (old, new) = (try AvroSchema(parsing: recordSchema(size, prefix: "a")), try AvroSchema(parsing: recordSchema(size, prefix: "b")))
        return { _ = new.compatibility(against: [("1", old)], level: .full) }
    },
    Workload(name: "protobuf dynamic: unpacked int32", budget: 100) { size in
        let payload = protoNumbers(size)
        return { _ = try proto.decode(payload, as: "h.Outer") }
    },
    Workload(name: "protobuf dynamic: map entries", budget: 100) { size in
        let payload = protoMap(size)
        return { _ = try proto.decode(payload, as: "h.Outer") }
    },
    Workload(name: "protobuf dynamic: map entries, 4,096 keys") { size in
        // The same entries over a table that fits in cache at both sizes: what is left of the
        // ratio above 16 is the larger table's cache misses, not the decoder.
        let payload = Array((0..<count(size, each: 14)).map { delimited(2, delimited(1, Array("k\($0 % 4096)".utf8)) + [0x10, 0x01]) }.joined())
        return { _ = try proto.decode(payload, as: "h.Outer") }
    },
    Workload(name: "protobuf dynamic: singular message repeated", budget: 100) { size in
        let payload = protoMerges(size)
        return { _ = try proto.decode(payload, as: "h.Outer") }
    },
    Workload(name: "protobuf generated: singular message repeated") { size in
        // Agreement_Order field 10 (`repeated`, a message) again and again, each adding an element.
        let payload = Array((0..<count(size, each: 5)).map { delimited(10, [0x18, UInt8($0 % 100)]) }.joined())
        return { _ = try Agreement_Order(serializedBytes: payload) }
    },
    Workload(name: "protobuf generated: map entries") { size in
        let payload = Array((0..<count(size, each: 14)).map { delimited(4, delimited(1, Array("k\($0 % 999_999)".utf8)) + [0x10, 0x01]) }.joined())
        return { _ = try Agreement_Order(serializedBytes: payload) }
    },
    Workload(name: "protobuf generated: map entries, 4,096 keys") { size in
        let payload = Array((0..<count(size, each: 14)).map { delimited(4, delimited(1, Array("k\($0 % 4096)".utf8)) + [0x10, 0x01]) }.joined())
        return { _ = try Agreement_Order(serializedBytes: payload) }
    },
    Workload(name: "protobuf JSON mapping: repeated and map") { size in
        let entries = count(size, each: 22)
        let text = #"{"numbers":[\#((0..<entries).map { String($0 % 100) }.joined(separator: ","))],"counts":{\#((0..<entries).map { #""k\#($0)":1"# }.joined(separator: ","))}}"#
        return { _ = try proto.message(fromJSON: try JSONValue(parsing: text), as: "h.Outer") }
    },
    Workload(name: "protobuf JSON mapping: binary to JSON") { size in
        let payload = protoMerges(size)
        return { _ = try proto.json(try proto.decode(payload, as: "h.Outer"), as: "h.Outer") }
    },
    Workload(name: "proto parser and linker: optional fields") { size in
        let text = protoFile(size, name: "f")
        return { _ = try ProtoSchema(parsing: text, path: "m.proto") }
    },
    Workload(name: "protobuf check: every field renamed") { size in
        let (old, new) = (try ProtoSchema(parsing: protoFile(size, name: "a"), path: "m.proto"), try ProtoSchema(parsing: protoFile(size, name: "b"), path: "m.proto"))
        return { _ = new.compatibility(against: [("1", old)], level: .full) }
    },
    Workload(name: "JSON parser: one string of escapes") { size in
        // A schema posted to the registry is a JSON string inside JSON: every quote escaped.
        let text = "\"" + String(repeating: #"\"S\u00e9\","#, count: count(size, each: 13)) + "\""
        return { _ = try JSONValue(parsing: text) }
    },
    Workload(name: "JSON parser: nested strings and numbers") { size in
        let text = "[" + (0..<count(size, each: 24)).map { #"{"k":"v\u00e9\#($0)","n":-1.5e3}"# }.joined(separator: ",") + "]"
        return { _ = try JSONValue(parsing: text) }
    },
]

/// The fastest of `runs` runs: the small size gets more, its milliseconds being the noisier.
func best(of runs: Int, _ work: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<runs {
        let start = ContinuousClock.now
        try work()
        let elapsed = ContinuousClock.now - start
        best = min(best, Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
    }
    return best
}

let smoke = CommandLine.arguments.contains("--smoke")
let filter = CommandLine.arguments.dropFirst().first { $0 != "--smoke" }
let (smallSize, largeSize) = smoke ? (4 << 10, 16 << 10) : (64 << 10, 1 << 20)
var failures = 0
print(String(format: "%-48@ %10@ %10@ %7@", "workload" as NSString, "64 KiB ms" as NSString, "1 MiB ms" as NSString, "ratio" as NSString))
for workload in workloads where filter.map({ workload.name.contains($0) }) ?? true {
    let small = try best(of: smoke ? 1 : 25, try workload.prepare(smallSize))
    let large = try best(of: smoke ? 1 : 5, try workload.prepare(largeSize))
    let ratio = large / max(small, 0.001)
    var missed: [String] = []
    if ratio > 20 { missed.append("ratio over 20") }
    if let budget = workload.budget, large > budget { missed.append("1 MiB over \(Int(budget)) ms") }
    let verdict = missed.isEmpty ? "" : "  MISSED: " + missed.joined(separator: ", ")
    if !verdict.isEmpty && !smoke { failures += 1 }
    print(String(format: "%-48@ %10.2f %10.2f %7.1f%@", workload.name as NSString, small, large, ratio, verdict as NSString))
    print("result: hostile.\(workload.name.filter { $0.isLetter || $0.isNumber }).ratio \(String(format: "%.1f", ratio))")
}
exit(failures == 0 ? 0 : 1)
