import Foundation
import SchemaWireKafka
import SchemaWireTestSupport
import XCTest

/// The producer and consumer over the Kafka protocol on loopback, against librdkafka's mock
/// cluster. (Debian's librdkafka 2.0.2 cannot talk to the tansu test broker: its ApiVersions
/// exchange fails with "Read underflow"; see the closing note of the session that found it.)
final class ProducerConsumerTests: XCTestCase {
    var broker: KafkaMockCluster!

    override func setUpWithError() throws {
        broker = try KafkaMockCluster(brokers: 1)
        for topic in ["orders", "payments", "user-state"] { try broker.createTopic(topic, partitions: 4) }
    }

    override func tearDown() {
        broker.close()
    }

    func consumer(group: String) throws -> KafkaConsumer {
        try KafkaConsumer(configuration: .init(bootstrapServers: broker.bootstrapServers, groupID: group, sessionTimeoutMilliseconds: 6000))
    }

    func testProducedRecordsArriveInOrderPerKeyWithHeaders() async throws {
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: broker.bootstrapServers))
        var reports: [KafkaDeliveryReport] = []
        for index in 0..<60 {
            let key = Array("user-\(index % 3)".utf8)
            reports.append(try await producer.send(
                topic: "orders", key: key, value: Array("order-\(index)".utf8), headers: [KafkaHeader(key: "x-event-id", text: "event-\(index)")]))
        }
        await producer.close()
        // One key, one partition: the card's ordering rule.
        for user in 0..<3 {
            XCTAssertEqual(Set(reports.enumerated().filter { $0.offset % 3 == user }.map(\.element.partition)).count, 1)
        }

        let consumer = try consumer(group: "projector")
        try consumer.subscribe(topics: ["orders"])
        var received: [KafkaConsumerMessage] = []
        for try await message in consumer.messages {
            received.append(message)
            if received.count == 60 { break }
        }
        try await consumer.commit(received)
        await consumer.close()
        for user in 0..<3 {
            let values = received.filter { $0.key == Array("user-\(user)".utf8) }.map { String(decoding: $0.value ?? [], as: UTF8.self) }
            XCTAssertEqual(values, (0..<60).filter { $0 % 3 == user }.map { "order-\($0)" })
        }
        XCTAssertEqual(Set(received.compactMap { $0.header("x-event-id") }).count, 60)
    }

    func testUncommittedRecordsAreRedeliveredAfterARestart() async throws {
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: broker.bootstrapServers))
        for index in 0..<10 { _ = try await producer.send(topic: "payments", key: Array("k".utf8), value: Array("\(index)".utf8)) }
        await producer.close()

        let first = try consumer(group: "billing")
        try first.subscribe(topics: ["payments"])
        var seen: [KafkaConsumerMessage] = []
        for try await message in first.messages {
            seen.append(message)
            if seen.count == 10 { break }
        }
        // Only the first four were processed and committed; the process then "crashes".
        try await first.commit(seen[3])
        await first.close()

        let second = try consumer(group: "billing")
        try second.subscribe(topics: ["payments"])
        var again: [String] = []
        for try await message in second.messages {
            again.append(String(decoding: message.value ?? [], as: UTF8.self))
            if again.count == 6 { break }
        }
        await second.close()
        XCTAssertEqual(again, ["4", "5", "6", "7", "8", "9"])
    }

    func testTombstonesAndNullKeysPassThrough() async throws {
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: broker.bootstrapServers))
        _ = try await producer.send(topic: "user-state", key: Array("u1".utf8), value: nil)
        _ = try await producer.send(topic: "user-state", key: nil, value: Array("v".utf8))
        await producer.close()
        let consumer = try consumer(group: "state")
        try consumer.subscribe(topics: ["user-state"])
        var received: [KafkaConsumerMessage] = []
        for try await message in consumer.messages {
            received.append(message)
            if received.count == 2 { break }
        }
        await consumer.close()
        XCTAssertTrue(received.contains { $0.key == Array("u1".utf8) && $0.value == nil })
        XCTAssertTrue(received.contains { $0.key == nil && $0.value == Array("v".utf8) })
    }

    func testReportsTheLoadedLibrdkafka() {
        XCTAssertTrue(Librdkafka.version.hasPrefix("2."), Librdkafka.version)
    }

    func testBadConfigurationIsATypedError() {
        XCTAssertThrowsError(try KafkaProducer(configuration: .init(bootstrapServers: "x", properties: ["no.such.property": "1"]))) { error in
            guard let failure = KafkaError.caught(error), failure.kind == .configuration else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.property, "no.such.property")
        }
    }

    func testSeekRewindsAndPauseHoldsAPartitionBack() async throws {
        try broker.createTopic("replay", partitions: 2)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: broker.bootstrapServers))
        defer { producer.close() }
        for index in 0..<20 {
            _ = try await producer.send(topic: "replay", key: nil, value: Array("\(index)".utf8), partition: Int32(index % 2))
        }
        let consumer = try consumer(group: "replayer")
        defer { consumer.close() }
        try consumer.subscribe(topics: ["replay"])
        let zero = KafkaTopicPartition(topic: "replay", partition: 0)
        let one = KafkaTopicPartition(topic: "replay", partition: 1)
        // Iteration ends (next() returns nil) if the watchdog cancels it: a failure, never a hang.
        let scenario = Task {
            var iterator = consumer.messages.makeAsyncIterator()
            var fromZero: [Int64] = []
            while fromZero.count < 6, let message = try await iterator.next() {
                if message.partition == 0 { fromZero.append(message.offset) }
            }
            XCTAssertEqual(fromZero, [0, 1, 2, 3, 4, 5])
            // Rewind partition 0 to offset 2: whatever was already fetched from it is dropped.
            try consumer.seek(zero, to: 2)
            var afterSeek: [Int64] = []
            while afterSeek.count < 3, let message = try await iterator.next() {
                if message.partition == 0 { afterSeek.append(message.offset) }
            }
            XCTAssertEqual(afterSeek, [2, 3, 4])

            // Paused, partition 1 delivers nothing new while partition 0 keeps flowing.
            try consumer.pause([one])
            for index in 20..<26 {
                _ = try await producer.send(topic: "replay", key: nil, value: Array("\(index)".utf8), partition: Int32(index % 2))
            }
            var whilePaused: [KafkaConsumerMessage] = []
            while whilePaused.filter({ $0.partition == 0 && $0.offset >= 10 }).count < 3, let message = try await iterator.next() {
                whilePaused.append(message)
            }
            XCTAssertEqual(whilePaused.filter { $0.partition == 0 && $0.offset >= 10 }.map(\.offset), [10, 11, 12])
            XCTAssertFalse(whilePaused.contains { $0.partition == 1 && $0.offset >= 10 }, "the paused partition delivered new records")
            // Resumed, it catches up.
            try consumer.resume([one])
            var resumed: [Int64] = []
            while !resumed.contains(12), let message = try await iterator.next() {
                if message.partition == 1 { resumed.append(message.offset) }
            }
            XCTAssertEqual(resumed.filter { $0 >= 10 }, [10, 11, 12])
        }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(60))
            scenario.cancel()
        }
        try await scenario.value
        watchdog.cancel()

        XCTAssertThrowsError(try consumer.seek(KafkaTopicPartition(topic: "replay", partition: 7), to: 0)) { error in
            XCTAssertTrue("\(error)".contains("replay[7]"), "\(error)")
        }
    }

    /// A stalled application: the consumer fetches up to its buffer and no further (holding off,
    /// then pausing the partitions), and once the application reads again every record arrives,
    /// once, in order per partition.
    func testAStalledApplicationBoundsTheBufferAndLosesNothing() async throws {
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: broker.bootstrapServers))
        let records = (0..<3000).map { KafkaProducerRecord(key: Array("user-\($0 % 7)".utf8), value: Array("\($0)".utf8)) }
        _ = try await producer.send(records, topic: "payments")
        await producer.close()

        let consumer = try KafkaConsumer(
            configuration: .init(bootstrapServers: broker.bootstrapServers, groupID: "stalled", sessionTimeoutMilliseconds: 6000), bufferedMessages: 100)
        try consumer.subscribe(topics: ["payments"])
        var iterator = consumer.messages.makeAsyncIterator()
        let first = try await iterator.next()
        var seen: [KafkaConsumerMessage] = [try XCTUnwrap(first)]
        // The stall under test: long enough to fill the buffer and to pass the hold-off into a pause.
        try await Task.sleep(for: KafkaConsumer.holdOffBeforePausing * 4)
        XCTAssertEqual(consumer.bufferedMessageCount, 100, "fetched up to the buffer, and no further")
        while seen.count < 3000, let message = try await iterator.next() { seen.append(message) }
        await consumer.close()
        XCTAssertEqual(Set(seen.map { "\($0.partition)@\($0.offset)" }).count, 3000, "every record once")
        for (partition, messages) in Dictionary(grouping: seen, by: \.partition) {
            XCTAssertEqual(messages.map(\.offset), (0..<Int64(messages.count)).map { $0 }, "partition \(partition) in order")
        }
    }
}
