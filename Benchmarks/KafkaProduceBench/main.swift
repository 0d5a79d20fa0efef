// Serialized produce against producing the same pre-serialized bytes, on librdkafka's mock cluster
// in one process (12 partitions, idempotent producer, the embedded registry), alternating the
// kinds of run to even out noise:
//   swift run -c release kafka-produce-bench [records]
// Each run produces `records` records and waits for every delivery report, through
// `KafkaProducer.send(_:topic:)` (a batch) and through `enqueue` (a delivery per record).
// With SCHEMAWIRE_BOOTSTRAP=host:port the records go to that broker instead (topic `orders`, 12
// partitions, created here), the setting a producer meets in production.
import Foundation
import SchemaWireCodegenGolden
import SchemaWireKafka
import SchemaWireRegistry
import SchemaWireSerde
import SchemaWireTestSupport

/// A million by default: a run then lasts 0.3-1 s, so a fixed delay at its end weighs little. The
/// mock broker answers a connection's last request of a burst 41-43 ms late (librdkafka's debug
/// log: rtt of the last ProduceRequest; Linux's delayed ACK is 40 ms, and the client's
/// `socket.nagle.disable` changes nothing), which was half of a 90,000-record run and hid what a
/// record costs.
let records = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
/// Alternating rounds of each kind; the best of each counts (single runs move with whatever else
/// the machine does).
let rounds = 5
let registry = try await TestRegistry.start()
let client = SchemaRegistryClient(configuration: .init(urls: [registry.url]))
let broker = ProcessInfo.processInfo.environment["SCHEMAWIRE_BOOTSTRAP"]
let cluster = broker == nil ? try KafkaMockCluster() : nil
try cluster?.createTopic("orders", partitions: 12)
let bootstrap = broker ?? cluster?.bootstrapServers ?? ""
if broker != nil {
    let admin = try KafkaAdmin(bootstrapServers: bootstrap)
    try await admin.createTopic(KafkaTopicSpec(name: "orders", partitions: 12, replicationFactor: 1))
    admin.close()
}
let producer = try KafkaProducer(configuration: .init(bootstrapServers: bootstrap))
let serializer = KafkaAvroSerializer<Order>(registry: client)
let orders = (0..<1000).map { index in
    Order(
        orderId: UUID(), userId: "user-\(index % 97)", items: [OrderItem(sku: "SKU-\(index)", quantity: 2, unitPrice: Decimal(string: "12.50")!)],
        amount: 25, currency: .EUR, createdAt: Date(timeIntervalSince1970: 1_764_072_000), note: "leave at the door")
}
var serializedOrders: [[UInt8]] = []
for order in orders { serializedOrders.append(try await serializer.serialize(order, topic: "orders") ?? []) }
let preserialized = serializedOrders
let keys = orders.map { Array($0.userId.utf8) }
// The same records for scripts/compare's raw-C librdkafka peer: [u32 key length][key][u32 value length][value].
if let path = ProcessInfo.processInfo.environment["SCHEMAWIRE_FRAMES_FILE"] {
    var file: [UInt8] = []
    for (key, value) in zip(keys, preserialized) {
        for field in [key, value] {
            withUnsafeBytes(of: UInt32(field.count).littleEndian) { file += $0 }
            file += field
        }
    }
    try Data(file).write(to: URL(fileURLWithPath: path))
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// What every run produces: its record `index` is order `index % 1000`, serialized on the spot or
/// as its pre-serialized bytes.
struct Workload: Sendable {
    let orders: [Order]
    let keys: [[UInt8]]
    let preserialized: [[UInt8]]
    let serializer: KafkaAvroSerializer<Order>

    func record(_ index: Int, serializing: Bool) async throws -> (key: [UInt8], value: [UInt8]?) {
        let slot = index % orders.count
        return (keys[slot], serializing ? try await serializer.serialize(orders[slot], topic: "orders") : preserialized[slot])
    }
}
let workload = Workload(orders: orders, keys: keys, preserialized: preserialized, serializer: serializer)

/// Produces `records` records as one batch and waits for every report; returns seconds.
/// Nonisolated, so the loop runs on the global executor and awaits no actor hop.
func runBatch(serializing: Bool, records: Int, workload: Workload, producer: KafkaProducer) async throws -> Double {
    let start = ContinuousClock.now
    var batch: [KafkaProducerRecord] = []
    batch.reserveCapacity(records)
    for index in 0..<records {
        let (key, value) = try await workload.record(index, serializing: serializing)
        batch.append(KafkaProducerRecord(key: key, value: value))
    }
    let reports = try await producer.send(batch, topic: "orders")
    precondition(reports.count == records)
    return seconds(since: start)
}

/// The same records through `enqueue`, one delivery each (enqueue all, then await every report).
func runEnqueue(serializing: Bool, records: Int, workload: Workload, producer: KafkaProducer) async throws -> Double {
    let start = ContinuousClock.now
    var deliveries: [KafkaDelivery] = []
    deliveries.reserveCapacity(records)
    for index in 0..<records {
        let (key, value) = try await workload.record(index, serializing: serializing)
        deliveries.append(try await producer.enqueue(topic: "orders", key: key, value: value))
    }
    for delivery in deliveries { _ = try await delivery.report() }
    return seconds(since: start)
}

/// One round of one kind: a batch or per-record enqueues, serialized or not.
func run(batch: Bool, serializing: Bool) async throws -> Double {
    try await (batch ? runBatch : runEnqueue)(serializing, records, workload, producer)
}

_ = try await run(batch: true, serializing: true)  // warm-up: registry ids cached, connections up

/// The serializer alone (cached schema id), per record, best of `rounds`: what serialized produce
/// adds to producing bytes.
func serializeOnly(records: Int, orders: [Order], serializer: KafkaAvroSerializer<Order>) async throws -> Double {
    let start = ContinuousClock.now
    var checksum = 0
    for index in 0..<records { checksum &+= try await serializer.serialize(orders[index % orders.count], topic: "orders")?.count ?? 0 }
    let elapsed = ContinuousClock.now - start
    precondition(checksum > 0)
    return (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9) / Double(records)
}
var serializeBest = Double.infinity
for _ in 0..<rounds { serializeBest = min(serializeBest, try await serializeOnly(records: records, orders: orders, serializer: serializer)) }
print(String(format: "serializer alone        %8.0f ns/record", serializeBest))
BenchClock.result("produce.serialize_ns", serializeBest)

/// The deserializer alone (writer schema cached), per record, best of `rounds`: what a consumer
/// adds to fetching the bytes.
func deserializeOnly(records: Int, framed: [[UInt8]], deserializer: KafkaAvroDeserializer<Order>) async throws -> Double {
    let start = ContinuousClock.now
    var checksum = 0
    for index in 0..<records { checksum &+= try await deserializer.deserialize(framed[index % framed.count], topic: "orders")?.items.count ?? 0 }
    let elapsed = ContinuousClock.now - start
    precondition(checksum > 0)
    return (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9) / Double(records)
}
var framedOrders: [[UInt8]] = []
for order in orders.prefix(64) { framedOrders.append(try await serializer.serialize(order, topic: "orders") ?? []) }
let deserializer = KafkaAvroDeserializer<Order>(registry: client)
var deserializeBest = Double.infinity
for _ in 0..<rounds { deserializeBest = min(deserializeBest, try await deserializeOnly(records: records, framed: framedOrders, deserializer: deserializer)) }
print(String(format: "deserializer alone      %8.0f ns/record", deserializeBest))
BenchClock.result("produce.deserialize_ns", deserializeBest)
/// Best seconds per kind of run, in the order printed.
let kinds: [(name: String, key: String, batch: Bool, serializing: Bool)] = [
    ("pre-serialized bytes, send(batch)", "produce.swift_raw_per_s", true, false),
    ("serialize + send(batch)", "produce.swift_serialized_per_s", true, true),
    ("pre-serialized bytes, enqueue", "produce.swift_enqueue_raw_per_s", false, false),
    ("serialize + enqueue", "produce.swift_enqueue_serialized_per_s", false, true),
]
var best = [Double](repeating: .infinity, count: kinds.count)
for _ in 0..<rounds {
    for (index, kind) in kinds.enumerated() { best[index] = min(best[index], try await run(batch: kind.batch, serializing: kind.serializing)) }
}
print("\(records) records of \(preserialized[0].count) bytes to \(broker ?? "the mock cluster"), best of \(rounds) alternating runs")
for (kind, seconds) in zip(kinds, best) {
    print(kind.name.padding(toLength: 36, withPad: " ", startingAt: 0) + String(format: "%10.0f records/s", Double(records) / seconds))
    BenchClock.result(kind.key, Double(records) / seconds)
}
print(String(format: "serialization overhead (batch)        %8.1f %%", (best[1] / best[0] - 1) * 100))
producer.close()
cluster?.close()
await registry.stop()
