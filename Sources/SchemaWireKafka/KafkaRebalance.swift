/// One partition of one topic.
public struct KafkaTopicPartition: Hashable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)[\(partition)]" }
}

/// A change to a group consumer's partitions, reported after librdkafka applied it.
///
/// Before a revocation is applied the consumer commits the offsets stored with
/// ``KafkaConsumer/store(_:)`` (unless the partitions were lost), and records it fetched from the
/// revoked partitions but the application has not taken yet are dropped: the partition's next
/// owner starts right after the last processed record, so a clean rebalance neither loses nor
/// re-delivers a processed record.
public enum KafkaRebalanceEvent: Hashable, Sendable {
    /// Partitions this consumer now owns.
    case assigned([KafkaTopicPartition])
    /// Partitions this consumer gave up. `committed` is true when the stored offsets were committed
    /// on the way out (or none were stored); `lost` means the group moved on without this consumer
    /// (a missed session timeout), so nothing could be committed.
    case revoked([KafkaTopicPartition], committed: Bool, lost: Bool)
}
