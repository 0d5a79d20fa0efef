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
        producer.close()
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
        consumer.close()
        for user in 0..<3 {
            let values = received.filter { $0.key == Array("user-\(user)".utf8) }.map { String(decoding: $0.value ?? [], as: UTF8.self) }
            XCTAssertEqual(values, (0..<60).filter { $0 % 3 == user }.map { "order-\($0)" })
        }
        XCTAssertEqual(Set(received.compactMap { $0.header("x-event-id") }).count, 60)
    }

    func testUncommittedRecordsAreRedeliveredAfterARestart() async throws {
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: broker.bootstrapServers))
        for index in 0..<10 { _ = try await producer.send(topic: "payments", key: Array("k".utf8), value: Array("\(index)".utf8)) }
        producer.close()

        let first = try consumer(group: "billing")
        try first.subscribe(topics: ["payments"])
        var seen: [KafkaConsumerMessage] = []
        for try await message in first.messages {
            seen.append(message)
            if seen.count == 10 { break }
        }
        // Only the first four were processed and committed; the process then "crashes".
        try await first.commit(seen[3])
        first.close()

        let second = try consumer(group: "billing")
        try second.subscribe(topics: ["payments"])
        var again: [String] = []
        for try await message in second.messages {
            again.append(String(decoding: message.value ?? [], as: UTF8.self))
            if again.count == 6 { break }
        }
        second.close()
        XCTAssertEqual(again, ["4", "5", "6", "7", "8", "9"])
    }

    func testTombstonesAndNullKeysPassThrough() async throws {
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: broker.bootstrapServers))
        _ = try await producer.send(topic: "user-state", key: Array("u1".utf8), value: nil)
        _ = try await producer.send(topic: "user-state", key: nil, value: Array("v".utf8))
        producer.close()
        let consumer = try consumer(group: "state")
        try consumer.subscribe(topics: ["user-state"])
        var received: [KafkaConsumerMessage] = []
        for try await message in consumer.messages {
            received.append(message)
            if received.count == 2 { break }
        }
        consumer.close()
        XCTAssertTrue(received.contains { $0.key == Array("u1".utf8) && $0.value == nil })
        XCTAssertTrue(received.contains { $0.key == nil && $0.value == Array("v".utf8) })
    }

    func testBadConfigurationIsATypedError() {
        XCTAssertThrowsError(try KafkaProducer(configuration: .init(bootstrapServers: "x", properties: ["no.such.property": "1"]))) { error in
            guard case let .configuration(property, _)? = error as? KafkaError else { return XCTFail("\(error)") }
            XCTAssertEqual(property, "no.such.property")
        }
    }
}
