/// One record of a batch for ``KafkaProducer/send(_:topic:)``.
public struct KafkaProducerRecord: Hashable, Sendable {
    /// The partitioning key; nil for a null key (round-robin, no ordering).
    public var key: [UInt8]?
    /// nil writes a tombstone (deletes the key on a compacted topic).
    public var value: [UInt8]?
    public var headers: [KafkaHeader]
    /// An explicit partition; nil lets the partitioner hash the key.
    public var partition: Int32?

    public init(key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader] = [], partition: Int32? = nil) {
        self.key = key
        self.value = value
        self.headers = headers
        self.partition = partition
    }
}
