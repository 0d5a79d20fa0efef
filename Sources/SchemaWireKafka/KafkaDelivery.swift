import Synchronization

/// A record handed to the producer whose delivery report has not necessarily arrived: enqueue
/// many (in order), then await their reports, instead of waiting a round trip per record.
public final class KafkaDelivery: Sendable {
    private enum State {
        case pending([CheckedContinuation<Result<KafkaDeliveryReport, KafkaError>, Never>])
        case done(Result<KafkaDeliveryReport, KafkaError>)
    }

    private let state = Mutex<State>(.pending([]))
    /// The record's topic, kept so that its report needs no copy of librdkafka's topic name.
    let topic: String

    init(topic: String) {
        self.topic = topic
    }

    /// Called once, by the delivery-report callback (or a failed enqueue).
    func complete(_ result: Result<KafkaDeliveryReport, KafkaError>) {
        let waiters: [CheckedContinuation<Result<KafkaDeliveryReport, KafkaError>, Never>] = state.withLock { state in
            guard case let .pending(waiters) = state else { return [] }
            state = .done(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: result) }
    }

    /// Where the record landed, once the broker acknowledged it.
    public func report() async throws(KafkaError) -> KafkaDeliveryReport {
        // Usually the report is in by the time anyone asks: no continuation then.
        if case let .done(result) = state.withLock({ $0 }) { return try result.get() }
        let result: Result<KafkaDeliveryReport, KafkaError> = await withCheckedContinuation { continuation in
            let ready: Result<KafkaDeliveryReport, KafkaError>? = state.withLock { state in
                switch state {
                case let .done(result): return result
                case var .pending(waiters):
                    waiters.append(continuation)
                    state = .pending(waiters)
                    return nil
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
        return try result.get()
    }
}
