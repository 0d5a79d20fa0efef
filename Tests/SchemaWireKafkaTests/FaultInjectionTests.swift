import Foundation
import SchemaWireKafka
import SchemaWireTestSupport
import XCTest

/// Faults injected with librdkafka's mock cluster: failed requests, lost responses, a broker that
/// goes away and comes back. The idempotent producer must deliver every record once, in order.
final class FaultInjectionTests: XCTestCase {
    /// Produces `count` records under one key, then reads the partition back.
    func produceAndReadBack(
        _ cluster: KafkaMockCluster, topic: String, count: Int, producer configuration: KafkaProducerConfiguration,
        during fault: () -> Void = {}, recover: () -> Void = {}
    ) async throws -> [String] {
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer(configuration: configuration)
        fault()
        var deliveries: [KafkaDelivery] = []
        for index in 0..<count {
            deliveries.append(try await producer.enqueue(topic: topic, key: Array("account-1".utf8), value: Array("\(index)".utf8)))
        }
        try await Task.sleep(for: .seconds(2))
        recover()
        var offsets: [Int64] = []
        for delivery in deliveries { offsets.append(try await delivery.report().offset) }
        await producer.close()
        // A duplicate append would shift every later offset.
        XCTAssertEqual(offsets, (0..<Int64(count)).map { $0 }, "delivered offsets")

        let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: "reader", sessionTimeoutMilliseconds: 6000))
        defer { consumer.close() }
        try consumer.subscribe(topics: [topic])
        let reader = Task {
            var values: [String] = []
            for try await message in consumer.messages {
                values.append(String(decoding: message.value ?? [], as: UTF8.self))
                if values.count == count { break }
            }
            return values
        }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(30))
            reader.cancel()
        }
        let values = try await reader.value
        watchdog.cancel()
        return values
    }

    func testFailedProduceRequestsAreRetriedInOrderWithoutDuplicates() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        let values = try await produceAndReadBack(
            cluster, topic: "payments", count: 200, producer: .init(bootstrapServers: cluster.bootstrapServers, lingerMilliseconds: 1, properties: ["batch.num.messages": "10"]),
            during: {
                cluster.failNext(.produce, with: [.requestTimedOut, .notLeaderForPartition, .disconnect, .notEnoughReplicas, .disconnect])
            })
        XCTAssertEqual(values, (0..<200).map(String.init))
    }

    func testRecordsEnqueuedWhileTheBrokerIsDownAreDeliveredWhenItReturns() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        let values = try await produceAndReadBack(
            cluster, topic: "orders", count: 100, producer: .init(bootstrapServers: cluster.bootstrapServers),
            during: { cluster.setBroker(1, up: false) },
            recover: { cluster.setBroker(1, up: true) })
        XCTAssertEqual(values, (0..<100).map(String.init))
    }

    func testARecordThatCannotBeDeliveredInTimeIsATypedError() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("audit", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers, deliveryTimeoutMilliseconds: 1500))
        defer { producer.close() }
        _ = try await producer.send(topic: "audit", key: nil, value: Array("warm-up".utf8))
        cluster.setBroker(1, up: false)
        do {
            _ = try await producer.send(topic: "audit", key: nil, value: Array("lost?".utf8))
            XCTFail("delivered to a broker that is down")
        } catch {
            XCTAssertEqual(error.kind, .delivery)
            XCTAssertEqual(error.topic, "audit")
            XCTAssertTrue(error.message.lowercased().contains("timed out"), error.message)
        }
        cluster.setBroker(1, up: true)
    }
}
