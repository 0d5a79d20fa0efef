import Foundation
import Synchronization

/// Handles each event once, keyed by its `x-event-id` header: already-processed events are
/// skipped, and a record's offset is committed only after its handler succeeded and the event was
/// recorded: an idempotency header and a dedupe table.
///
/// The event is claimed in the store before the handler runs, so two members that both hold the
/// record during a rebalance do not both run it: the second waits for the first's outcome (for at
/// most ``claimLease``, after which it takes the claim over).
public struct IdempotentConsumer: Sendable {
    public let consumer: KafkaConsumer
    public let store: any ProcessedEventStore
    public let eventIDHeader: String
    /// Commit after every record (1), or store each record's offset and commit every this many
    /// records. Batching is safe here: a record re-delivered after a crash finds its event in the
    /// store and is skipped; revocations and ``KafkaConsumer/close()-63bzm`` commit what was stored.
    public let commitInterval: Int
    /// How long a claim holds other members off. A handler that runs longer than this may be
    /// run again by another member that receives the same record.
    public let claimLease: Duration
    private let sinceCommit = RecordCounter()
    private static let claimPoll: Duration = .milliseconds(50)

    public init(
        consumer: KafkaConsumer, store: any ProcessedEventStore, eventIDHeader: String = "x-event-id", commitInterval: Int = 1,
        claimLease: Duration = .seconds(60)
    ) {
        self.consumer = consumer
        self.store = store
        self.eventIDHeader = eventIDHeader
        self.commitInterval = max(commitInterval, 1)
        self.claimLease = claimLease
    }

    /// Handles `message` unless its event was processed already, then commits it: `.processed`
    /// or `.duplicate` (`.revoked` when its partition moved to another member since it was read;
    /// that member finds the event processed). Records without an event id are handled every
    /// time. If `handler` throws, the claim is given up, nothing is committed and the error is
    /// rethrown, so the record comes back.
    @discardableResult
    public func handle(_ message: KafkaConsumerMessage, handler: (KafkaConsumerMessage) async throws -> Void) async throws -> ProcessingOutcome {
        try await run(message, handler: handler).get()
    }

    /// Handles `message` as ``handle(_:handler:)`` does, and sends it to `deadLetters` when
    /// `handler` throws (then commits it: `.deadLettered`). When the dead letter cannot be sent,
    /// the record's partition is held back at it (``KafkaConsumer/holdBack(_:for:)``) and nothing
    /// is committed: `.heldBack`. Errors of the store or of committing are thrown.
    @discardableResult
    public func handle(
        _ message: KafkaConsumerMessage, deadLetters: DeadLetterQueue, handler: (KafkaConsumerMessage) async throws -> Void
    ) async throws -> ProcessingOutcome {
        switch try await run(message, handler: handler) {
        case let .success(outcome): return outcome
        case let .failure(error):
            if let failure = await consumer.deadLetter(message, error: error, to: deadLetters) { return .heldBack(failure) }
            return try await consumer.settle(.deadLettered) { () throws(KafkaError) in try await acknowledge(message) }
        }
    }

    /// The outcome, or the handler's error as a failure; the store's and the commit's errors are
    /// thrown.
    private func run(_ message: KafkaConsumerMessage, handler: (KafkaConsumerMessage) async throws -> Void) async throws -> Result<ProcessingOutcome, any Error> {
        guard consumer.isCurrent(message) else { return .success(.revoked(handlerRan: false)) }
        let group = consumer.configuration.groupID
        let eventID = message.header(eventIDHeader)
        if let eventID, try await !claim(eventID, group: group) {
            return .success(try await consumer.settle(.duplicate, handlerRan: false) { () throws(KafkaError) in try await acknowledge(message) })
        }
        do {
            try await handler(message)
        } catch {
            if let eventID { try? await store.release(eventID, group: group) }
            return .failure(error)
        }
        if let eventID { try await store.markProcessed(eventID, group: group) }
        return .success(try await consumer.settle(.processed) { () throws(KafkaError) in try await acknowledge(message) })
    }

    /// Claims `eventID`; false when it was processed (here or by another member while waiting).
    private func claim(_ eventID: String, group: String) async throws -> Bool {
        while true {
            switch try await store.claim(eventID, group: group, lease: claimLease) {
            case .claimed: return true
            case .processed: return false
            case let .claimedElsewhere(until):
                let left = Duration.milliseconds(max(Int(until.timeIntervalSinceNow * 1000), 1))
                try await Task.sleep(for: min(Self.claimPoll, left))
            }
        }
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
