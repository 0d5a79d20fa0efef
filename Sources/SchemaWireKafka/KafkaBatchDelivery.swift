import CRdKafka
import Synchronization

/// The pending delivery reports of one batch: a slot per record, written by the delivery-report
/// callback, and one continuation resumed when the last report is in. Per record this costs a
/// store and an atomic decrement where ``KafkaDelivery`` costs an object and two locks.
///
/// librdkafka holds raw pointers into the slots, so whoever creates a batch must keep it alive
/// until ``waitForAll()`` returns, even when enqueuing fails half-way (``notSent(from:code:message:)``).
final class KafkaBatchDelivery: @unchecked Sendable {
    /// What librdkafka reported for one record; `code` is nil until the report arrives.
    struct Slot {
        let batch: Unmanaged<KafkaBatchDelivery>
        var partition: Int32 = -1
        var offset: Int64 = -1
        var code: rd_kafka_resp_err_t?
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

    init(count: Int) {
        slots = .allocate(capacity: count)
        remaining = Atomic(count)
        // An empty batch has no report to wait for.
        waiting = Mutex(count == 0 ? .finished : .waiting(nil))
        slots.initialize(repeating: Slot(batch: .passUnretained(self)))
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// Record `index`'s slot, the opaque pointer librdkafka hands back with its report.
    func slot(_ index: Int) -> UnsafeMutablePointer<Slot> {
        slots.baseAddress.unsafelyUnwrapped + index
    }

    /// The delivery-report callback's part: fills the record's slot.
    static func report(
        _ slot: UnsafeMutablePointer<Slot>, partition: Int32, offset: Int64, code: rd_kafka_resp_err_t
    ) {
        slot.pointee.partition = partition
        slot.pointee.offset = offset
        slot.pointee.code = code
        // The batch outlives its reports (see the type's contract): no retain per record.
        slot.pointee.batch._withUnsafeGuaranteedRef { $0.reported(1) }
    }

    /// Record `start` was refused (why: `message`) and the ones after it not handed over: they
    /// count as reported, with `code`.
    func notSent(from start: Int, code: rd_kafka_resp_err_t, message: String) {
        guard start < slots.count else { return }
        refusal = (start, message)
        for index in start..<slots.count { slots[index].code = code }
        reported(slots.count - start)
    }

    private func reported(_ count: Int) {
        guard remaining.subtract(count, ordering: .acquiringAndReleasing).newValue == 0 else { return }
        let continuation: CheckedContinuation<Void, Never>? = waiting.withLock { waiting in
            defer { waiting = .finished }
            guard case let .waiting(continuation) = waiting else { return nil }
            return continuation
        }
        // Last touch of the batch from a callback: the waiter may free it as soon as it resumes.
        continuation?.resume()
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

    /// The reports in record order, once ``waitForAll()`` returned; the first failure as
    /// ``KafkaError/delivery(topic:code:message:)`` naming the record.
    func reports(topic: String) throws(KafkaError) -> [KafkaDeliveryReport] {
        var reports: [KafkaDeliveryReport] = []
        reports.reserveCapacity(slots.count)
        for (index, slot) in slots.enumerated() {
            let code = slot.code ?? RD_KAFKA_RESP_ERR__FAIL
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                let reason = refusal?.index == index ? refusal?.message : nil
                let message = "record \(index) of \(slots.count): \(reason ?? RDKafkaClient.errorMessage(code))"
                throw .delivery(topic: topic, code: code.rawValue, message: message)
            }
            reports.append(KafkaDeliveryReport(topic: topic, partition: slot.partition, offset: slot.offset))
        }
        return reports
    }
}
