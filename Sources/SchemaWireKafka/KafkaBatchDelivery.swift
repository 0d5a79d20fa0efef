import Synchronization

/// The pending delivery reports of one batch: a slot per record, written by the delivery-report
/// callback, and one continuation resumed when the last report is in. Per record this costs a
/// store and an atomic decrement where ``KafkaDelivery`` costs an object and two locks.
///
/// librdkafka holds raw pointers into the slots, so a batch with records keeps itself alive until
/// its last report is in (or ``notSent(from:code:message:)`` accounts for the rest): whoever
/// created it may drop it at any time.
final class KafkaBatchDelivery: @unchecked Sendable {
    /// What librdkafka reported for one record; `code` is nil until the report arrives.
    struct Slot {
        let batch: Unmanaged<KafkaBatchDelivery>
        var partition: Int32 = -1
        var offset: Int64 = -1
        var code: KafkaError.Code?
    }

    private enum Waiting {
        case waiting(CheckedContinuation<Void, Never>?)
        case finished
    }

    /// Each slot has one writer (its record's report), and is read only after the last report.
    private let slots: UnsafeMutableBufferPointer<Slot>
    private let remaining: Atomic<Int>
    private let waiting: Mutex<Waiting>
    /// librdkafka's own words for the refused record, if one was: set before the wait begins.
    private var refusal: (index: Int, message: String)?
    /// The error that stopped enqueuing (a closed producer), rethrown by ``reports(topic:)``.
    private var stop: KafkaError?

    init(count: Int) {
        slots = .allocate(capacity: count)
        remaining = Atomic(count)
        // An empty batch has no report to wait for.
        waiting = Mutex(count == 0 ? .finished : .waiting(nil))
        slots.initialize(repeating: Slot(batch: .passUnretained(self)))
        // Released by whoever accounts for the last record (``reported(_:)`` answering true).
        if count > 0 { _ = Unmanaged.passRetained(self) }
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// The number of records.
    var count: Int { slots.count }

    /// Record `index`'s slot, the opaque pointer librdkafka hands back with its report.
    func slot(_ index: Int) -> UnsafeMutablePointer<Slot> {
        slots.baseAddress.unsafelyUnwrapped + index
    }

    /// The delivery-report callback's part: fills the record's slot.
    static func report(
        _ slot: UnsafeMutablePointer<Slot>, partition: Int32, offset: Int64, code: KafkaError.Code
    ) {
        slot.pointee.partition = partition
        slot.pointee.offset = offset
        slot.pointee.code = code
        // The batch keeps itself alive until its last report (see the type's contract): no retain
        // per record.
        let batch = slot.pointee.batch
        if batch._withUnsafeGuaranteedRef({ $0.reported(1) }) { batch.release() }
    }

    /// Record `start` was refused (why: `message`) and the ones after it not handed over: they
    /// count as reported, with `code`.
    func notSent(from start: Int, code: KafkaError.Code, message: String) {
        guard start < slots.count else { return }
        refusal = (start, message)
        for index in start..<slots.count { slots[index].code = code }
        if reported(slots.count - start) { Unmanaged.passUnretained(self).release() }
    }

    /// Enqueuing stopped at record `start` because of `error`: the rest count as not sent, and
    /// ``reports(topic:)`` throws `error`.
    func stopped(at start: Int, by error: KafkaError) {
        stop = error
        notSent(from: start, code: .destroyed, message: error.description)
    }

    /// Whether every record is reported, without waiting.
    var isComplete: Bool { remaining.load(ordering: .acquiring) == 0 }

    /// Counts `count` more records as reported; true for the call that accounted for the last one,
    /// which then releases the batch's hold on itself (after this returns: it may be the last
    /// reference).
    private func reported(_ count: Int) -> Bool {
        guard remaining.subtract(count, ordering: .acquiringAndReleasing).newValue == 0 else { return false }
        let continuation: CheckedContinuation<Void, Never>? = waiting.withLock { waiting in
            defer { waiting = .finished }
            guard case let .waiting(continuation) = waiting else { return nil }
            return continuation
        }
        continuation?.resume()
        return true
    }

    /// Suspends until every record is reported (at once when they all are).
    func waitForAll() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let finished = waiting.withLock { waiting in
                guard case .waiting = waiting else { return true }
                waiting = .waiting(continuation)
                return false
            }
            if finished { continuation.resume() }
        }
        // Every slot's writes are visible here: each reporter's decrement releases them, the last
        // one acquires them all and hands them on through the lock and the resumption.
    }

    /// Each record's report or failure, once ``waitForAll()`` returned.
    func outcomes(topic: String) -> [Result<KafkaDeliveryReport, KafkaError>] {
        slots.indices.map { index in Result { () throws(KafkaError) in try report(index, topic: topic) } }
    }

    /// Record `index`'s report, or why it was not delivered.
    private func report(_ index: Int, topic: String) throws(KafkaError) -> KafkaDeliveryReport {
        if let stop { throw stop }
        let slot = slots[index]
        let code = slot.code ?? .unknown
        guard code == .noError else {
            let reason = refusal?.index == index ? refusal?.message : nil
            throw .delivery(topic: topic, code: code, message: "record \(index) of \(slots.count): \(reason ?? RDKafkaClient.errorMessage(code))")
        }
        return KafkaDeliveryReport(topic: topic, partition: slot.partition, offset: slot.offset)
    }

    /// The reports in record order, once ``waitForAll()`` returned; the first failure as
    /// ``KafkaError/delivery(topic:code:message:)`` naming the record.
    func reports(topic: String) throws(KafkaError) -> [KafkaDeliveryReport] {
        var reports: [KafkaDeliveryReport] = []
        reports.reserveCapacity(slots.count)
        for index in slots.indices { reports.append(try report(index, topic: topic)) }
        return reports
    }
}

/// A batch handed to ``KafkaProducer/enqueue(_:topic:)`` whose acknowledgements may still be
/// coming. Dropping it is safe: the records are delivered (or not) all the same.
public struct KafkaPendingBatch: Sendable {
    let batch: KafkaBatchDelivery
    let topic: String

    /// The number of records in the batch.
    public var count: Int { batch.count }

    /// Whether every record's outcome is in, so that ``reports()`` returns without suspending.
    public var isComplete: Bool { batch.isComplete }

    /// Each record's report, in the order they were enqueued, once all are in.
    ///
    /// - Throws: ``KafkaError/delivery(topic:code:message:)`` for the first record (by position)
    ///   that was not delivered, naming its index; the error that stopped enqueuing, if one did.
    public func reports() async throws(KafkaError) -> [KafkaDeliveryReport] {
        await batch.waitForAll()
        return try batch.reports(topic: topic)
    }

    /// Each record's outcome, in the order they were enqueued, once all are in: for a caller that
    /// must say which records failed, not only the first.
    public func outcomes() async -> [Result<KafkaDeliveryReport, KafkaError>] {
        await batch.waitForAll()
        return batch.outcomes(topic: topic)
    }
}
