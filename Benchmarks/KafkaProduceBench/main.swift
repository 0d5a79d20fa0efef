// Serialized produce against producing the same pre-serialized bytes, on librdkafka's mock cluster
// in one process (12 partitions, idempotent producer, the embedded registry), alternating the two
// runs to even out noise:
//   swift run -c release kafka-produce-bench [records]
// With SCHEMAWIRE_BOOTSTRAP=host:port the records go to that broker instead (topic `orders`, 12
// partitions, created here), the setting a producer meets in production.
import Foundation
import SchemaWireCodegenGolden
import SchemaWireKafka
import SchemaWireRegistry
import SchemaWireTestSupport

let records = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 90_000
/// Alternating rounds of each kind; the best of each counts (a run of 90,000 records lasts 40-200 ms,
/// so single runs move with whatever else the machine does).
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

/// Produces `records` records (enqueue all, then await every delivery report); returns seconds.
/// Nonisolated, so the loop runs on the global executor and awaits no actor hop.
func run(
    serializing: Bool, records: Int, orders: [Order], keys: [[UInt8]], preserialized: [[UInt8]],
    producer: KafkaProducer, serializer: KafkaAvroSerializer<Order>
) async throws -> Double {
    let start = ContinuousClock.now
    var deliveries: [KafkaDelivery] = []
    deliveries.reserveCapacity(records)
    for index in 0..<records {
        let slot = index % orders.count
        let value = serializing ? try await serializer.serialize(orders[slot], topic: "orders") : preserialized[slot]
        deliveries.append(try await producer.enqueue(topic: "orders", key: keys[slot], value: value))
    }
    for delivery in deliveries { _ = try await delivery.report() }
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func run(serializing: Bool) async throws -> Double {
    try await run(
        serializing: serializing, records: records, orders: orders, keys: keys, preserialized: preserialized, producer: producer,
        serializer: serializer)
}

_ = try await run(serializing: true)  // warm-up: registry ids cached, connections up

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
var raw: [Double] = []
var serialized: [Double] = []
for _ in 0..<rounds {
    raw.append(try await run(serializing: false))
    serialized.append(try await run(serializing: true))
}
let rawBest = raw.min() ?? 0
let serializedBest = serialized.min() ?? 0
print("\(records) records of \(preserialized[0].count) bytes to \(broker ?? "the mock cluster"), best of \(rounds) alternating runs")
print(String(format: "pre-serialized bytes    %8.0f records/s", Double(records) / rawBest))
print(String(format: "serialize + produce     %8.0f records/s", Double(records) / serializedBest))
print(String(format: "serialization overhead  %8.1f %%", (serializedBest / rawBest - 1) * 100))
BenchClock.result("produce.swift_raw_per_s", Double(records) / rawBest)
BenchClock.result("produce.swift_serialized_per_s", Double(records) / serializedBest)
producer.close()
cluster?.close()
await registry.stop()
