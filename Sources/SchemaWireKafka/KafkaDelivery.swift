import Synchronization

/// A record handed to the producer whose delivery report has not necessarily arrived: enqueue
/// many (in order), then await their reports, instead of waiting a round trip per record.
public final class KafkaDelivery: Sendable {
    private typealias Waiter = CheckedContinuation<Result<KafkaDeliveryReport, KafkaError>, Never>

    /// The result once it is in, and whoever awaits it before then. Two fields rather than an enum
    /// of the two: the common check ("is it in?") then reads one optional under the lock instead
    /// of copying a whole state through outlined copies, on every produced record.
    private struct State {
        var result: Result<KafkaDeliveryReport, KafkaError>?
        var waiters: [Waiter] = []
    }

    private let state = Mutex(State())
    /// The record's topic, kept so that its report needs no copy of librdkafka's topic name.
    let topic: String

    init(topic: String) {
        self.topic = topic
    }

    /// Called once, by the delivery-report callback (or a failed enqueue).
    func complete(_ result: Result<KafkaDeliveryReport, KafkaError>) {
        let waiters: [Waiter] = state.withLock { state in
            guard state.result == nil else { return [] }
            state.result = result
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: result) }
    }

    /// Where the record landed, once the broker acknowledged it.
    public func report() async throws(KafkaError) -> KafkaDeliveryReport {
        // Usually the report is in by the time anyone asks: no continuation then.
        if let result = state.withLock({ $0.result }) { return try result.get() }
        let result: Result<KafkaDeliveryReport, KafkaError> = await withCheckedContinuation { continuation in
            let ready: Result<KafkaDeliveryReport, KafkaError>? = state.withLock { state in
                if let result = state.result { return result }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
        return try result.get()
    }
}
