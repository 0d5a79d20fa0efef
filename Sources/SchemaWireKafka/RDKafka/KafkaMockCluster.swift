import CRdKafka

/// librdkafka's in-process mock Kafka cluster: real Kafka protocol on loopback, no broker to run,
/// and hooks to inject faults. Point producers and consumers at ``bootstrapServers``.
///
/// For tests and demos; it lives as long as this object (``close()`` or deinit tears it down).
public final class KafkaMockCluster: @unchecked Sendable {
    private let owner: RDKafkaClient
    private let cluster: OpaquePointer
    /// The cluster's brokers, for `bootstrap.servers`.
    public let bootstrapServers: String

    public init(brokers: Int = 1) throws(KafkaError) {
        // The owning client never connects anywhere: only its errors are worth logging.
        owner = try RDKafkaClient(kind: .producer, properties: ["client.id": "schemawire-mock-cluster", "log_level": "3"])
        let created = try owner.withHandle { handle throws(KafkaError) -> OpaquePointer in
            guard let cluster = rd_kafka_mock_cluster_new(handle, Int32(brokers)) else {
                throw .clientCreation(message: "rd_kafka_mock_cluster_new failed")
            }
            return cluster
        }
        cluster = created
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(created))
    }

    /// Creates a topic with `partitions` partitions (topics are also created on first use).
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        let code = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(replicationFactor))
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw .consumer(code: code.rawValue, message: RDKafkaClient.errorMessage(code)) }
    }

    /// Takes broker `id` down (connections fail) or brings it back: fault injection.
    public func setBroker(_ id: Int32, up: Bool) {
        _ = up ? rd_kafka_mock_broker_set_up(cluster, id) : rd_kafka_mock_broker_set_down(cluster, id)
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

        var code: rd_kafka_resp_err_t {
            switch self {
            case .requestTimedOut: RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT
            case .notLeaderForPartition: RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION
            case .notEnoughReplicas: RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS
            case .topicAuthorizationFailed: RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED
            case .rebalanceInProgress: RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS
            case .disconnect: RD_KAFKA_RESP_ERR__TRANSPORT
            }
        }
    }

    /// The next `errors.count` requests of type `request` fail, in order, with `errors`.
    public func failNext(_ request: Request, with errors: [InjectedError]) {
        let codes = errors.map(\.code)
        rd_kafka_mock_push_request_errors_array(cluster, request.rawValue, codes.count, codes)
    }

    /// Delays every response of `broker` (all brokers when nil) by `delay`: slow networks, and
    /// requests that time out on the client after the broker already acted on them.
    public func setRoundTripTime(_ delay: Duration, broker: Int32? = nil) {
        _ = rd_kafka_mock_broker_set_rtt(cluster, broker ?? -1, delay.librdkafkaMilliseconds)
    }

    private var closed = false

    /// Stops the cluster; clients pointed at it lose their connections.
    public func close() {
        guard !closed else { return }
        closed = true
        rd_kafka_mock_cluster_destroy(cluster)
        owner.close()
    }

    deinit {
        close()
    }
}
