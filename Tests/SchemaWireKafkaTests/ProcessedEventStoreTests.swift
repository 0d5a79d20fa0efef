import Foundation
import SchemaWireKafka
import Synchronization
import XCTest

/// The dedupe table: claims are atomic across connections to one file, failed handlers give
/// their claim up, and old events are pruned.
final class ProcessedEventStoreTests: XCTestCase {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID()).sqlite").path
    }

    /// Two stores on one file (as two processes would have), 16 tasks claiming the same 200
    /// events at once: each event is claimed exactly once.
    func testConcurrentClaimsOnOneFileSucceedOncePerEvent() async throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stores = [try SQLiteProcessedEventStore(path: path), try SQLiteProcessedEventStore(path: path)]
        let events = (0..<200).map { "event-\($0)" }
        let claims = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<16 {
                group.addTask {
                    var won = 0
                    for event in events.shuffled() where try await stores[task % 2].claim(event, group: "g", lease: .seconds(60)) == .claimed {
                        won += 1
                    }
                    return won
                }
            }
            return try await group.reduce(0, +)
        }
        XCTAssertEqual(claims, 200)
    }

    func testClaimsAreMarkedReleasedAndTakenOverAfterTheirLease() async throws {
        let store = try SQLiteProcessedEventStore()
        let first = try await store.claim("a", group: "g", lease: .seconds(60))
        XCTAssertEqual(first, .claimed)
        guard case .claimedElsewhere = try await store.claim("a", group: "g", lease: .seconds(60)) else { return XCTFail("a second claim won") }
        let otherGroup = try await store.claim("a", group: "h", lease: .seconds(60))
        XCTAssertEqual(otherGroup, .claimed, "groups are separate")
        try await store.release("a", group: "g")
        let afterRelease = try await store.claim("a", group: "g", lease: .milliseconds(200))
        XCTAssertEqual(afterRelease, .claimed)
        try await Task.sleep(for: .milliseconds(300))
        let afterLease = try await store.claim("a", group: "g", lease: .seconds(60))
        XCTAssertEqual(afterLease, .claimed, "an expired claim is taken over")
        try await store.markProcessed("a", group: "g")
        let afterProcessing = try await store.claim("a", group: "g", lease: .seconds(60))
        XCTAssertEqual(afterProcessing, .processed)
        try await store.release("a", group: "g")
        let stillProcessed = try await store.contains("a", group: "g")
        XCTAssertTrue(stillProcessed, "release does not forget a processed event")
    }

    func testProcessedEventsArePrunedAfterTheirRetention() async throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let early = try SQLiteProcessedEventStore(path: path, retention: .seconds(1))
        _ = try await early.claim("old", group: "g", lease: .seconds(60))
        try await early.markProcessed("old", group: "g")
        try await Task.sleep(for: .milliseconds(1200))
        let later = try SQLiteProcessedEventStore(path: path, retention: .seconds(1))
        _ = try await later.claim("new", group: "g", lease: .seconds(60))
        try await later.markProcessed("new", group: "g")
        let old = try await later.contains("old", group: "g")
        let new = try await later.contains("new", group: "g")
        XCTAssertFalse(old, "an event older than the retention is pruned")
        XCTAssertTrue(new)
    }

    /// Two members holding the same record at once (as during a rebalance) run its handler once:
    /// the second waits for the first's claim and finds the event processed.
    func testTwoMembersHandlingOneEventAtOnceRunTheHandlerOnce() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("payments", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        _ = try await producer.send(topic: "payments", key: nil, value: Array("pay-1".utf8), headers: [KafkaHeader(key: "x-event-id", text: "pay-1")])
        await producer.close()
        let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: "ledger", sessionTimeoutMilliseconds: 6000))
        try consumer.subscribe(topics: ["payments"])
        var first: KafkaConsumerMessage?
        for try await message in consumer.messages {
            first = message
            break
        }
        let message = try XCTUnwrap(first)
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let members = [
            IdempotentConsumer(consumer: consumer, store: try SQLiteProcessedEventStore(path: path)),
            IdempotentConsumer(consumer: consumer, store: try SQLiteProcessedEventStore(path: path)),
        ]
        let runs = Counter()
        let outcomes = try await withThrowingTaskGroup(of: ProcessingOutcome.self) { group in
            for member in members {
                group.addTask {
                    try await member.handle(message) { _ in
                        runs.increment()
                        try await Task.sleep(for: .milliseconds(300))  // both are inside at once without a claim
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        await consumer.close()
        XCTAssertEqual(runs.value, 1)
        XCTAssertEqual(outcomes.filter { $0 == .processed }.count, 1)
        XCTAssertEqual(outcomes.filter { $0 == .duplicate }.count, 1)
    }
}

private final class Counter: Sendable {
    private let count = Mutex<Int>(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
