internal import CRdKafka

enum RDKafkaConsume {
    /// Copies a librdkafka message into Swift values (the caller destroys the C message).
    static func message(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaConsumerMessage {
        let pointee = message.pointee
        func bytes(_ pointer: UnsafeMutableRawPointer?, _ count: Int) -> [UInt8]? {
            guard let pointer else { return nil }
            return Array(UnsafeRawBufferPointer(start: pointer, count: count))
        }
        var headers: [KafkaHeader] = []
        var headerList: OpaquePointer?
        if rd_kafka_message_headers(message, &headerList) == RD_KAFKA_RESP_ERR_NO_ERROR, let headerList {
            var index = 0
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(headerList, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                headers.append(KafkaHeader(key: name.map { String(cString: $0) } ?? "", value: value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }))
                index += 1
            }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        return KafkaConsumerMessage(
            topic: pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "",
            partition: pointee.partition, offset: pointee.offset,
            key: bytes(pointee.key, pointee.key_len), value: bytes(pointee.payload, pointee.len),
            headers: headers, timestamp: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp)
    }

    /// What an error event a consumer poll returned says: librdkafka's text for it, the topic and
    /// partition it concerns when it names one.
    static func errorText(_ message: UnsafeMutablePointer<rd_kafka_message_t>, _ error: rd_kafka_resp_err_t) -> String {
        let detail = rd_kafka_message_errstr(message).map { String(cString: $0) } ?? RDKafkaClient.errorMessage(error)
        guard let topic = message.pointee.rkt.map({ String(cString: rd_kafka_topic_name($0)) }) else { return detail }
        return message.pointee.partition >= 0 ? "\(topic)[\(message.pointee.partition)]: \(detail)" : "\(topic): \(detail)"
    }

    /// Calls `body` with a partition list holding the given offsets, destroying it afterwards.
    static func withPartitionList<Result, Failure: Error>(
        _ offsets: [(topic: String, partition: Int32, offset: Int64)],
        _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let list = rd_kafka_topic_partition_list_new(Int32(offsets.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for entry in offsets {
            rd_kafka_topic_partition_list_add(list, entry.topic, entry.partition).pointee.offset = entry.offset
        }
        return try body(list)
    }

    /// The valid (non-negative) offsets of a partition list, by partition.
    static func offsets(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [KafkaTopicPartition: Int64] {
        var result: [KafkaTopicPartition: Int64] = [:]
        guard let elements = list.pointee.elems else { return result }
        for index in 0..<Int(list.pointee.cnt) where elements[index].offset >= 0 && elements[index].err == RD_KAFKA_RESP_ERR_NO_ERROR {
            result[KafkaTopicPartition(topic: String(cString: elements[index].topic), partition: elements[index].partition)] = elements[index].offset
        }
        return result
    }
}
