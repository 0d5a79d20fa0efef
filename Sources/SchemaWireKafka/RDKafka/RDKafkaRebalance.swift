internal import CRdKafka
import Logging
import Synchronization

/// A consumer's view of its assignment, kept by librdkafka's rebalance callback on the poll thread.
///
/// Each assignment of a partition gets a new generation; a fetched record carries its partition's
/// generation, so records buffered before a revocation are recognised and dropped after it.
final class ConsumerAssignment: Sendable {
    private let generations = Mutex<[KafkaTopicPartition: UInt64]>([:])
    private let nextGeneration = Atomic<UInt64>(1)
    /// Set while the consumer holds its partitions paused for backpressure; new partitions join paused.
    let paused = Atomic<Bool>(false)
    /// Partitions the application paused; backpressure never resumes these.
    let pausedByApplication = Mutex<Set<KafkaTopicPartition>>([])
    let events: AsyncStream<KafkaRebalanceEvent>
    private let eventSink: AsyncStream<KafkaRebalanceEvent>.Continuation

    init() {
        (events, eventSink) = AsyncStream.makeStream(of: KafkaRebalanceEvent.self, bufferingPolicy: .bufferingNewest(256))
    }

    /// The generation of `partition`'s current assignment; nil when it is not assigned.
    func generation(of partition: KafkaTopicPartition) -> UInt64? {
        generations.withLock { $0[partition] }
    }

    /// Whether a record fetched under `generation` still belongs to this consumer.
    func isCurrent(_ partition: KafkaTopicPartition, generation: UInt64?) -> Bool {
        guard let generation else { return true }
        return self.generation(of: partition) == generation
    }

    func assign(_ partitions: [KafkaTopicPartition]) {
        generations.withLock { generations in
            for partition in partitions { generations[partition] = nextGeneration.wrappingAdd(1, ordering: .relaxed).oldValue }
        }
    }

    /// Starts a new generation for `partitions` (after a seek): records fetched before are stale.
    func renew(_ partitions: [KafkaTopicPartition]) {
        generations.withLock { generations in
            for partition in partitions where generations[partition] != nil {
                generations[partition] = nextGeneration.wrappingAdd(1, ordering: .relaxed).oldValue
            }
        }
    }

    func revoke(_ partitions: [KafkaTopicPartition]) {
        generations.withLock { generations in
            for partition in partitions { generations[partition] = nil }
        }
    }

    func report(_ event: KafkaRebalanceEvent) {
        eventSink.yield(event)
    }

    func finish() {
        eventSink.finish()
    }
}

enum RDKafkaRebalance {
    /// librdkafka's rebalance callback: applies the change (eagerly or incrementally, by the
    /// group's protocol), committing stored offsets before giving partitions up.
    static let callback: @convention(c) (
        OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?
    ) -> Void = { handle, error, list, opaque in
        guard let handle, let context = RDKafkaClientContext.from(opaque), let assignment = context.assignment else { return }
        let logger = context.logger
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        let partitions = list.map(topicPartitions) ?? []
        switch error {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            assignment.assign(partitions)
            apply(handle, list, assigning: true, cooperative: cooperative, logger: logger)
            if assignment.paused.load(ordering: .relaxed), let list { rd_kafka_pause_partitions(handle, list) }
            assignment.report(.assigned(partitions))
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            // From here on, buffered records of these partitions are stale.
            assignment.revoke(partitions)
            let lost = rd_kafka_assignment_lost(handle) != 0
            let committed = !lost && commitStoredOffsets(handle, logger: logger)
            apply(handle, list, assigning: false, cooperative: cooperative, logger: logger)
            assignment.report(.revoked(partitions, committed: committed, lost: lost))
        default:
            logger.error("rebalance failed: \(RDKafkaClient.errorMessage(error)); dropping the assignment")
            assignment.revoke(partitions)
            apply(handle, nil, assigning: false, cooperative: cooperative, logger: logger)
        }
    }

    private static func apply(
        _ handle: OpaquePointer, _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, assigning: Bool, cooperative: Bool, logger: Logger
    ) {
        if cooperative {
            let error = assigning ? rd_kafka_incremental_assign(handle, list) : rd_kafka_incremental_unassign(handle, list)
            if let error {
                logger.error("incremental rebalance failed: \(String(cString: rd_kafka_error_string(error)))")
                rd_kafka_error_destroy(error)
            }
        } else {
            let code = rd_kafka_assign(handle, assigning ? list : nil)
            if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                logger.error("assign failed: \(RDKafkaClient.errorMessage(code))")
            }
        }
    }

    /// Commits the offsets stored for the current assignment, synchronously (the partitions must
    /// not move before it is done). True when it committed or there was nothing to commit.
    @discardableResult
    static func commitStoredOffsets(_ handle: OpaquePointer, logger: Logger) -> Bool {
        let code = rd_kafka_commit(handle, nil, 0)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR || code == RD_KAFKA_RESP_ERR__NO_OFFSET else {
            logger.warning("committing stored offsets failed: \(RDKafkaClient.errorMessage(code)); records processed since the last commit may be re-delivered")
            return false
        }
        return true
    }

    static func topicPartitions(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [KafkaTopicPartition] {
        let count = Int(list.pointee.cnt)
        guard count > 0, let elements = list.pointee.elems else { return [] }
        return (0..<count).map { KafkaTopicPartition(topic: String(cString: elements[$0].topic), partition: elements[$0].partition) }
    }
}
