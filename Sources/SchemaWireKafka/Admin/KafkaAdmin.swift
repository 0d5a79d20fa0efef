import Logging

/// Topic administration: create (warning about settings that lose data or order), describe, delete.
public final class KafkaAdmin: Sendable {
    private let admin: RDKafkaAdmin
    /// How long each request may take.
    public let timeout: Duration

    /// - Parameters:
    ///   - bootstrapServers: the cluster's brokers, `host:port` separated by commas.
    ///   - properties: librdkafka properties passed verbatim (security, client id, ...).
    ///   - timeout: how long each request may take.
    ///   - logger: receives librdkafka's log lines.
    public init(
        bootstrapServers: String, properties: [String: String] = [:], timeout: Duration = .seconds(30), logger: Logger = Logger(label: "schemawire.kafka")
    ) throws(KafkaError) {
        var all = properties
        all["bootstrap.servers"] = bootstrapServers
        admin = RDKafkaAdmin(client: try RDKafkaClient(kind: .producer, properties: all, context: RDKafkaClientContext(logger: logger)))
        self.timeout = timeout
    }

    public func createTopic(_ spec: KafkaTopicSpec) async throws(KafkaError) {
        let (admin, timeout) = (self.admin, self.timeout)
        try await RDKafkaClient.offload { () throws(KafkaError) in try admin.createTopic(spec, timeout: timeout) }
    }

    public func describeTopic(_ name: String) async throws(KafkaError) -> KafkaTopicDescription {
        let (admin, timeout) = (self.admin, self.timeout)
        return try await RDKafkaClient.offload { () throws(KafkaError) in
            let partitions = try admin.partitions(of: name, timeout: timeout)
            let configs = try? admin.configs(of: name, timeout: timeout)
            return KafkaTopicDescription(name: name, partitions: partitions, configs: configs)
        }
    }

    /// The topic's partitions from the cluster's metadata alone (``describeTopic(_:)`` also asks
    /// for its configuration, which some brokers are slow to answer).
    public func partitions(of name: String) async throws(KafkaError) -> [KafkaTopicDescription.Partition] {
        let (admin, timeout) = (self.admin, self.timeout)
        return try await RDKafkaClient.offload { () throws(KafkaError) in try admin.partitions(of: name, timeout: timeout) }
    }

    public func deleteTopic(_ name: String) async throws(KafkaError) {
        let (admin, timeout) = (self.admin, self.timeout)
        try await RDKafkaClient.offload { () throws(KafkaError) in try admin.deleteTopic(name, timeout: timeout) }
    }

    /// Releases the client (also on deinit).
    public func close() {
        admin.client.close()
    }
}
