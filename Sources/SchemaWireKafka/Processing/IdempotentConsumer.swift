import Foundation
import GRDB
import Synchronization

/// Remembers which events were processed, so that redelivered records (at-least-once delivery)
/// are not handled twice. The protocol is the seam for other stores (Redis, Postgres).
public protocol ProcessedEventStore: Sendable {
    /// Whether `eventID` was already processed (for `group`).
    func contains(_ eventID: String, group: String) async throws -> Bool
    /// Marks `eventID` processed (for `group`).
    func insert(_ eventID: String, group: String) async throws
}

/// A ``ProcessedEventStore`` in a SQLite file (or in memory), durable across restarts.
public final class SQLiteProcessedEventStore: ProcessedEventStore {
    private let database: DatabaseQueue

    /// Opens (or creates) the store at `path`; nil keeps it in memory.
    public init(path: String? = nil) throws {
        database = try path.map { try DatabaseQueue(path: $0) } ?? DatabaseQueue()
        try database.write { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS processed_events (consumer_group TEXT NOT NULL, event_id TEXT NOT NULL, processed_at REAL NOT NULL, PRIMARY KEY (consumer_group, event_id))")
        }
    }

    public func contains(_ eventID: String, group: String) async throws -> Bool {
        try await database.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM processed_events WHERE consumer_group = ? AND event_id = ?", arguments: [group, eventID]) ?? false
        }
    }

    public func insert(_ eventID: String, group: String) async throws {
        try await database.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO processed_events (consumer_group, event_id, processed_at) VALUES (?, ?, ?)",
                arguments: [group, eventID, Date().timeIntervalSince1970])
        }
    }
}

/// Handles each event once, keyed by its `x-event-id` header: already-processed events are
/// skipped, and a record's offset is committed only after its handler succeeded and the event was
/// recorded (the card's "Idempotency header + dedupe table").
public struct IdempotentConsumer: Sendable {
    public let consumer: KafkaConsumer
    public let store: any ProcessedEventStore
    public let eventIDHeader: String
    /// Commit after every record (1), or store each record's offset and commit every this many
    /// records. Batching is safe here: a record re-delivered after a crash finds its event in the
    /// store and is skipped; revocations and ``KafkaConsumer/close()`` commit what was stored.
    public let commitInterval: Int
    private let sinceCommit = RecordCounter()

    public init(consumer: KafkaConsumer, store: any ProcessedEventStore, eventIDHeader: String = "x-event-id", commitInterval: Int = 1) {
        self.consumer = consumer
        self.store = store
        self.eventIDHeader = eventIDHeader
        self.commitInterval = max(commitInterval, 1)
    }

    /// What happened to one record.
    public enum Outcome: Sendable, Equatable {
        case handled
        /// Seen before: skipped, committed.
        case duplicate
    }

    /// Handles `message` unless its event was processed already, then commits it. Records without
    /// an event id are handled every time. If `handler` throws, nothing is recorded or committed,
    /// so the record comes back.
    @discardableResult
    public func handle(_ message: KafkaConsumerMessage, handler: (KafkaConsumerMessage) async throws -> Void) async throws -> Outcome {
        let group = consumer.configuration.groupID
        let eventID = message.header(eventIDHeader)
        if let eventID, try await store.contains(eventID, group: group) {
            try await acknowledge(message)
            return .duplicate
        }
        try await handler(message)
        if let eventID { try await store.insert(eventID, group: group) }
        try await acknowledge(message)
        return .handled
    }

    /// Marks `message` done without handling it (after sending it to a dead-letter topic, say),
    /// committing by ``commitInterval``.
    public func acknowledge(_ message: KafkaConsumerMessage) async throws(KafkaError) {
        guard commitInterval > 1 else { return try await consumer.commit(message) }
        try consumer.store(message)
        if sinceCommit.count(reaching: commitInterval) { try await consumer.commitStored() }
    }
}

/// Counts records between commits; shared by copies of an ``IdempotentConsumer``.
private final class RecordCounter: Sendable {
    private let value = Mutex<Int>(0)

    /// Counts one record; true (and back to zero) when the count reaches `limit`.
    func count(reaching limit: Int) -> Bool {
        value.withLock { count in
            count += 1
            guard count >= limit else { return false }
            count = 0
            return true
        }
    }
}
