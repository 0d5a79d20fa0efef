// SchemaWire's serdes driven the way a team on another Kafka client (swift-kafka-client, or any
// NIO-based client) drives them: records arrive as NIO `ByteBuffer`s with their headers, and go
// out the same way. No librdkafka is linked: only SchemaWireSerde and the registry client.
//
// Run: swift run byte-buffer-serdes   (starts an in-memory registry on a free loopback port)
import Foundation
import Logging
import NIOCore
import OrderEvents
import SchemaWireRegistry
import SchemaWireRegistryServer
import SchemaWireSerde

/// A record as another client hands it over: bytes in buffers, headers as key and buffer.
struct BufferRecord {
    var topic: String
    var partition: Int32
    var offset: Int64
    var value: ByteBuffer?
    var headers: [(key: String, value: ByteBuffer?)]
}

/// Runs the in-memory registry until the example ends, returning its URL once it listens.
func startRegistry() async throws -> (url: String, task: Task<Void, any Error>) {
    var quiet = Logger(label: "registry")
    quiet.logLevel = .warning
    let server = try RegistryServer(configuration: .init(port: 0, storage: .memory), logger: quiet)
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let task = Task { try await server.run(onStarted: { port in continuation.yield(port) }) }
    for await port in ports { return ("http://127.0.0.1:\(port)", task) }
    throw CancellationError()
}

let (url, registryTask) = try await startRegistry()
defer { registryTask.cancel() }
let registry = SchemaRegistryClient(configuration: .init(urls: [url]))
let allocator = ByteBufferAllocator()

// Producing: serialize with header framing, then put value and headers into buffers for the client.
var properties = ["value.schema.id.serializer": "HeaderSchemaIdSerializer"]
var registryConfiguration = RegistryClientConfiguration(urls: [url])
let serializer = KafkaAvroSerializer<OrderPlaced>(
    registry: registry, configuration: try KafkaSerdeConfiguration(properties: properties, registry: &registryConfiguration))
var outgoing: [BufferRecord] = []
for (offset, user) in ["ada", "grace", "linus"].enumerated() {
    var headers: [RecordHeader] = []
    let order = OrderPlaced.placed(userId: user, total: Decimal(10 * (offset + 1)))
    let value = try await serializer.serialize(order, topic: "orders", headers: &headers)
    outgoing.append(BufferRecord(
        topic: "orders", partition: 0, offset: Int64(offset), value: value.map { allocator.buffer(bytes: $0) },
        headers: headers.map { ($0.key, $0.value.map { allocator.buffer(bytes: $0) }) }))
}
properties.removeAll()

// Consuming: the deserializer takes the value's bytes and the headers; the record's coordinates
// only name it in errors. The serdes read `[UInt8]`, so each buffer's readable bytes are copied
// once here.
let deserializer = KafkaAvroDeserializer<OrderPlaced>(registry: registry)
let headerName = SchemaIDFraming.headerName(isKey: false)
for record in outgoing {
    let headers = record.headers.map { RecordHeader(key: $0.key, value: $0.value.map { Array($0.readableBytesView) }) }
    guard headers.contains(where: { $0.key == headerName }) else { fatalError("the schema-id header is missing") }
    let order = try await deserializer.deserialize(
        record.value.map { Array($0.readableBytesView) }, headers: headers, topic: record.topic, partition: record.partition, offset: record.offset)
    print("\(record.topic)[\(record.partition)]@\(record.offset): \(order.map { "\($0.userId) \($0.total)" } ?? "tombstone")")
}

// A hostile record is a typed error naming it, never a crash.
do {
    _ = try await deserializer.deserialize([0, 0, 0, 0, 42, 1], topic: "orders", partition: 0, offset: 99)
} catch {
    print("refused: \(error)")
}
