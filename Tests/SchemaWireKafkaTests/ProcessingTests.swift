import Foundation
import SchemaWireKafka
import SchemaWireTestSupport
import XCTest

/// Dead-letter routing and idempotent handling over the Kafka protocol.
final class ProcessingTests: XCTestCase {
    struct Poison: Error, CustomStringConvertible {
        var description: String { "cannot price an order without items" }
    }

    func consumer(_ cluster: KafkaMockCluster, group: String) throws -> KafkaConsumer {
        try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: group, sessionTimeoutMilliseconds: 6000))
    }

    func testPoisonRecordsGoToTheDeadLetterTopicAndAreCommitted() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("orders", partitions: 1)
        try cluster.createTopic("orders.dlq", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        for value in ["ok-1", "poison", "ok-2"] {
            _ = try await producer.send(topic: "orders", key: Array("k".utf8), value: Array(value.utf8), headers: [KafkaHeader(key: "x-event-id", text: value)])
        }
        let deadLetters = DeadLetterQueue(producer: producer)
        let consumer = try consumer(cluster, group: "pricing")
        try consumer.subscribe(topics: ["orders"])
        var handled: [String] = []
        var seen = 0
        for try await message in consumer.messages {
            try await consumer.process(message, deadLetters: deadLetters) { message in
                let text = String(decoding: message.value ?? [], as: UTF8.self)
                if text == "poison" { throw Poison() }
                handled.append(text)
            }
            seen += 1
            if seen == 3 { break }
        }
        await consumer.close()
        XCTAssertEqual(handled, ["ok-1", "ok-2"])

        let inspector = try self.consumer(cluster, group: "dlq-inspector")
        try inspector.subscribe(topics: ["orders.dlq"])
        var dead: KafkaConsumerMessage?
        for try await message in inspector.messages {
            dead = message
            break
        }
        await inspector.close()
        await producer.close()
        XCTAssertEqual(dead?.value, Array("poison".utf8))
        XCTAssertEqual(dead?.header("x-error"), "cannot price an order without items")
        XCTAssertEqual(dead?.header("x-original-topic"), "orders")
        XCTAssertEqual(dead?.header("x-original-partition"), "0")
        XCTAssertEqual(dead?.header("x-original-offset"), "1")
        XCTAssertEqual(dead?.header("x-event-id"), "poison")

        // Everything was committed: the group has nothing left to read.
        let restarted = try self.consumer(cluster, group: "pricing")
        try restarted.subscribe(topics: ["orders"])
        let leftover = try await Self.firstMessage(restarted, within: .seconds(4))
        await restarted.close()
        XCTAssertNil(leftover)
    }

    static func firstMessage(_ consumer: KafkaConsumer, within timeout: Duration) async throws -> KafkaConsumerMessage? {
        try await withThrowingTaskGroup(of: KafkaConsumerMessage?.self) { group in
            group.addTask {
                for try await message in consumer.messages { return message }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    func testDuplicateEventsAreHandledOnce() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("payments", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        // The same payment event delivered twice (a producer retry, a replay), plus a distinct one.
        for id in ["pay-1", "pay-1", "pay-2"] {
            _ = try await producer.send(topic: "payments", key: nil, value: Array(id.utf8), headers: [KafkaHeader(key: "x-event-id", text: id)])
        }
        await producer.close()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteProcessedEventStore(path: path)
        let consumer = try consumer(cluster, group: "ledger")
        try consumer.subscribe(topics: ["payments"])
        let idempotent = IdempotentConsumer(consumer: consumer, store: store)
        var charged: [String] = []
        var outcomes: [ProcessingOutcome] = []
        for try await message in consumer.messages {
            outcomes.append(try await idempotent.handle(message) { charged.append(String(decoding: $0.value ?? [], as: UTF8.self)) })
            if outcomes.count == 3 { break }
        }
        await consumer.close()
        XCTAssertEqual(charged, ["pay-1", "pay-2"])
        XCTAssertEqual(outcomes, [.processed, .duplicate, .processed])
        // The store is durable: a new process still knows pay-1.
        let reopened = try SQLiteProcessedEventStore(path: path)
        let known = try await reopened.contains("pay-1", group: "ledger")
        XCTAssertTrue(known)
    }

    func testBatchedCommitsLandEveryIntervalAndTheRestOnClose() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("invoices", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        for index in 0..<25 {
            _ = try await producer.send(topic: "invoices", key: nil, value: Array("\(index)".utf8), headers: [KafkaHeader(key: "x-event-id", text: "inv-\(index)")])
        }
        await producer.close()
        let partition = KafkaTopicPartition(topic: "invoices", partition: 0)
        let consumer = try consumer(cluster, group: "invoicing")
        try consumer.subscribe(topics: ["invoices"])
        let idempotent = IdempotentConsumer(consumer: consumer, store: try SQLiteProcessedEventStore(), commitInterval: 10)
        var handled = 0
        for try await message in consumer.messages {
            try await idempotent.handle(message) { _ in }
            handled += 1
            if handled == 25 { break }
        }
        let beforeClose = try await consumer.committedOffsets([partition])
        XCTAssertEqual(beforeClose[partition], 20, "committed at 10 and 20, the last 5 only stored")
        await consumer.close()

        let observer = try self.consumer(cluster, group: "invoicing")
        defer { observer.close() }
        let afterClose = try await observer.committedOffsets([partition])
        XCTAssertEqual(afterClose[partition], 25, "close committed the stored rest")
    }
}
