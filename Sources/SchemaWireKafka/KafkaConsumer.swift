import CRdKafka
import Dispatch
import Synchronization

/// A Kafka consumer in a consumer group, over librdkafka, with manual commits: nothing is
/// committed until you say the record was processed, so a crash re-delivers instead of losing.
///
/// Records arrive through ``messages``. When the application falls behind, the consumer pauses its
/// partitions and keeps polling (so the group keeps it as a member), and resumes once the buffer
/// drains: slow processing neither triggers a rebalance nor grows memory without bound.
public final class KafkaConsumer: Sendable {
    public let configuration: KafkaConsumerConfiguration
    let client: RDKafkaClient
    private let buffered = Atomic<Int>(0)
    private let paused = Atomic<Bool>(false)
    private let stream: AsyncStream<Result<KafkaConsumerMessage, KafkaError>>
    private let continuation: AsyncStream<Result<KafkaConsumerMessage, KafkaError>>.Continuation
    private let poller = Mutex<PollThread?>(nil)
    /// Pause above this many undelivered records, resume below `lowWater`.
    private let highWater: Int
    private let lowWater: Int

    public init(configuration: KafkaConsumerConfiguration, bufferedMessages: Int = 1_000) throws(KafkaError) {
        self.configuration = configuration
        client = try RDKafkaClient(kind: .consumer, properties: configuration.librdkafkaProperties)
        try client.withHandle { handle throws(KafkaError) in _ = rd_kafka_poll_set_consumer(handle) }
        (stream, continuation) = AsyncStream.makeStream(of: Result<KafkaConsumerMessage, KafkaError>.self)
        highWater = max(bufferedMessages, 1)
        lowWater = max(bufferedMessages / 10, 0)
    }

    /// Joins the group for `topics` and starts fetching.
    public func subscribe(topics: [String]) throws(KafkaError) {
        let offsets = topics.map { (topic: $0, partition: RD_KAFKA_PARTITION_UA, offset: Int64(0)) }
        try client.withHandle { handle throws(KafkaError) in
            let code = RDKafkaConsume.withPartitionList(offsets) { rd_kafka_subscribe(handle, $0) }
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw .consumer(code: code.rawValue, message: RDKafkaClient.errorMessage(code)) }
        }
        poller.withLock { poller in
            guard poller == nil else { return }
            poller = PollThread(name: "schemawire.kafka.consumer") { [self] in self.pollOnce() }
        }
    }

    /// One step of the poll loop: fetch a record (or time out), and pause or resume fetching by
    /// how many records wait for the application.
    private func pollOnce() {
        let waiting = buffered.load(ordering: .relaxed)
        if waiting >= highWater, !paused.load(ordering: .relaxed) { setPaused(true) }
        if waiting <= lowWater, paused.load(ordering: .relaxed) { setPaused(false) }
        _ = try? client.withHandle { handle throws(KafkaError) in
            guard let message = rd_kafka_consumer_poll(handle, 100) else { return }
            defer { rd_kafka_message_destroy(message) }
            let error = message.pointee.err
            if error == RD_KAFKA_RESP_ERR_NO_ERROR {
                buffered.wrappingAdd(1, ordering: .relaxed)
                continuation.yield(.success(RDKafkaConsume.message(message)))
            } else if error != RD_KAFKA_RESP_ERR__PARTITION_EOF {
                let text = String(cString: rd_kafka_err2str(error))
                // Transient errors (broker down, timeouts) are retried by librdkafka; report only fatal ones.
                if rd_kafka_fatal_error(handle, nil, 0) != RD_KAFKA_RESP_ERR_NO_ERROR {
                    continuation.yield(.failure(.consumer(code: error.rawValue, message: text)))
                }
            }
        }
    }

    private func setPaused(_ pause: Bool) {
        _ = try? client.withHandle { handle throws(KafkaError) in
            var assignment: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            guard rd_kafka_assignment(handle, &assignment) == RD_KAFKA_RESP_ERR_NO_ERROR, let assignment else { return }
            defer { rd_kafka_topic_partition_list_destroy(assignment) }
            _ = pause ? rd_kafka_pause_partitions(handle, assignment) : rd_kafka_resume_partitions(handle, assignment)
            paused.store(pause, ordering: .relaxed)
        }
    }

    /// Records as they arrive; a failure element reports a fatal consumer error.
    public var messages: KafkaConsumerMessages { KafkaConsumerMessages(stream: stream, buffered: self) }

    func delivered() { buffered.wrappingSubtract(1, ordering: .relaxed) }

    /// Commits `message` as processed (its offset + 1), waiting for the broker to confirm.
    public func commit(_ message: KafkaConsumerMessage) async throws(KafkaError) {
        try await commit([message])
    }

    /// Commits the highest processed offset of each partition among `messages`.
    public func commit(_ messages: [KafkaConsumerMessage]) async throws(KafkaError) {
        let offsets = Self.offsetsToCommit(messages)
        let client = self.client
        let result: Result<Void, KafkaError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do throws(KafkaError) {
                    try client.withHandle { handle throws(KafkaError) in
                        let code = RDKafkaConsume.withPartitionList(offsets) { rd_kafka_commit(handle, $0, 0) }
                        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                            throw .consumer(code: code.rawValue, message: "commit failed: \(RDKafkaClient.errorMessage(code))")
                        }
                    }
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        try result.get()
    }

    /// For each partition among `messages`, the offset to commit: the highest processed offset + 1.
    static func offsetsToCommit(_ messages: [KafkaConsumerMessage]) -> [(topic: String, partition: Int32, offset: Int64)] {
        var highest: [String: (topic: String, partition: Int32, offset: Int64)] = [:]
        for message in messages {
            let key = "\(message.topic)\u{0}\(message.partition)"
            if (highest[key]?.offset ?? .min) < message.offset + 1 {
                highest[key] = (message.topic, message.partition, message.offset + 1)
            }
        }
        return Array(highest.values)
    }

    /// Leaves the group cleanly (so partitions move at once) and releases the client.
    public func close() {
        poller.withLock { $0 }?.stop()
        continuation.finish()
        client.close()
    }

    deinit {
        close()
    }
}

/// The records of a ``KafkaConsumer`` as an `AsyncSequence`.
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerMessage
    let stream: AsyncStream<Result<KafkaConsumerMessage, KafkaError>>
    let buffered: KafkaConsumer

    public struct AsyncIterator: AsyncIteratorProtocol {
        var iterator: AsyncStream<Result<KafkaConsumerMessage, KafkaError>>.AsyncIterator
        let consumer: KafkaConsumer

        public mutating func next() async throws -> KafkaConsumerMessage? {
            guard let result = await iterator.next() else { return nil }
            if case .success = result { consumer.delivered() }
            return try result.get()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(iterator: stream.makeAsyncIterator(), consumer: buffered)
    }
}
