/// librdkafka's in-process mock Kafka cluster: real Kafka protocol on loopback, no broker to run,
/// and hooks to inject faults. Point producers and consumers at ``bootstrapServers``.
///
/// For tests and demos; it lives as long as this object (``close()`` or deinit tears it down).
public final class KafkaMockCluster: Sendable {
    private let cluster: RDKafkaMockCluster
    /// The cluster's brokers, for `bootstrap.servers`.
    public var bootstrapServers: String { cluster.bootstrapServers }

    public init(brokers: Int = 1) throws(KafkaError) {
        cluster = try RDKafkaMockCluster(brokers: brokers)
    }

    /// Creates a topic with `partitions` partitions (topics are also created on first use).
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        try cluster.createTopic(name, partitions: partitions, replicationFactor: replicationFactor)
    }

    /// Takes broker `id` down (connections fail) or brings it back: fault injection.
    public func setBroker(_ id: Int32, up: Bool) {
        cluster.setBroker(id, up: up)
    }

    /// Kafka protocol requests whose responses can be made to fail.
    public enum Request: Int16, Sendable {
        case produce = 0, fetch = 1, offsetCommit = 8, joinGroup = 11, heartbeat = 12, initProducerID = 22, endTransaction = 26
    }

    /// Errors a mock broker can answer with.
    public enum InjectedError: Sendable {
        case requestTimedOut, notLeaderForPartition, notEnoughReplicas, topicAuthorizationFailed
        /// The group coordinator is rebalancing the group (for offset commits and heartbeats).
        case rebalanceInProgress
        /// The broker drops the connection instead of answering.
        case disconnect

        var code: KafkaError.Code {
            switch self {
            case .requestTimedOut: .requestTimedOut
            case .notLeaderForPartition: KafkaError.Code(rawValue: 6)
            case .notEnoughReplicas: KafkaError.Code(rawValue: 19)
            case .topicAuthorizationFailed: .topicAuthorizationFailed
            case .rebalanceInProgress: .rebalanceInProgress
            case .disconnect: KafkaError.Code(rawValue: -195)
            }
        }
    }

    /// The next `errors.count` requests of type `request` fail, in order, with `errors`.
    public func failNext(_ request: Request, with errors: [InjectedError]) {
        cluster.failNext(request.rawValue, with: errors.map(\.code))
    }

    /// Delays every response of `broker` (all brokers when nil) by `delay`: slow networks, and
    /// requests that time out on the client after the broker already acted on them.
    public func setRoundTripTime(_ delay: Duration, broker: Int32? = nil) {
        cluster.setRoundTripTime(delay, broker: broker)
    }

    /// Stops the cluster; clients pointed at it lose their connections.
    public func close() {
        cluster.close()
    }
}
