/// Where records that cannot be processed go, so that one poison record neither stops a partition
/// nor disappears: it is produced to a dead-letter topic with the error and its origin, then the
/// original offset is committed.
public struct DeadLetterQueue: Sendable {
    public let producer: KafkaProducer
    /// The dead-letter topic for a source topic (default `<topic>.dlq`).
    public let topicName: @Sendable (String) -> String

    public init(producer: KafkaProducer, topicName: @escaping @Sendable (String) -> String = { $0 + ".dlq" }) {
        self.producer = producer
        self.topicName = topicName
    }

    /// Produces `message` (key, value and headers unchanged) to the dead-letter topic with
    /// `x-error`, `x-original-topic`, `x-original-partition` and `x-original-offset` headers.
    @discardableResult
    public func send(_ message: KafkaConsumerMessage, error: any Error) async throws(KafkaError) -> KafkaDeliveryReport {
        let headers = message.headers + [
            KafkaHeader(key: "x-error", text: "\(error)"),
            KafkaHeader(key: "x-original-topic", text: message.topic),
            KafkaHeader(key: "x-original-partition", text: String(message.partition)),
            KafkaHeader(key: "x-original-offset", text: String(message.offset)),
        ]
        return try await producer.send(topic: topicName(message.topic), key: message.key, value: message.value, headers: headers)
    }
}

extension KafkaConsumer {
    /// Runs `handler` for `message` and commits it. When the handler throws, the record goes to
    /// `deadLetters` and is committed too: nothing lost, nothing stuck. The commit happens only
    /// after the handler (or the dead-letter send) finished.
    public func process(
        _ message: KafkaConsumerMessage, deadLetters: DeadLetterQueue, handler: (KafkaConsumerMessage) async throws -> Void
    ) async throws(KafkaError) {
        do {
            try await handler(message)
        } catch {
            try await deadLetters.send(message, error: error)
        }
        try await commit(message)
    }
}
