internal import CRdKafka
import Synchronization

/// librdkafka's mock cluster handle, owned by ``KafkaMockCluster`` and destroyed once.
final class RDKafkaMockCluster: @unchecked Sendable {
    private let owner: RDKafkaClient
    private let cluster: OpaquePointer
    /// The cluster's brokers, for `bootstrap.servers`.
    let bootstrapServers: String

    init(brokers: Int = 1) throws(KafkaError) {
        // The owning client never connects anywhere: only its errors are worth logging.
        owner = try RDKafkaClient(
            kind: .producer, properties: ["client.id": "schemawire-mock-cluster", "log_level": "3"], context: RDKafkaClientContext(logger: RDKafkaLogging.fallback))
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
    func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        let code = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(replicationFactor))
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw .consumer(code: KafkaError.Code(code), message: RDKafkaClient.errorMessage(code)) }
    }

    /// Takes broker `id` down (connections fail) or brings it back: fault injection.
    func setBroker(_ id: Int32, up: Bool) {
        _ = up ? rd_kafka_mock_broker_set_up(cluster, id) : rd_kafka_mock_broker_set_down(cluster, id)
    }

    /// The next `errors.count` requests of type `request` fail, in order, with `errors`.
    func failNext(_ request: Int16, with errors: [KafkaError.Code]) {
        let codes = errors.map { rd_kafka_resp_err_t(rawValue: $0.rawValue) }
        rd_kafka_mock_push_request_errors_array(cluster, request, codes.count, codes)
    }

    /// Delays every response of `broker` (all brokers when nil) by `delay`: slow networks, and
    /// requests that time out on the client after the broker already acted on them.
    func setRoundTripTime(_ delay: Duration, broker: Int32? = nil) {
        _ = rd_kafka_mock_broker_set_rtt(cluster, broker ?? -1, delay.librdkafkaMilliseconds)
    }

    private let closed = Atomic<Bool>(false)

    /// Destroys the cluster, exactly once.
    func close() {
        guard closed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        rd_kafka_mock_cluster_destroy(cluster)
        owner.close()
    }

    deinit {
        close()
    }
}
