import Foundation
import Logging
import SchemaWireKafka
import SchemaWireTestSupport
import ServiceLifecycle
import XCTest

/// The producer and the consumer as services of a `ServiceGroup`: a graceful shutdown loses no
/// record, commits what was processed and leaves the group.
final class ServiceLifecycleTests: XCTestCase {
    /// Runs `services` in a group until `work` returns, then shuts the group down gracefully and
    /// returns how long the shutdown took. The group shuts its services down from the last one
    /// up, each after the one after it ended.
    func withServiceGroup(_ services: [ServiceGroupConfiguration.ServiceConfiguration], _ work: () async throws -> Void) async throws -> Duration {
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [], logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        try await work()
        let start = ContinuousClock.now
        await group.triggerGracefulShutdown()
        try await running.value
        return ContinuousClock.now - start
    }

    func testProducerFlushesWhatWasEnqueuedOnShutdown() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("orders", partitions: 3)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers, lingerMilliseconds: 200))
        var pending: [KafkaDelivery] = []
        let took = try await withServiceGroup([.init(service: producer)]) {
            for index in 0..<500 {
                pending.append(try await producer.enqueue(topic: "orders", key: Array("k\(index % 7)".utf8), value: Array("\(index)".utf8)))
            }
        }
        XCTAssertLessThan(took, .seconds(10))
        var delivered = 0
        for delivery in pending {
            _ = try await delivery.report()
            delivered += 1
        }
        XCTAssertEqual(delivered, 500, "every record handed over before the shutdown is delivered")
        do {
            _ = try await producer.send(topic: "orders", key: nil, value: [0])
            XCTFail("sent after the service stopped")
        } catch {
            XCTAssertEqual(KafkaError.caught(error), .closed)
        }
    }

    func testConsumerCommitsWhatWasProcessedAndLeavesTheGroupOnShutdown() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("orders", partitions: 2)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        _ = try await producer.send((0..<200).map { KafkaProducerRecord(key: Array("k\($0)".utf8), value: Array("\($0)".utf8)) }, topic: "orders")
        await producer.close()

        let configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: "billing", sessionTimeoutMilliseconds: 6000)
        // librdkafka's group debugging logs the LeaveGroup exchange: the witness that the member left.
        var debugging = configuration
        debugging.properties["debug"] = "cgrp"
        let log = CapturedLog()
        let consumer = try KafkaConsumer(configuration: debugging, bufferedMessages: 20, logger: log.logger())
        try consumer.subscribe(topics: ["orders"])
        // The application's loop runs beside the group, as with swift-kafka-client: it ends when
        // the consumer's service ends its messages.
        let processing = ProcessingLoop(consumer: consumer)
        let loop = Task { try await processing.run() }
        let took = try await withServiceGroup([.init(service: consumer)]) {
            // Shut down in the middle of the topic.
            while processing.count < 60 { try await Task.sleep(for: .milliseconds(5)) }
        }
        try await loop.value
        XCTAssertLessThan(took, .seconds(10))
        let processed = processing.count
        XCTAssertLessThan(processed, 200, "the shutdown came before the end of the topic")
        XCTAssertTrue(log.lines.contains { $0.contains("facility=LEAVEGROUP") && $0.contains("LeaveGroup response received") }, "no LeaveGroup exchange logged")

        // A new member of the group starts right after what was processed: nothing skipped, nothing twice.
        let next = try KafkaConsumer(configuration: configuration)
        defer { next.close() }
        try next.subscribe(topics: ["orders"])
        var seen = processing.values
        for try await message in next.messages {
            seen.append(String(decoding: message.value ?? [], as: UTF8.self))
            if seen.count == 200 { break }
        }
        XCTAssertEqual(Set(seen).count, 200, "every record processed once across the two members")
        XCTAssertEqual(seen.count, 200)
    }
}

/// The application's processing loop: stores each record it handled.
final class ProcessingLoop: @unchecked Sendable {
    let consumer: KafkaConsumer
    private let lock = NSLock()
    private var handled: [String] = []

    init(consumer: KafkaConsumer) { self.consumer = consumer }

    var count: Int { lock.withLock { handled.count } }
    var values: [String] { lock.withLock { handled } }

    func run() async throws {
        for try await message in consumer.messages {
            lock.withLock { handled.append(String(decoding: message.value ?? [], as: UTF8.self)) }
            try consumer.store(message)
        }
    }
}
