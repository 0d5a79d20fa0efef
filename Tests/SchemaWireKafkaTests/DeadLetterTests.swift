import Foundation
import SchemaWireKafka
import XCTest

/// Dead letters when the dead-letter topic is unreachable or the error is huge, on librdkafka's
/// mock cluster: no poison record is lost, and no later record of its partition is committed
/// before it went somewhere.
final class DeadLetterTests: XCTestCase {
    struct Poison: Error, CustomStringConvertible {
        let description: String
    }

    struct Run: Sendable {
        var restored = false
        var handled = Set<String>()
        var heldBack = 0
        var deadLettered = 0
        var highestCommitted: [KafkaTopicPartition: Int64] = [:]
        var violations: [String] = []
    }

    /// How long the dead-letter cluster is down (`SCHEMAWIRE_DLQ_OUTAGE_SECONDS`, 8 by default;
    /// the fault harness runs it with 60).
    static var outage: Duration {
        .seconds(Int(ProcessInfo.processInfo.environment["SCHEMAWIRE_DLQ_OUTAGE_SECONDS"] ?? "") ?? 8)
    }

    func testAnOutageOfTheDeadLetterTopicHoldsPartitionsBackAndLosesNothing() async throws {
        let source = try KafkaMockCluster()
        defer { source.close() }
        let dead = try KafkaMockCluster()
        defer { dead.close() }
        try source.createTopic("orders", partitions: 2)
        try dead.createTopic("orders.dlq", partitions: 1)
        let poison: [Int32: Int64] = [0: 5, 1: 12]
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: source.bootstrapServers))
        for partition in Int32(0)..<2 {
            for offset in Int64(0)..<20 {
                let text = poison[partition] == offset ? "poison" : "order-\(partition)-\(offset)"
                _ = try await producer.send(topic: "orders", key: nil, value: Array(text.utf8), partition: partition)
            }
        }
        await producer.close()

        // Sends to the dead-letter cluster fail after 2 s while its broker is down.
        let dlqProducer = try KafkaProducer(configuration: .init(bootstrapServers: dead.bootstrapServers, properties: ["message.timeout.ms": "2000"]))
        let deadLetters = DeadLetterQueue(producer: dlqProducer, retryBackoff: .milliseconds(500))
        dead.setBroker(1, up: false)
        let configuration = KafkaConsumerConfiguration(bootstrapServers: source.bootstrapServers, groupID: "pricing", sessionTimeoutMilliseconds: 6000)
        let consumer = try KafkaConsumer(configuration: configuration)
        try consumer.subscribe(topics: ["orders"])
        let observer = try KafkaConsumer(configuration: configuration)
        let partitions = (Int32(0)..<2).map { KafkaTopicPartition(topic: "orders", partition: $0) }

        let outage = Self.outage
        let run = Outcome { () -> Run in
            var run = Run()
            let start = ContinuousClock.now
            for try await message in consumer.messages {
                if !run.restored, ContinuousClock.now - start >= outage {
                    dead.setBroker(1, up: true)
                    run.restored = true
                }
                let outcome = try await consumer.process(message, deadLetters: deadLetters) { message in
                    let text = String(decoding: message.value ?? [], as: UTF8.self)
                    if text == "poison" { throw Poison(description: "cannot price \(message.partition)@\(message.offset)") }
                    run.handled.insert(text)
                }
                switch outcome {
                case .processed, .duplicate, .revoked: break
                case .deadLettered: run.deadLettered += 1
                case .heldBack: run.heldBack += 1
                }
                let committed = try await observer.committedOffsets(partitions)
                for (partition, offset) in committed {
                    if offset < run.highestCommitted[partition] ?? 0 { run.violations.append("\(partition)'s committed offset moved back to \(offset)") }
                    run.highestCommitted[partition] = offset
                    if !run.restored, let poisoned = poison[partition.partition], offset > poisoned {
                        run.violations.append("\(partition) committed \(offset), past its poison record, while the dead letter was not sent")
                    }
                }
                if run.deadLettered == 2, run.handled.count == 38, committed.count == 2, committed.values.allSatisfy({ $0 == 20 }) { break }
            }
            return run
        }
        let result = try await run.result(within: outage + .seconds(60))
        await consumer.close()
        await observer.close()
        let summary = try XCTUnwrap(try result?.get(), "the poison records were never dead-lettered and committed")
        XCTAssertEqual(summary.violations, [])
        XCTAssertTrue(summary.restored)
        XCTAssertEqual(summary.handled.count, 38, "every good record processed")
        XCTAssertEqual(summary.deadLettered, 2)
        XCTAssertGreaterThanOrEqual(summary.heldBack, 2, "each poison record was held back during the outage")
        XCTAssertEqual(summary.highestCommitted, [partitions[0]: 20, partitions[1]: 20])

        let inspector = try KafkaConsumer(configuration: .init(bootstrapServers: dead.bootstrapServers, groupID: "inspector", sessionTimeoutMilliseconds: 6000))
        try inspector.subscribe(topics: ["orders.dlq"])
        var letters: [String] = []
        for try await message in inspector.messages {
            letters.append("\(message.header("x-original-partition") ?? "?")@\(message.header("x-original-offset") ?? "?")")
            if letters.count == 2 { break }
        }
        await inspector.close()
        await dlqProducer.close()
        XCTAssertEqual(letters.sorted(), ["0@5", "1@12"])
    }

    /// A megabyte of error text would push the dead letter over the broker's record size limit
    /// (so it could never be sent); `x-error` is cut instead, between Unicode scalars.
    func testHugeErrorTextIsCutInTheDeadLetter() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("orders", partitions: 1)
        try cluster.createTopic("orders.dlq", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        _ = try await producer.send(topic: "orders", key: nil, value: Array("poison".utf8))
        let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: "pricing", sessionTimeoutMilliseconds: 6000))
        try consumer.subscribe(topics: ["orders"])
        let huge = String(repeating: "prix: 12 €; ", count: 100_000)
        for try await message in consumer.messages {
            let outcome = try await consumer.process(message, deadLetters: DeadLetterQueue(producer: producer)) { _ in throw Poison(description: huge) }
            XCTAssertEqual(outcome, .deadLettered)
            break
        }
        await consumer.close()

        let inspector = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: "inspector", sessionTimeoutMilliseconds: 6000))
        try inspector.subscribe(topics: ["orders.dlq"])
        var error: String?
        for try await message in inspector.messages {
            error = message.header("x-error")
            break
        }
        await inspector.close()
        await producer.close()
        let text = try XCTUnwrap(error)
        XCTAssertLessThanOrEqual(text.utf8.count, 1024)
        XCTAssertTrue(text.hasPrefix("prix: 12 €; prix"), text)
        XCTAssertTrue(text.hasSuffix("… (\(huge.utf8.count) bytes, cut)"), text)
    }
}
