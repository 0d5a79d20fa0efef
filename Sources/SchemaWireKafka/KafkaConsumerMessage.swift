import SchemaWireSerde

/// One Kafka record header: the serdes' own header type, so that what a serializer adds is sent
/// as it is.
public typealias KafkaHeader = RecordHeader

/// A record read from Kafka.
public struct KafkaConsumerMessage: Hashable, Sendable {
    /// The assignment generation of its partition when the consumer fetched it: a commit of a
    /// record whose partition was revoked since (and perhaps given back) is refused. Not part of
    /// the record's value.
    var assignmentGeneration: UInt64?

    public var topic: String
    public var partition: Int32
    public var offset: Int64
    /// nil for a null key.
    public var key: [UInt8]?
    /// nil for a tombstone (a null value on a compacted topic).
    public var value: [UInt8]?
    public var headers: [KafkaHeader]
    /// Milliseconds since the epoch, when the broker gave one.
    public var timestamp: Int64?

    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader] = [], timestamp: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    /// The first header named `key`, as text.
    public func header(_ key: String) -> String? {
        headers.first { $0.key == key }?.value.map { String(decoding: $0, as: UTF8.self) }
    }

    public static func == (lhs: KafkaConsumerMessage, rhs: KafkaConsumerMessage) -> Bool {
        (lhs.topic, lhs.partition, lhs.offset, lhs.timestamp) == (rhs.topic, rhs.partition, rhs.offset, rhs.timestamp)
            && lhs.key == rhs.key && lhs.value == rhs.value && lhs.headers == rhs.headers
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(topic)
        hasher.combine(partition)
        hasher.combine(offset)
        hasher.combine(key)
        hasher.combine(value)
        hasher.combine(headers)
        hasher.combine(timestamp)
    }
}

/// Where a produced record landed.
public struct KafkaDeliveryReport: Hashable, Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
}
