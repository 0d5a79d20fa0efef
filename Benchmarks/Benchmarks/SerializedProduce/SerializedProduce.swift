// Produce to librdkafka's in-process mock cluster (12 partitions, idempotent producer): the
// generated `Order` through `KafkaAvroSerializer` and `enqueue`, against enqueueing the same
// pre-serialized bytes, and the serialized records as one `send` batch. One iteration = 1,000
// records handed over, then the previous 1,000's reports awaited (a steady stream). ordo-one/benchmark prints these milliseconds-long iterations under
// a "(ns)" heading with microsecond values; scripts/compare reports records/s from the bench
// executable.
import Benchmark
import BenchmarkSupport
import EmbeddedRegistry
import Foundation
import SchemaWireKafka
import SchemaWireRegistry
import SchemaWireSerde

struct ProduceFixture: Sendable {
    let registry: EmbeddedRegistry
    let cluster: KafkaMockCluster
    let producer: KafkaProducer
    let serializer: KafkaAvroSerializer<Order>
    let orders: [Order]
    let keys: [[UInt8]]
    let preserialized: [[UInt8]]

    /// Reports of the previous batch, awaited after the next batch is enqueued: the benchmark
    /// measures a steady stream rather than one batch's round trip (linger, acks) at a time.
    let inFlight = SetupState<[KafkaDelivery]>()

    /// Enqueues every order (serializing each, or sending its pre-serialized bytes), then awaits
    /// the previous batch's delivery reports.
    func produceBatch(serializing: Bool) async throws {
        var deliveries: [KafkaDelivery] = []
        deliveries.reserveCapacity(orders.count)
        for index in orders.indices {
            let value = serializing ? try await serializer.serialize(orders[index], topic: "orders") : preserialized[index]
            deliveries.append(try await producer.enqueue(topic: "orders", key: keys[index], value: value))
        }
        for delivery in inFlight.valueIfSet ?? [] { _ = try await delivery.report() }
        inFlight.value = deliveries
    }

    /// The previous `send` batch, awaited after the next one is handed over.
    let inFlightBatch = SetupState<Task<[KafkaDeliveryReport], any Error>>()

    /// Serializes every order into one batch, sends it, then awaits the previous batch.
    func sendBatch() async throws {
        var records: [KafkaProducerRecord] = []
        records.reserveCapacity(orders.count)
        for index in orders.indices {
            records.append(KafkaProducerRecord(key: keys[index], value: try await serializer.serialize(orders[index], topic: "orders")))
        }
        let producer = self.producer
        let sending = Task { try await producer.send(records, topic: "orders") }
        _ = try await inFlightBatch.valueIfSet?.value
        inFlightBatch.value = sending
    }
}

let state = SetupState<ProduceFixture>()

/// Runs async work to completion from synchronous code, on the global executor.
enum BlockingTask {
    static func run(_ body: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = SetupState<Result<Void, any Error>>()
        Task.detached {
            do { try await body(); outcome.value = .success(()) } catch { outcome.value = .failure(error) }
            done.signal()
        }
        done.wait()
        try outcome.value.get()
    }
}

let benchmarks: @Sendable () -> Void = {
    BenchmarkDefaults.apply()
    let setup: Benchmark.BenchmarkSetupHook = {
        let registry = try await EmbeddedRegistry.start()
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("orders", partitions: 12)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        let serializer = KafkaAvroSerializer<Order>(registry: SchemaRegistryClient(configuration: .init(urls: [registry.url])))
        let orders = (0..<1000).map { index in
            Order(
                orderId: UUID(), userId: "user-\(index % 97)", items: [OrderItem(sku: "SKU-\(index)", quantity: 2, unitPrice: Decimal(string: "12.50")!)],
                amount: 25, currency: .EUR, createdAt: Date(timeIntervalSince1970: 1_764_072_000), note: "leave at the door")
        }
        var preserialized: [[UInt8]] = []
        for order in orders { preserialized.append(try await serializer.serialize(order, topic: "orders") ?? []) }
        state.value = ProduceFixture(
            registry: registry, cluster: cluster, producer: producer, serializer: serializer, orders: orders,
            keys: orders.map { Array($0.userId.utf8) }, preserialized: preserialized)
    }
    let teardown: Benchmark.BenchmarkTeardownHook = {
        for delivery in state.value.inFlight.valueIfSet ?? [] { _ = try await delivery.report() }
        _ = try await state.value.inFlightBatch.valueIfSet?.value
        await state.value.producer.close()
        state.value.cluster.close()
        await state.value.registry.stop()
    }
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: BenchmarkDefaults.isSmoke ? 0 : 2, maxDuration: BenchmarkDefaults.isSmoke ? .milliseconds(50) : .seconds(5),
        maxIterations: BenchmarkDefaults.isSmoke ? 1 : 50)

    // Synchronous closures that wait for a detached task: the iteration's wall clock then covers
    // the whole batch (ordo-one/benchmark's own async path under-reported it here).
    Benchmark("Produce 1,000 pre-serialized records", configuration: configuration, closure: { _ in
        try BlockingTask.run { try await state.value.produceBatch(serializing: false) }
    }, setup: setup, teardown: teardown)
    Benchmark("Produce 1,000 records through KafkaAvroSerializer", configuration: configuration, closure: { _ in
        try BlockingTask.run { try await state.value.produceBatch(serializing: true) }
    }, setup: setup, teardown: teardown)
    Benchmark("Send 1,000 records through KafkaAvroSerializer as one batch", configuration: configuration, closure: { _ in
        try BlockingTask.run { try await state.value.sendBatch() }
    }, setup: setup, teardown: teardown)
}
