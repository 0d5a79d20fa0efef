import CoreMetrics
import Logging

/// Where records that cannot be processed go, so that one poison record neither stops a partition
/// nor disappears: it is produced to a dead-letter topic with the error and its origin, then the
/// original offset is committed.
public struct DeadLetterQueue: Sendable {
    public let producer: KafkaProducer
    /// The dead-letter topic for a source topic (default `<topic>.dlq`).
    public let topicName: @Sendable (String) -> String
    /// The most UTF-8 bytes of error text in `x-error`; longer text is cut between Unicode
    /// scalars and says how much was cut. An unbounded error could push the dead letter over the
    /// broker's record size limit, and then it could never be sent.
    public let maximumErrorBytes: Int
    /// How long a partition stays paused after a dead letter could not be sent, before its poison
    /// record is fetched and tried again.
    public let retryBackoff: Duration
    /// Counts dead letters as `schemawire_kafka_dead_letters` [`topic`: the source topic,
    /// `outcome`: `sent` or `failed`].
    private let metrics: any MetricsFactory

    public init(
        producer: KafkaProducer, topicName: @escaping @Sendable (String) -> String = { $0 + ".dlq" }, maximumErrorBytes: Int = 1024,
        retryBackoff: Duration = .seconds(5), metrics: any MetricsFactory = MetricsSystem.factory
    ) {
        self.producer = producer
        self.metrics = metrics
        self.topicName = topicName
        self.maximumErrorBytes = max(maximumErrorBytes, 64)
        self.retryBackoff = retryBackoff
    }

    /// Produces `message` (key, value and headers unchanged) to the dead-letter topic with
    /// `x-error` (at most ``maximumErrorBytes``), `x-original-topic`, `x-original-partition` and
    /// `x-original-offset` headers.
    @discardableResult
    public func send(_ message: KafkaConsumerMessage, error: any Error) async throws(KafkaError) -> KafkaDeliveryReport {
        let headers = message.headers + [
            KafkaHeader(key: "x-error", text: Self.bounded("\(error)", maximumBytes: maximumErrorBytes)),
            KafkaHeader(key: "x-original-topic", text: message.topic),
            KafkaHeader(key: "x-original-partition", text: String(message.partition)),
            KafkaHeader(key: "x-original-offset", text: String(message.offset)),
        ]
        do {
            let report = try await producer.send(topic: topicName(message.topic), key: message.key, value: message.value, headers: headers)
            count(message.topic, "sent")
            return report
        } catch {
            count(message.topic, "failed")
            throw error
        }
    }

    private func count(_ topic: String, _ outcome: String) {
        Counter(label: "schemawire_kafka_dead_letters", dimensions: [("topic", topic), ("outcome", outcome)], factory: metrics).increment()
    }

    /// `text` cut to at most `maximumBytes` UTF-8 bytes between Unicode scalars, with a note of
    /// how many bytes were cut.
    static func bounded(_ text: String, maximumBytes: Int) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count > maximumBytes else { return text }
        let note = "… (\(bytes.count) bytes, cut)"
        var end = max(maximumBytes - note.utf8.count, 0)
        while end > 0, bytes[end] & 0b1100_0000 == 0b1000_0000 { end -= 1 }  // not inside a character
        return String(decoding: bytes[..<end], as: UTF8.self) + note
    }
}

/// What ``KafkaConsumer/process(_:deadLetters:handler:)`` or an ``IdempotentConsumer`` did with
/// a record.
public enum ProcessingOutcome: Sendable, Equatable {
    /// The handler succeeded; the record is committed.
    case processed
    /// The record's event was processed before: the handler was skipped, the record committed.
    case duplicate
    /// The handler threw; the record is in the dead-letter topic and committed.
    case deadLettered
    /// The handler threw and the dead letter could not be sent: nothing is committed, the
    /// partition is paused and rewound to this record, and it comes back after the queue's
    /// ``DeadLetterQueue/retryBackoff``. Keep consuming: other partitions go on.
    case heldBack(KafkaError)
    /// The record's partition was revoked (or sought) since the record was read, so it was not
    /// committed: its current owner reads it again. `handlerRan` says whether the handler ran
    /// first (a partition already gone skips it). Not an error: keep consuming.
    case revoked(handlerRan: Bool)
}

extension KafkaConsumer {
    /// Runs `handler` for `message` and commits it. When the handler throws, the record goes to
    /// `deadLetters` and is committed too: nothing lost, nothing stuck. The commit happens only
    /// after the handler (or the dead-letter send) finished.
    ///
    /// When the dead-letter topic cannot take the record, the partition is held back at it
    /// (``holdBack(_:for:)``) instead of throwing: no later record of that partition is committed
    /// before the poison record has gone somewhere, and the loop can go on with the others.
    ///
    /// A record whose partition was revoked since it was read is not committed and answers
    /// `.revoked` instead of an error, so that a rebalance never ends the loop.
    @discardableResult
    public func process(
        _ message: KafkaConsumerMessage, deadLetters: DeadLetterQueue, handler: (KafkaConsumerMessage) async throws -> Void
    ) async throws(KafkaError) -> ProcessingOutcome {
        guard isCurrent(message) else { return .revoked(handlerRan: false) }
        do {
            try await handler(message)
        } catch {
            if let failure = await deadLetter(message, error: error, to: deadLetters) { return .heldBack(failure) }
            return try await settle(.deadLettered) { () throws(KafkaError) in try await commit(message) }
        }
        return try await settle(.processed) { () throws(KafkaError) in try await commit(message) }
    }

    /// `outcome` once `acknowledge` (a commit or a store) succeeded; `.revoked(handlerRan:)` when
    /// it was refused because the partition moved on.
    func settle(
        _ outcome: ProcessingOutcome, handlerRan: Bool = true, acknowledge: () async throws(KafkaError) -> Void
    ) async throws(KafkaError) -> ProcessingOutcome {
        do {
            try await acknowledge()
        } catch where error.isStalePartition {
            return .revoked(handlerRan: handlerRan)
        }
        return outcome
    }

    /// Sends `message` to `deadLetters`; when that fails, holds its partition back at it and
    /// returns why.
    func deadLetter(_ message: KafkaConsumerMessage, error: any Error, to deadLetters: DeadLetterQueue) async -> KafkaError? {
        do {
            try await deadLetters.send(message, error: error)
            return nil
        } catch let failure {
            logger.error(
                "dead letter for \(message.topic)[\(message.partition)]@\(message.offset) not sent (\(failure)); holding the partition back for \(deadLetters.retryBackoff)")
            do { try holdBack(message, for: deadLetters.retryBackoff) } catch let holding {
                logger.error("holding \(message.topic)[\(message.partition)] back failed: \(holding)")
            }
            return failure
        }
    }

    /// Rewinds `message`'s partition to it and pauses the partition for `delay`: records of that
    /// partition read before (this one and later ones) can no longer be committed or stored, and
    /// after `delay` fetching resumes at `message`. For a record that must not be skipped and
    /// cannot be handled yet.
    public func holdBack(_ message: KafkaConsumerMessage, for delay: Duration) throws(KafkaError) {
        let partition = KafkaTopicPartition(topic: message.topic, partition: message.partition)
        try pause([partition])
        try seek(partition, to: message.offset)
        Task { [weak self] in
            try? await Task.sleep(for: delay)
            try? self?.resume([partition])
        }
    }
}
