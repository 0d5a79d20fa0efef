/// Everything Kafka operations fail with, saying where (topic, partition, offset) and what.
public enum KafkaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A configuration property was refused by librdkafka.
    case configuration(property: String, message: String)
    /// librdkafka could not create its client.
    case clientCreation(message: String)
    /// A message could not be produced or was not delivered.
    case delivery(topic: String, code: Int32, message: String)
    /// Consuming, committing or subscribing failed.
    case consumer(code: Int32, message: String)
    /// A record could not be serialized or deserialized (with where it came from when consuming).
    case serialization(topic: String, partition: Int32?, offset: Int64?, message: String)
    /// The client was already closed.
    case closed
    /// A topic administration request failed (the broker's error code and message).
    case admin(operation: String, topic: String, code: Int32, message: String)

    public var description: String {
        switch self {
        case let .configuration(property, message): return "invalid Kafka configuration \(property): \(message)"
        case let .clientCreation(message): return "cannot create the Kafka client: \(message)"
        case let .delivery(topic, code, message): return "delivery to \(topic) failed (\(code)): \(message)"
        case let .consumer(code, message): return "consumer error (\(code)): \(message)"
        case let .serialization(topic, partition, offset, message):
            let place = [partition.map { "partition \($0)" }, offset.map { "offset \($0)" }].compactMap { $0 }.joined(separator: ", ")
            return "cannot (de)serialize a record of \(topic)\(place.isEmpty ? "" : " at \(place)"): \(message)"
        case .closed: return "the Kafka client is closed"
        case let .admin(operation, topic, code, message): return "\(operation) of topic \(topic) failed (\(code)): \(message)"
        }
    }
}

/// One Kafka record header.
public struct KafkaHeader: Hashable, Sendable {
    public var key: String
    public var value: [UInt8]?

    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    /// A header with a UTF-8 text value.
    public init(key: String, text: String) {
        self.init(key: key, value: Array(text.utf8))
    }
}

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
