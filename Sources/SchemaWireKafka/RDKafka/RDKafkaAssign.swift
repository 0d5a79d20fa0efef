internal import CRdKafka

/// librdkafka's calls for reading partitions outside a group: resolving where to start, assigning,
/// and the partitions' ends.
enum RDKafkaAssign {
    /// librdkafka's logical offset for `start`; timestamps are resolved by ``offsetsForTimes``.
    static func logicalOffset(_ start: KafkaStartOffset) -> Int64 {
        switch start {
        case .beginning: return Int64(RD_KAFKA_OFFSET_BEGINNING)
        case .end: return Int64(RD_KAFKA_OFFSET_END)
        case let .offset(offset): return offset
        case let .fromEnd(count): return Int64(RD_KAFKA_OFFSET_TAIL_BASE) - max(count, 0)
        case .timestamp: return Int64(RD_KAFKA_OFFSET_END)
        }
    }

    /// The first offset at or after each timestamp (the end when there is none), asking the
    /// partitions' leaders.
    static func offsetsForTimes(
        _ handle: OpaquePointer, _ times: [(topic: String, partition: Int32, offset: Int64)], milliseconds: Int32
    ) throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        try RDKafkaConsume.withPartitionList(times) { list throws(KafkaError) -> [KafkaTopicPartition: Int64] in
            let code = rd_kafka_offsets_for_times(handle, list, milliseconds)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw .consumer(code: KafkaError.Code(code), message: "finding offsets by timestamp: \(RDKafkaClient.errorMessage(code))")
            }
            return RDKafkaConsume.offsets(list)
        }
    }

    static func assign(_ handle: OpaquePointer, _ offsets: [(topic: String, partition: Int32, offset: Int64)]) throws(KafkaError) {
        let code = RDKafkaConsume.withPartitionList(offsets) { rd_kafka_assign(handle, $0) }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw .consumer(code: KafkaError.Code(code), message: "assigning partitions: \(RDKafkaClient.errorMessage(code))")
        }
    }

    static func watermarks(_ handle: OpaquePointer, _ partition: KafkaTopicPartition, milliseconds: Int32) throws(KafkaError) -> (low: Int64, high: Int64) {
        var low: Int64 = -1
        var high: Int64 = -1
        let code = rd_kafka_query_watermark_offsets(handle, partition.topic, partition.partition, &low, &high, milliseconds)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw .consumer(code: KafkaError.Code(code), message: "reading the ends of \(partition): \(RDKafkaClient.errorMessage(code))")
        }
        return (low, high)
    }
}
