import Foundation

/// Remembers which events were processed, so that redelivered records (at-least-once delivery)
/// are not handled twice. The protocol is the seam for other stores (Redis, Postgres).
///
/// An event is claimed before its handler runs and marked processed after, in that order, so
/// that two members handling the same record at once (during a rebalance both may hold it) run
/// the handler once: the second finds the claim and waits for its outcome.
public protocol ProcessedEventStore: Sendable {
    /// Claims `eventID` (for `group`) for `lease`, unless it was processed or another claim on it
    /// has not expired. Atomic across every user of the store.
    func claim(_ eventID: String, group: String, lease: Duration) async throws -> ProcessedEventClaim
    /// Marks a claimed `eventID` processed, for good.
    func markProcessed(_ eventID: String, group: String) async throws
    /// Gives up a claim (the handler failed), so the next delivery runs the handler again.
    func release(_ eventID: String, group: String) async throws
}

/// What ``ProcessedEventStore/claim(_:group:lease:)`` found.
public enum ProcessedEventClaim: Sendable, Equatable {
    /// The caller holds the claim: run the handler, then mark it processed or release it.
    case claimed
    /// The event was processed already: skip it.
    case processed
    /// Another member holds a claim until this date: wait for its outcome.
    case claimedElsewhere(until: Date)
}
