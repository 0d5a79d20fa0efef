/// Where reading a partition starts, for ``KafkaConsumer/assign(_:timeout:)``.
public enum KafkaStartOffset: Hashable, Sendable {
    /// The partition's first record still kept.
    case beginning
    /// Only records written from now on.
    case end
    /// The record at this offset.
    case offset(Int64)
    /// This many records before the end (the last `n` records).
    case fromEnd(Int64)
    /// The first record whose timestamp is at or after this many milliseconds since 1970 (the end
    /// when there is none).
    case timestamp(milliseconds: Int64)
}

extension KafkaConsumer {
    /// Reads `partitions` from where each is told, outside any group (kcat's reading, an audit, a
    /// replay): no group is joined, no rebalance takes the partitions away, and nothing is
    /// committed unless you commit. Use a consumer that did not ``subscribe(topics:)``.
    ///
    /// - Returns: where each partition starts, timestamps resolved to the offset found (or
    ///   ``KafkaStartOffset/end`` when no record is that recent).
    @discardableResult
    public func assign(_ partitions: [KafkaTopicPartition: KafkaStartOffset], timeout: Duration = .seconds(10)) async throws(KafkaError) -> [KafkaTopicPartition: KafkaStartOffset] {
        let client = self.client
        let milliseconds = timeout.librdkafkaMilliseconds
        let sorted = partitions.sorted { ($0.key.topic, $0.key.partition) < ($1.key.topic, $1.key.partition) }
        let (offsets, found) = try await RDKafkaClient.offload { () throws(KafkaError) in try client.assign(sorted.map { ($0.key, $0.value) }, milliseconds: milliseconds) }
        assignment.assign(offsets.map { KafkaTopicPartition(topic: $0.topic, partition: $0.partition) })
        startPolling()
        var starts = partitions
        for (partition, start) in partitions {
            if case .timestamp = start { starts[partition] = found[partition].map { .offset($0) } ?? .end }
        }
        return starts
    }

    /// The partition's first offset still kept and its end (the offset its next record will
    /// take), as its leader reports them now.
    public func watermarks(of partition: KafkaTopicPartition, timeout: Duration = .seconds(10)) async throws(KafkaError) -> (low: Int64, high: Int64) {
        let (client, milliseconds) = (self.client, timeout.librdkafkaMilliseconds)
        return try await RDKafkaClient.offload { () throws(KafkaError) in
            try client.watermarks(of: partition, milliseconds: milliseconds)
        }
    }
}
