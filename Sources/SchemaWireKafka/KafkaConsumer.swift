import CoreMetrics
import Dispatch
import Foundation
import Logging
import Synchronization

/// A Kafka consumer in a consumer group, over librdkafka, with manual commits: nothing is
/// committed until you say the record was processed, so a crash re-delivers instead of losing.
///
/// Records arrive through ``messages``. When the application falls behind, the consumer pauses its
/// partitions and keeps polling (so the group keeps it as a member), and resumes once the buffer
/// drains: slow processing neither triggers a rebalance nor grows memory without bound.
///
/// Two ways to commit: `commit(_:)` after each record or batch, or ``store(_:)`` each
/// processed record and let ``commitStored()`` (and every revocation and ``close()-63bzm``) commit what
/// was stored. Either way, group rebalances are handled for you (see ``KafkaRebalanceEvent``) and
/// reported on ``rebalanceEvents``.
public final class KafkaConsumer: Sendable {
    public let configuration: KafkaConsumerConfiguration
    let client: RDKafkaClient
    private let buffered = Atomic<Int>(0)
    let assignment = ConsumerAssignment()
    private let stream: AsyncStream<FetchedRecord>
    private let continuation: AsyncStream<FetchedRecord>.Continuation
    private let poller = Mutex<PollThread?>(nil)
    private let errorStream: AsyncStream<KafkaError>
    private let errorSink: AsyncStream<KafkaError>.Continuation
    /// Held by each poll step and by ``seek(_:to:timeout:)``.
    private let pollGate = Mutex<Void>(())
    /// Since when the buffer has been full without the partitions paused.
    private let fullSince = Mutex<ContinuousClock.Instant?>(nil)
    /// How long a full buffer holds off polling before the partitions are paused.
    public static let holdOffBeforePausing: Duration = .milliseconds(500)
    /// Pause above this many undelivered records, resume below `lowWater`.
    private let highWater: Int
    private let lowWater: Int

    /// Where the consumer and librdkafka's log lines go.
    public let logger: Logger

    /// - Parameters:
    ///   - configuration: the group and librdkafka settings, the safe ones by default.
    ///   - bufferedMessages: how many fetched records may wait for the application before the
    ///     consumer pauses its partitions.
    ///   - logger: receives librdkafka's log lines and the consumer's own.
    ///   - metrics: receives librdkafka's statistics as gauges, consumer lag among them (see
    ///     ``KafkaConsumerConfiguration/statisticsInterval``); the process-wide factory by default.
    public init(
        configuration: KafkaConsumerConfiguration, bufferedMessages: Int = 1_000, logger: Logger = Logger(label: "schemawire.kafka"),
        metrics: any MetricsFactory = MetricsSystem.factory
    ) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        let context = RDKafkaClientContext(
            logger: logger, assignment: assignment, statistics: KafkaStatisticsMetrics.sink(metrics, interval: configuration.statisticsInterval))
        client = try RDKafkaClient.consumer(properties: configuration.librdkafkaProperties, context: context)
        (stream, continuation) = AsyncStream.makeStream(of: FetchedRecord.self)
        (errorStream, errorSink) = AsyncStream.makeStream(of: KafkaError.self, bufferingPolicy: .bufferingNewest(256))
        highWater = max(bufferedMessages, 1)
        lowWater = max(bufferedMessages / 10, 0)
    }

    /// Joins the group for `topics` and starts fetching.
    public func subscribe(topics: [String]) throws(KafkaError) {
        try client.subscribe(topics: topics)
        startPolling()
    }

    /// Starts the poll thread, once.
    func startPolling() {
        poller.withLock { poller in
            guard poller == nil else { return }
            // Weakly: a consumer dropped while open must still reach its deinit (which closes it).
            poller = PollThread(name: "schemawire.kafka.consumer") { [weak self] in
                guard let self else { return false }
                pollOnce()
                return !client.isClosed
            }
        }
    }

    /// One step of the poll loop: fetch a record (or time out; rebalances are applied in here too),
    /// and pause or resume fetching by how many records wait for the application.
    private func pollOnce() {
        let waiting = buffered.load(ordering: .relaxed)
        let paused = assignment.paused.load(ordering: .relaxed)
        if waiting >= highWater, !paused {
            // A full buffer usually drains within milliseconds: hold off polling for a while first.
            // Pausing makes librdkafka drop what it prefetched and fetch it again on resume, a
            // broker round trip per buffer for an application that is only a little slower than
            // the fetching; only an application that stays behind has its partitions paused, so
            // that rebalances are still served while it catches up.
            let since = fullSince.withLock { since in
                let full = since ?? .now
                since = full
                return full
            }
            guard ContinuousClock.now - since >= Self.holdOffBeforePausing else {
                usleep(1000)
                return
            }
            setPaused(true)
        }
        if waiting < highWater { fullSince.withLock { $0 = nil } }
        if waiting <= lowWater, paused { setPaused(false) }
        // Under the gate, so that a seek never interleaves with a record being fetched and tagged.
        pollGate.withLock { _ in pollRecord() }
    }

    private func pollRecord() {
        switch client.poll(milliseconds: 100) {
        case nil: return
        case var .record(record)?:
            let generation = assignment.generation(of: KafkaTopicPartition(topic: record.topic, partition: record.partition))
            record.assignmentGeneration = generation
            buffered.wrappingAdd(1, ordering: .relaxed)
            continuation.yield(.record(record, generation: generation))
        case let .failure(failure, fatal)?:
            if fatal {
                continuation.yield(.failure(failure))
            } else {
                // The consumer goes on (librdkafka retries), but the application hears of it:
                // an authorization failure or an unknown topic is not for the log alone.
                logger.warning("consumer error: \(failure)")
                errorSink.yield(failure)
            }
        }
    }

    /// Pauses or resumes the whole assignment for backpressure; partitions the application paused
    /// stay paused.
    private func setPaused(_ pause: Bool) {
        guard let current = client.assignedPartitions() else { return }
        let held = pause ? [] : assignment.pausedByApplication.withLock { $0 }
        try? client.setFetching(current.filter { !held.contains($0) }, paused: pause, pause ? "pausing" : "resuming")
        assignment.paused.store(pause, ordering: .relaxed)
    }

    /// Stops fetching from `partitions` (the consumer stays in the group) until ``resume(_:)``:
    /// for a downstream that is down, or a partition to hold back.
    public func pause(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        assignment.pausedByApplication.withLock { $0.formUnion(partitions) }
        try client.setFetching(partitions, paused: true, "pausing")
    }

    /// Fetches from `partitions` again (unless backpressure holds the whole assignment for now).
    public func resume(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        assignment.pausedByApplication.withLock { $0.subtract(partitions) }
        guard !assignment.paused.load(ordering: .relaxed) else { return }
        try client.setFetching(partitions, paused: false, "resuming")
    }

    /// Moves `partition`'s next fetch to `offset` (an assigned partition only). Records of that
    /// partition already fetched but not yet taken from ``messages`` are dropped; the next record
    /// is the one at `offset`. Committed offsets do not move until you commit.
    public func seek(_ partition: KafkaTopicPartition, to offset: Int64, timeout: Duration = .seconds(10)) throws(KafkaError) {
        guard assignment.generation(of: partition) != nil else {
            throw .consumer(code: .state, message: "seeking \(partition): not assigned to this consumer")
        }
        try pollGate.withLock { _ throws(KafkaError) in try seek(partition, offset, timeout.librdkafkaMilliseconds) }
    }

    private func seek(_ partition: KafkaTopicPartition, _ offset: Int64, _ milliseconds: Int32) throws(KafkaError) {
        assignment.renew([partition])
        try client.seek(partition, to: offset, milliseconds: milliseconds)
    }

    /// Records as they arrive; a failure element reports a fatal consumer error. Iterate it from
    /// one task.
    public var messages: KafkaConsumerMessages { KafkaConsumerMessages(stream: stream, consumer: self) }

    /// Partitions assigned and revoked, in order, after each change took effect. Iterate it from
    /// one task; the newest 256 events are kept for a reader that falls behind.
    public var rebalanceEvents: AsyncStream<KafkaRebalanceEvent> { assignment.events }

    /// Errors the consumer goes on after (an authorization failure, an unknown topic, a broker
    /// that went away): librdkafka keeps retrying, and ``messages`` goes on; fatal errors end
    /// ``messages`` instead. Iterate it from one task; the newest 256 are kept.
    public var errors: AsyncStream<KafkaError> { errorStream }

    /// Set once ``messages`` has ended for its reader (the consumer stopped fetching and every
    /// fetched record was taken).
    private let drained = Atomic<Bool>(false)

    /// Whether ``messages`` has ended for its reader.
    var isDrained: Bool { drained.load(ordering: .acquiring) }

    /// The reader of ``messages`` reached its end.
    func noteDrained() { drained.store(true, ordering: .releasing) }

    /// Stops fetching: ``messages`` ends once the records already fetched are taken. The group is
    /// kept (and what is stored not yet committed) until ``close()-63bzm``.
    func stopFetching() async {
        let closer = self.closer
        await RDKafkaClient.offloadWait { closer.stopFetching() }
    }

    /// How many fetched records wait in ``messages`` to be taken: at zero, the next record may be a
    /// broker round trip away, the moment to flush output or commit what was processed.
    public var bufferedMessageCount: Int { max(buffered.load(ordering: .relaxed), 0) }

    /// Takes one buffered record out of the count; false when it came from a partition revoked
    /// since it was fetched (its next owner reads it instead).
    func take(_ record: KafkaConsumerMessage, generation: UInt64?) -> Bool {
        buffered.wrappingSubtract(1, ordering: .relaxed)
        return assignment.isCurrent(KafkaTopicPartition(topic: record.topic, partition: record.partition), generation: generation)
    }

    /// Marks `message` processed: its offset + 1 is committed by the next ``commitStored()``, on
    /// revocation and on ``close()-63bzm``. Cheap (no broker round trip); the usual choice for
    /// high-throughput consumers.
    public func store(_ message: KafkaConsumerMessage) throws(KafkaError) {
        try requireCurrent([message])
        try client.storeOffsets([(topic: message.topic, partition: message.partition, offset: message.offset + 1)])
    }

    /// Commits every offset stored with ``store(_:)``, waiting for the broker to confirm.
    public func commitStored() async throws(KafkaError) {
        try await retryingWhileRebalancing { () throws(KafkaError) in try await commit(offsets: nil) }
    }

    /// Commits `message` as processed (its offset + 1), waiting for the broker to confirm.
    public func commit(_ message: KafkaConsumerMessage) async throws(KafkaError) {
        try await commit([message])
    }

    /// Commits the highest processed offset of each partition among `messages`.
    ///
    /// Throws, committing nothing, when a message's partition was revoked (or sought with
    /// ``seek(_:to:timeout:)``) since it was read: whoever reads that partition now commits it,
    /// and an old offset committed over theirs would move it back.
    ///
    /// A commit the group refuses because it is rebalancing is tried again once the rebalance is
    /// over, if the partitions are still this consumer's (for at most ``rebalanceCommitDeadline``).
    public func commit(_ messages: [KafkaConsumerMessage]) async throws(KafkaError) {
        let offsets = Self.offsetsToCommit(messages)
        try await retryingWhileRebalancing { () throws(KafkaError) in
            try requireCurrent(messages)
            try await commit(offsets: offsets)
        }
    }

    /// How long a commit refused by a rebalancing group is tried again.
    public static let rebalanceCommitDeadline: Duration = .seconds(30)

    /// The group's answers to a commit made while it rebalances: the member's generation is
    /// over, or about to be. Once the rebalance ends, the same commit succeeds (or the partition
    /// was revoked and ``requireCurrent(_:)`` says so).
    private static let rebalancingCodes: Set<KafkaError.Code> = [.rebalanceInProgress, .illegalGeneration, .unknownMemberID]

    /// Runs `attempt` until it succeeds, fails otherwise, or the group has rebalanced for longer
    /// than ``rebalanceCommitDeadline``; waits 50 ms, doubling up to 1 s, between attempts.
    private func retryingWhileRebalancing(_ attempt: () async throws(KafkaError) -> Void) async throws(KafkaError) {
        let deadline = ContinuousClock.now + Self.rebalanceCommitDeadline
        var pause = Duration.milliseconds(50)
        while true {
            do {
                return try await attempt()
            } catch {
                guard error.kind == .consumer, let code = error.code, Self.rebalancingCodes.contains(code), ContinuousClock.now + pause < deadline,
                    !client.isClosed
                else { throw error }
                logger.debug("\(error); trying again in \(pause)")
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(1))
            }
        }
    }

    /// Whether `message`'s partition is still assigned in the generation it was read in, so that
    /// it can be committed.
    func isCurrent(_ message: KafkaConsumerMessage) -> Bool {
        assignment.isCurrent(KafkaTopicPartition(topic: message.topic, partition: message.partition), generation: message.assignmentGeneration)
    }

    /// Throws when a message's partition is no longer assigned in the generation it was read in.
    private func requireCurrent(_ messages: [KafkaConsumerMessage]) throws(KafkaError) {
        for message in messages {
            guard isCurrent(message) else {
                let partition = KafkaTopicPartition(topic: message.topic, partition: message.partition)
                throw .consumer(
                    code: .state,
                    message: "\(partition) was revoked (or sought) after offset \(message.offset) was read: whoever reads it now commits it")
            }
        }
    }

    /// Commits `offsets`, or the stored offsets when nil, off the cooperative pool (the call
    /// blocks until the broker answers).
    private func commit(offsets: [PartitionOffset]?) async throws(KafkaError) {
        let client = self.client
        try await RDKafkaClient.offload { () throws(KafkaError) in try client.commit(offsets: offsets) }
    }

    /// The group's committed offsets (the next record to read) of `partitions`; partitions without
    /// a committed offset are absent.
    public func committedOffsets(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) async throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        let (client, milliseconds) = (self.client, timeout.librdkafkaMilliseconds)
        return try await RDKafkaClient.offload { () throws(KafkaError) in try client.committedOffsets(partitions, milliseconds: milliseconds) }
    }

    /// For each partition among `messages`, the offset to commit: the highest processed offset + 1.
    static func offsetsToCommit(_ messages: [KafkaConsumerMessage]) -> [PartitionOffset] {
        var highest: [String: PartitionOffset] = [:]
        for message in messages {
            let key = "\(message.topic)\u{0}\(message.partition)"
            if (highest[key]?.offset ?? .min) < message.offset + 1 {
                highest[key] = (message.topic, message.partition, message.offset + 1)
            }
        }
        return Array(highest.values)
    }

    /// Leaves the group cleanly (committing stored offsets as its partitions are revoked, so they
    /// move at once) and releases the client.
    public func close() {
        closer.close()
    }

    /// ``close()-y9s9`` from async code: leaving the group waits on a dispatch queue, never on a thread
    /// of Swift's cooperative pool.
    public func close() async {
        let closer = self.closer
        await RDKafkaClient.offloadWait { closer.close() }
    }

    /// Dropping an open consumer closes it in the background (committing and leaving the group,
    /// as ``close()-y9s9`` does), so whichever thread drops the last reference never waits.
    deinit {
        guard !client.isClosed else { return }
        let closer = self.closer
        DispatchQueue.global().async { closer.close() }
    }

    private var closer: Closer {
        Closer(poller: poller.withLock { $0 }, continuation: continuation, errors: errorSink, client: client, assignment: assignment)
    }

    /// What closing needs, without the consumer itself, so that a deinit can hand it to another
    /// thread.
    private struct Closer: Sendable {
        let poller: PollThread?
        let continuation: AsyncStream<FetchedRecord>.Continuation
        let errors: AsyncStream<KafkaError>.Continuation
        let client: RDKafkaClient
        let assignment: ConsumerAssignment

        /// Stops the poll thread; ``messages`` ends after what was already fetched.
        func stopFetching() {
            poller?.stop()
            continuation.finish()
        }

        func close() {
            stopFetching()
            errors.finish()
            // While the group is still stable; the revocation inside close commits again if needed.
            client.commitStoredBeforeLeaving()
            client.close()
            assignment.finish()
        }
    }
}

extension KafkaError {
    /// True when a commit, store or seek was refused because the partition is no longer this
    /// consumer's (revoked, or sought, since the record was read). Nothing is lost: the
    /// partition's current owner reads the record again. Carry on with the next record.
    public var isStalePartition: Bool {
        kind == .consumer && code == .state
    }
}

/// A fetched record with its partition's assignment generation, or a fatal consumer error.
enum FetchedRecord: Sendable {
    case record(KafkaConsumerMessage, generation: UInt64?)
    case failure(KafkaError)
}

/// The records of a ``KafkaConsumer`` as an `AsyncSequence`.
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerMessage
    let stream: AsyncStream<FetchedRecord>
    let consumer: KafkaConsumer

    public struct AsyncIterator: AsyncIteratorProtocol {
        var iterator: AsyncStream<FetchedRecord>.AsyncIterator
        let consumer: KafkaConsumer

        public mutating func next() async throws -> KafkaConsumerMessage? {
            while let fetched = await iterator.next() {
                switch fetched {
                case let .record(record, generation):
                    if consumer.take(record, generation: generation) { return record }
                case let .failure(error):
                    throw error
                }
            }
            consumer.noteDrained()
            return nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(iterator: stream.makeAsyncIterator(), consumer: consumer)
    }
}
