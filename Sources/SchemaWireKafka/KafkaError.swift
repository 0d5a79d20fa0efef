import SchemaWireSerde

/// Everything Kafka operations fail with: what kind of operation failed, librdkafka's or the
/// broker's error code when there is one, where (topic, partition, offset) and what happened.
///
/// A struct with named codes rather than an enum of raw numbers, so that new kinds and codes can be
/// added without breaking a caller's `switch`: compare ``kind`` and ``code`` with the named values.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which operation failed.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        private init(_ name: String) { description = name }

        /// A configuration property was refused.
        public static let configuration = Kind("configuration")
        /// librdkafka could not create its client.
        public static let clientCreation = Kind("client creation")
        /// A record could not be produced or was not delivered.
        public static let delivery = Kind("delivery")
        /// Consuming, committing or subscribing failed.
        public static let consumer = Kind("consumer")
        /// A record could not be serialized or deserialized.
        public static let serialization = Kind("serialization")
        /// The client was already closed.
        public static let closed = Kind("closed")
        /// A topic administration request failed.
        public static let admin = Kind("admin")
    }

    /// librdkafka's error code (its `resp_err_t`): negative for the client's own conditions,
    /// positive for the broker's. Codes without a name here still compare by ``rawValue``.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// librdkafka's name for the code (`MSG_SIZE_TOO_LARGE`, `_TIMED_OUT`).
        public var description: String { RDKafkaClient.errorName(rawValue) }

        /// Success (a delivery report's code when the record was written).
        static let noError = Code(rawValue: 0)
        /// No librdkafka code applies (a failure of SchemaWire's own).
        public static let unknown = Code(rawValue: -1)
        /// An operation in a state that does not allow it (a commit of a revoked partition, a
        /// transaction step out of order).
        public static let state = Code(rawValue: -172)
        /// The local queue is full (`queue.buffering.max.messages`).
        public static let queueFull = Code(rawValue: -184)
        /// The operation timed out on the client.
        public static let timedOut = Code(rawValue: -185)
        /// No offset was committed for the partition (or none to commit).
        public static let noOffset = Code(rawValue: -168)
        /// The producer was fenced by a newer instance with the same `transactional.id`.
        public static let fenced = Code(rawValue: -144)
        /// The client is being destroyed.
        public static let destroyed = Code(rawValue: -197)
        /// The group is rebalancing (a commit is refused until it is over).
        public static let rebalanceInProgress = Code(rawValue: 27)
        /// The member's group generation is over (a rebalance happened).
        public static let illegalGeneration = Code(rawValue: 22)
        /// The group coordinator does not know the member (it was removed from the group).
        public static let unknownMemberID = Code(rawValue: 25)
        /// The topic or partition does not exist.
        public static let unknownTopicOrPartition = Code(rawValue: 3)
        /// The record is larger than the broker or topic allows.
        public static let messageTooLarge = Code(rawValue: 10)
        /// The broker did not answer in time.
        public static let requestTimedOut = Code(rawValue: 7)
        /// The topic already exists (creating it).
        public static let topicAlreadyExists = Code(rawValue: 36)
        /// The principal may not use the topic.
        public static let topicAuthorizationFailed = Code(rawValue: 29)
        /// The principal may not use the consumer group.
        public static let groupAuthorizationFailed = Code(rawValue: 30)
    }

    /// Which operation failed.
    public var kind: Kind
    /// librdkafka's or the broker's code, when the failure came from them.
    public var code: Code?
    /// What happened, in words.
    public var message: String
    /// The topic concerned, if any.
    public var topic: String?
    /// The partition concerned, if known.
    public var partition: Int32?
    /// The offset of the record concerned, if known.
    public var offset: Int64?
    /// The configuration property refused (``Kind/configuration``).
    public var property: String?
    /// The administrative operation that failed (``Kind/admin``).
    public var operation: String?

    public init(
        kind: Kind, code: Code? = nil, message: String, topic: String? = nil, partition: Int32? = nil, offset: Int64? = nil,
        property: String? = nil, operation: String? = nil
    ) {
        (self.kind, self.code, self.message, self.topic) = (kind, code, message, topic)
        (self.partition, self.offset, self.property, self.operation) = (partition, offset, property, operation)
    }

    /// A serde's failure, as the Kafka client reports it.
    public init(_ error: SerdeError) {
        switch error {
        case let .configuration(property, message): self = .configuration(property: property, message: message)
        case let .serialization(topic, partition, offset, message): self = .serialization(topic: topic, partition: partition, offset: offset, message: message)
        }
    }

    /// A configuration property was refused by librdkafka or by SchemaWire.
    public static func configuration(property: String, message: String) -> KafkaError {
        KafkaError(kind: .configuration, message: message, property: property)
    }

    /// librdkafka could not create its client.
    public static func clientCreation(message: String) -> KafkaError { KafkaError(kind: .clientCreation, message: message) }

    /// A record could not be produced or was not delivered.
    public static func delivery(topic: String, code: Code, message: String) -> KafkaError {
        KafkaError(kind: .delivery, code: code, message: message, topic: topic)
    }

    /// Consuming, committing or subscribing failed.
    public static func consumer(code: Code, message: String) -> KafkaError { KafkaError(kind: .consumer, code: code, message: message) }

    /// A record could not be serialized or deserialized (with where it came from when consuming).
    public static func serialization(topic: String, partition: Int32?, offset: Int64?, message: String) -> KafkaError {
        KafkaError(kind: .serialization, message: message, topic: topic, partition: partition, offset: offset)
    }

    /// The client was already closed.
    public static let closed = KafkaError(kind: .closed, message: "the Kafka client is closed")

    /// A topic administration request failed (the broker's error code and message).
    public static func admin(operation: String, topic: String, code: Code, message: String) -> KafkaError {
        KafkaError(kind: .admin, code: code, message: message, topic: topic, operation: operation)
    }

    public var description: String {
        let number = code.map { "(\($0.rawValue))" } ?? ""
        switch kind {
        case .configuration: return "invalid Kafka configuration \(property ?? "?"): \(message)"
        case .clientCreation: return "cannot create the Kafka client: \(message)"
        case .delivery: return "delivery to \(topic ?? "?") failed \(number): \(message)"
        case .consumer: return "consumer error \(number): \(message)"
        case .serialization:
            let place = [partition.map { "partition \($0)" }, offset.map { "offset \($0)" }].compactMap { $0 }.joined(separator: ", ")
            return "cannot (de)serialize a record of \(topic ?? "?")\(place.isEmpty ? "" : " at \(place)"): \(message)"
        case .closed: return message
        case .admin: return "\(operation ?? "?") of topic \(topic ?? "?") failed \(number): \(message)"
        default: return "\(kind) \(number): \(message)"
        }
    }
}

extension KafkaError {
    /// The error as a ``KafkaError``, wherever it was caught (nil for other errors).
    public static func caught(_ error: any Error) -> KafkaError? { error as? KafkaError }
}
