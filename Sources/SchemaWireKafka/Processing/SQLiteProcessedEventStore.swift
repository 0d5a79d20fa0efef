import Foundation
internal import GRDB
import Synchronization

/// A ``ProcessedEventStore`` in a SQLite file (or in memory), durable across restarts and shared
/// safely by several processes (WAL; a write waits up to 30 s for another's).
///
/// Processed events are kept for ``retention`` and then pruned as new ones are recorded, so the
/// file does not grow forever. Keep the retention longer than any redelivery can be late (the
/// topic's retention, or the longest a consumer may stay down).
public final class SQLiteProcessedEventStore: ProcessedEventStore {
    private let database: DatabaseQueue
    /// How long a processed event is remembered; nil remembers every event forever.
    public let retention: Duration?
    private let lastPrune = Mutex<ContinuousClock.Instant?>(nil)
    private static let pruneInterval: Duration = .seconds(60)

    /// Opens (or creates) the store at `path`; nil keeps it in memory.
    public init(path: String? = nil, retention: Duration? = .seconds(7 * 24 * 3600)) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        if let path {
            configuration.journalMode = .wal
            database = try DatabaseQueue(path: path, configuration: configuration)
        } else {
            database = try DatabaseQueue(configuration: configuration)
        }
        self.retention = retention
        try database.write { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS processed_events (consumer_group TEXT NOT NULL, event_id TEXT NOT NULL, processed_at REAL NOT NULL, PRIMARY KEY (consumer_group, event_id))")
            // A claim in progress has claimed_until set; a processed event has it NULL.
            if try !db.columns(in: "processed_events").contains(where: { $0.name == "claimed_until" }) {
                try db.execute(sql: "ALTER TABLE processed_events ADD COLUMN claimed_until REAL")
            }
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS processed_events_age ON processed_events(processed_at)")
        }
    }

    public func claim(_ eventID: String, group: String, lease: Duration) async throws -> ProcessedEventClaim {
        // IMMEDIATE: the read and the insert are one step for every process on the file (a
        // deferred transaction that read first could not take the write lock after another did).
        try await database.writeWithoutTransaction { db in
            var claim = ProcessedEventClaim.processed
            try db.inTransaction(.immediate) {
                claim = try Self.claim(db, eventID, group: group, lease: lease)
                return .commit
            }
            return claim
        }
    }

    private static func claim(_ db: Database, _ eventID: String, group: String, lease: Duration) throws -> ProcessedEventClaim {
        let now = Date().timeIntervalSince1970
        let row = try Row.fetchOne(db, sql: "SELECT claimed_until FROM processed_events WHERE consumer_group = ? AND event_id = ?", arguments: [group, eventID])
        if let row {
            guard let claimedUntil = row["claimed_until"] as Double? else { return .processed }
            if claimedUntil > now { return .claimedElsewhere(until: Date(timeIntervalSince1970: claimedUntil)) }
        }
        try db.execute(
            sql: "INSERT OR REPLACE INTO processed_events (consumer_group, event_id, processed_at, claimed_until) VALUES (?, ?, ?, ?)",
            arguments: [group, eventID, now, now + lease.seconds])
        return .claimed
    }

    public func markProcessed(_ eventID: String, group: String) async throws {
        try await database.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO processed_events (consumer_group, event_id, processed_at, claimed_until) VALUES (?, ?, ?, NULL)",
                arguments: [group, eventID, Date().timeIntervalSince1970])
        }
        try await pruneIfDue()
    }

    public func release(_ eventID: String, group: String) async throws {
        try await database.write { db in
            try db.execute(
                sql: "DELETE FROM processed_events WHERE consumer_group = ? AND event_id = ? AND claimed_until IS NOT NULL", arguments: [group, eventID])
        }
    }

    /// Whether `eventID` was processed (for `group`).
    public func contains(_ eventID: String, group: String) async throws -> Bool {
        try await database.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT 1 FROM processed_events WHERE consumer_group = ? AND event_id = ? AND claimed_until IS NULL", arguments: [group, eventID]) ?? false
        }
    }

    /// Forgets events processed (and claims taken) before `date`; returns how many.
    @discardableResult
    public func prune(before date: Date) async throws -> Int {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM processed_events WHERE processed_at < ?", arguments: [date.timeIntervalSince1970])
            return db.changesCount
        }
    }

    private func pruneIfDue() async throws {
        guard let retention else { return }
        let now = ContinuousClock.now
        let due = lastPrune.withLock { last in
            guard last.map({ now - $0 >= Self.pruneInterval }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        try await prune(before: Date(timeIntervalSinceNow: -retention.seconds))
    }
}

extension Duration {
    /// The duration in seconds, with its fraction.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
