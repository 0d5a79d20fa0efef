import Foundation
import SchemaWireKafka
import SchemaWireTestSupport
import XCTest

/// Group rebalances through the Swift API, on librdkafka's mock cluster: a second member joins
/// while the first holds stored-but-uncommitted offsets and records it fetched but has not taken.
final class RebalanceTests: XCTestCase {
    /// Records processed by either member, in the order they were processed.
    actor Ledger {
        private(set) var processed: [String] = []
        func record(_ value: String) { processed.append(value) }
    }

    func testRevocationCommitsStoredOffsetsAndNothingIsLost() async throws {
        let broker = try KafkaMockCluster(brokers: 1)
        defer { broker.close() }
        try broker.createTopic("ledger", partitions: 4)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: broker.bootstrapServers))
        var deliveries: [KafkaDelivery] = []
        for index in 0..<200 {
            deliveries.append(try await producer.enqueue(
                topic: "ledger", key: nil, value: Array("\(index)".utf8), partition: Int32(index % 4)))
        }
        for delivery in deliveries { _ = try await delivery.report() }
        await producer.close()

        func member() throws -> KafkaConsumer {
            try KafkaConsumer(configuration: .init(bootstrapServers: broker.bootstrapServers, groupID: "ledger", sessionTimeoutMilliseconds: 6000))
        }
        let ledger = Ledger()
        /// Takes records, "processes" each only once its offset is stored (a store refused because
        /// the partition moved means the next owner processes it).
        @Sendable func process(_ consumer: KafkaConsumer, limit: Int) async throws {
            var taken = 0
            for try await message in consumer.messages {
                if (try? consumer.store(message)) != nil {
                    await ledger.record(String(decoding: message.value ?? [], as: UTF8.self))
                }
                taken += 1
                if taken == limit { return }
            }
        }

        let first = try member()
        var firstEvents = first.rebalanceEvents.makeAsyncIterator()
        try first.subscribe(topics: ["ledger"])
        try await process(first, limit: 40)
        let initial = await firstEvents.next()
        guard case let .assigned(all)? = initial else { return XCTFail("first event: \(String(describing: initial))") }
        XCTAssertEqual(Set(all.map(\.partition)), [0, 1, 2, 3])
        // The first member has fetched far more than the 40 it took: those are buffered.

        let second = try member()
        try second.subscribe(topics: ["ledger"])
        let revoked = await firstEvents.next()
        guard case let .revoked(partitions, committed, lost)? = revoked else { return XCTFail("after the join: \(String(describing: revoked))") }
        // Incremental rebalancing: the first member gives up only the two partitions that move.
        XCTAssertEqual(partitions.count, 2)
        XCTAssertFalse(lost)
        // The revocation commits what was stored before the partitions move. The coordinator may
        // refuse that commit while the group rebalances (librdkafka's mock cluster sometimes answers
        // REBALANCE_IN_PROGRESS); the event then says so, and the records stored since the last
        // commit of the moved partitions are processed again by their new owner: at least once,
        // never lost, and only there.
        let moved = Set(partitions.map(\.partition))

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await process(first, limit: .max) }
            group.addTask { try await process(second, limit: .max) }
            let deadline = ContinuousClock.now + .seconds(60)
            while await ledger.processed.count < 200, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            group.cancelAll()
        }
        await first.close()
        await second.close()

        let processed = await ledger.processed
        let duplicates = Dictionary(grouping: processed, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        if committed {
            XCTAssertEqual(duplicates, [], "processed twice although the revocation committed")
        } else {
            let elsewhere = duplicates.filter { !moved.contains(Int32((Int($0) ?? 0) % 4)) }
            XCTAssertEqual(elsewhere, [], "processed twice outside the moved partitions \(moved)")
        }
        XCTAssertEqual(Set(processed), Set((0..<200).map(String.init)), "every record processed")
    }

    func testCloseCommitsStoredOffsets() async throws {
        let broker = try KafkaMockCluster(brokers: 1)
        defer { broker.close() }
        try broker.createTopic("audit", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: broker.bootstrapServers))
        for index in 0..<10 { _ = try await producer.send(topic: "audit", key: nil, value: Array("\(index)".utf8)) }
        await producer.close()
        let configuration = KafkaConsumerConfiguration(bootstrapServers: broker.bootstrapServers, groupID: "audit", sessionTimeoutMilliseconds: 6000)

        let first = try KafkaConsumer(configuration: configuration)
        try first.subscribe(topics: ["audit"])
        var taken = 0
        for try await message in first.messages {
            try first.store(message)
            taken += 1
            if taken == 6 { break }
        }
        await first.close()  // no explicit commit: closing revokes, and revocation commits what was stored

        let second = try KafkaConsumer(configuration: configuration)
        try second.subscribe(topics: ["audit"])
        var rest: [String] = []
        for try await message in second.messages {
            rest.append(String(decoding: message.value ?? [], as: UTF8.self))
            if rest.count == 4 { break }
        }
        await second.close()
        XCTAssertEqual(rest, ["6", "7", "8", "9"])
    }
}
