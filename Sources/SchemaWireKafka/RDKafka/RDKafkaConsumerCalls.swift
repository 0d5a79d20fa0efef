internal import CRdKafka

/// A partition and an offset, as librdkafka's partition lists carry them.
typealias PartitionOffset = (topic: String, partition: Int32, offset: Int64)

/// What one consumer poll brought.
enum RDKafkaPolled {
    /// A record (the caller tags it with its assignment generation).
    case record(KafkaConsumerMessage)
    /// An error event; `fatal` when the consumer cannot go on.
    case failure(KafkaError, fatal: Bool)
}

/// The consumer's librdkafka calls, each on the counted handle.
extension RDKafkaClient {
    /// A consumer client whose rebalances the context's assignment follows, with the main queue
    /// routed to the consumer queue.
    static func consumer(properties: [String: String], context: RDKafkaClientContext) throws(KafkaError) -> RDKafkaClient {
        let client = try RDKafkaClient(kind: .consumer, properties: properties, context: context) { conf in
            rd_kafka_conf_set_rebalance_cb(conf, RDKafkaRebalance.callback)
        }
        try client.withHandle { handle throws(KafkaError) in _ = rd_kafka_poll_set_consumer(handle) }
        return client
    }

    func subscribe(topics: [String]) throws(KafkaError) {
        let offsets = topics.map { (topic: $0, partition: RD_KAFKA_PARTITION_UA, offset: Int64(0)) }
        try withHandle { handle throws(KafkaError) in
            let code = RDKafkaConsume.withPartitionList(offsets) { rd_kafka_subscribe(handle, $0) }
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw .consumer(code: KafkaError.Code(code), message: Self.errorMessage(code)) }
        }
    }

    /// Waits up to `milliseconds` for a record or an error event (rebalances are applied in here
    /// too); nil when none came, the partition's end was reached, or the client is closed.
    func poll(milliseconds: Int32) -> RDKafkaPolled? {
        (try? withHandle { handle throws(KafkaError) -> RDKafkaPolled? in
            guard let message = rd_kafka_consumer_poll(handle, milliseconds) else { return nil }
            defer { rd_kafka_message_destroy(message) }
            let error = message.pointee.err
            if error == RD_KAFKA_RESP_ERR_NO_ERROR { return .record(RDKafkaConsume.message(message)) }
            guard error != RD_KAFKA_RESP_ERR__PARTITION_EOF else { return nil }
            let failure = KafkaError.consumer(code: KafkaError.Code(error), message: RDKafkaConsume.errorText(message, error))
            return .failure(failure, fatal: rd_kafka_fatal_error(handle, nil, 0) != RD_KAFKA_RESP_ERR_NO_ERROR)
        }) ?? nil
    }

    /// The partitions assigned now (nil when librdkafka cannot say).
    func assignedPartitions() -> [KafkaTopicPartition]? {
        (try? withHandle { handle throws(KafkaError) -> [KafkaTopicPartition]? in
            var current: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            guard rd_kafka_assignment(handle, &current) == RD_KAFKA_RESP_ERR_NO_ERROR, let current else { return nil }
            defer { rd_kafka_topic_partition_list_destroy(current) }
            return RDKafkaRebalance.topicPartitions(current)
        }) ?? nil
    }

    /// Stops (`pause`) or restarts fetching from `partitions`; `action` names it in errors.
    func setFetching(_ partitions: [KafkaTopicPartition], paused pause: Bool, _ action: String) throws(KafkaError) {
        try withHandle { handle throws(KafkaError) in
            let code = RDKafkaConsume.withPartitionList(partitions.map { (topic: $0.topic, partition: $0.partition, offset: Int64(0)) }) {
                pause ? rd_kafka_pause_partitions(handle, $0) : rd_kafka_resume_partitions(handle, $0)
            }
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw .consumer(code: KafkaError.Code(code), message: "\(action) \(partitions): \(Self.errorMessage(code))")
            }
        }
    }

    /// Moves `partition`'s next fetch to `offset`, waiting up to `milliseconds`.
    func seek(_ partition: KafkaTopicPartition, to offset: Int64, milliseconds: Int32) throws(KafkaError) {
        try withHandle { handle throws(KafkaError) in
            try RDKafkaConsume.withPartitionList([(topic: partition.topic, partition: partition.partition, offset: offset)]) { list throws(KafkaError) in
                if let error = rd_kafka_seek_partitions(handle, list, milliseconds) {
                    defer { rd_kafka_error_destroy(error) }
                    throw .consumer(
                        code: KafkaError.Code(rd_kafka_error_code(error)),
                        message: "seeking \(partition) to \(offset): \(String(cString: rd_kafka_error_string(error)))")
                }
                if let element = list.pointee.elems, element.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                    throw .consumer(
                        code: KafkaError.Code(element.pointee.err), message: "seeking \(partition) to \(offset): \(Self.errorMessage(element.pointee.err))")
                }
            }
        }
    }

    /// Stores `offsets` for the next commit of stored offsets.
    func storeOffsets(_ offsets: [PartitionOffset]) throws(KafkaError) {
        try withHandle { handle throws(KafkaError) in
            let code = RDKafkaConsume.withPartitionList(offsets) { rd_kafka_offsets_store(handle, $0) }
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                let place = offsets.map { "\($0.topic)[\($0.partition)]@\($0.offset)" }.joined(separator: ", ")
                throw .consumer(code: KafkaError.Code(code), message: "storing offsets \(place): \(Self.errorMessage(code))")
            }
        }
    }

    /// Commits `offsets`, or the stored offsets when nil (nothing stored is no error), blocking
    /// until the broker answers.
    func commit(offsets: [PartitionOffset]?) throws(KafkaError) {
        try withHandle { handle throws(KafkaError) in
            let code = offsets.map { RDKafkaConsume.withPartitionList($0) { rd_kafka_commit(handle, $0, 0) } } ?? rd_kafka_commit(handle, nil, 0)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR || (offsets == nil && code == RD_KAFKA_RESP_ERR__NO_OFFSET) else {
                throw .consumer(code: KafkaError.Code(code), message: "commit failed: \(Self.errorMessage(code))")
            }
        }
    }

    /// Commits what is stored before the group is left; failures are logged, not thrown (the
    /// records are re-delivered to the next owner).
    func commitStoredBeforeLeaving() {
        _ = try? withHandle { handle throws(KafkaError) in RDKafkaRebalance.commitStoredOffsets(handle, logger: context.logger) }
    }

    /// The group's committed offsets of `partitions`, blocking up to `milliseconds`.
    func committedOffsets(_ partitions: [KafkaTopicPartition], milliseconds: Int32) throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        try withHandle { handle throws(KafkaError) in
            try RDKafkaConsume.withPartitionList(partitions.map { (topic: $0.topic, partition: $0.partition, offset: Int64(RD_KAFKA_OFFSET_INVALID)) }) {
                list throws(KafkaError) -> [KafkaTopicPartition: Int64] in
                let code = rd_kafka_committed(handle, list, milliseconds)
                guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    throw .consumer(code: KafkaError.Code(code), message: "fetching committed offsets: \(Self.errorMessage(code))")
                }
                return RDKafkaConsume.offsets(list)
            }
        }
    }

    /// Assigns `partitions` outside any group, each from its start (timestamps looked up first,
    /// blocking up to `milliseconds`); returns the offsets assigned and those timestamps found.
    func assign(
        _ partitions: [(partition: KafkaTopicPartition, start: KafkaStartOffset)], milliseconds: Int32
    ) throws(KafkaError) -> (offsets: [PartitionOffset], found: [KafkaTopicPartition: Int64]) {
        try withHandle { handle throws(KafkaError) in
            let times = partitions.compactMap { partition, start -> PartitionOffset? in
                guard case let .timestamp(milliseconds) = start else { return nil }
                return (partition.topic, partition.partition, milliseconds)
            }
            let found = times.isEmpty ? [:] : try RDKafkaAssign.offsetsForTimes(handle, times, milliseconds: milliseconds)
            let offsets = partitions.map { partition, start in
                (topic: partition.topic, partition: partition.partition, offset: found[partition] ?? RDKafkaAssign.logicalOffset(start))
            }
            try RDKafkaAssign.assign(handle, offsets)
            return (offsets, found)
        }
    }

    /// The partition's low and high watermarks, blocking up to `milliseconds`.
    func watermarks(of partition: KafkaTopicPartition, milliseconds: Int32) throws(KafkaError) -> (low: Int64, high: Int64) {
        try withHandle { handle throws(KafkaError) in try RDKafkaAssign.watermarks(handle, partition, milliseconds: milliseconds) }
    }
}
