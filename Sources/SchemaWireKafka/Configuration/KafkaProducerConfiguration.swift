/// Producer settings whose defaults are the safe choices: idempotence on, `acks=all`,
/// at most 5 requests in flight (the most idempotence keeps ordered).
public struct KafkaProducerConfiguration: Sendable {
    /// Compression codecs librdkafka offers.
    public enum Compression: String, Sendable {
        case none, gzip, snappy, lz4, zstd
    }

    public var bootstrapServers: String
    public var clientID: String
    public var idempotence: Bool
    public var acks: String
    public var maxInFlightRequestsPerConnection: Int
    public var compression: Compression
    public var lingerMilliseconds: Int
    public var deliveryTimeoutMilliseconds: Int
    /// Set to use transactions (exactly-once consume-transform-produce); unique per producer instance.
    public var transactionalID: String?
    /// How often librdkafka reports the statistics the client turns into metrics gauges (queue
    /// depth, broker round trips, consumer lag); zero turns them off (`statistics.interval.ms`).
    public var statisticsInterval: Duration = .seconds(5)
    /// How long the producer's service flushes on a graceful shutdown before failing what is
    /// still undelivered.
    public var shutdownFlushTimeout: Duration = .seconds(10)
    /// Any other librdkafka property, verbatim (`-X name=value` on the CLI); wins over the typed ones.
    public var properties: [String: String]

    public init(
        bootstrapServers: String, clientID: String = "schemawire", idempotence: Bool = true, acks: String = "all",
        maxInFlightRequestsPerConnection: Int = 5, compression: Compression = .lz4, lingerMilliseconds: Int = 5,
        deliveryTimeoutMilliseconds: Int = 30_000, transactionalID: String? = nil, properties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.idempotence = idempotence
        self.acks = acks
        self.maxInFlightRequestsPerConnection = maxInFlightRequestsPerConnection
        self.compression = compression
        self.lingerMilliseconds = lingerMilliseconds
        self.deliveryTimeoutMilliseconds = deliveryTimeoutMilliseconds
        self.transactionalID = transactionalID
        self.properties = properties
    }

    /// The librdkafka properties this configuration stands for.
    public var librdkafkaProperties: [String: String] {
        var result: [String: String] = [
            "bootstrap.servers": bootstrapServers, "client.id": clientID, "enable.idempotence": String(idempotence),
            "acks": acks, "max.in.flight.requests.per.connection": String(maxInFlightRequestsPerConnection),
            "compression.type": compression.rawValue, "linger.ms": String(lingerMilliseconds),
            "delivery.timeout.ms": String(deliveryTimeoutMilliseconds),
        ]
        if let transactionalID { result["transactional.id"] = transactionalID }
        result["statistics.interval.ms"] = String(statisticsInterval.librdkafkaMilliseconds)
        result.merge(properties) { _, explicit in explicit }
        return result
    }
}
