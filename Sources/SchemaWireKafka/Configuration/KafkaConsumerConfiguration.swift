/// Consumer settings whose defaults are the safe choices: no auto-commit (commit what
/// you processed), start from the earliest offset of a new group, and incremental rebalancing.
public struct KafkaConsumerConfiguration: Sendable {
    /// Where a group without committed offsets starts.
    public enum OffsetReset: String, Sendable {
        case earliest, latest
    }

    /// How the group's partitions are divided among its members (`partition.assignment.strategy`).
    public enum AssignmentStrategy: String, Sendable {
        /// Incremental: a rebalance moves only the partitions that change owner, and members keep
        /// consuming the rest. Offsets can be committed while partitions are handed over.
        ///
        /// librdkafka before 2.3.0 (Debian 12 ships 2.0.2) aborts the process when such a member
        /// is closed after joining but before its first assignment (confluentinc/librdkafka#4312):
        /// link 2.3.0 or later, or choose ``range`` with an older library.
        case cooperativeSticky = "cooperative-sticky"
        /// Eager: every rebalance revokes all partitions from every member first.
        case range
        case roundRobin = "roundrobin"
    }

    public var bootstrapServers: String
    public var groupID: String
    public var clientID: String
    public var autoOffsetReset: OffsetReset
    public var sessionTimeoutMilliseconds: Int
    public var assignmentStrategy: AssignmentStrategy
    /// How often librdkafka reports the statistics the client turns into metrics gauges (queue
    /// depth, broker round trips, consumer lag); zero turns them off (`statistics.interval.ms`).
    public var statisticsInterval: Duration = .seconds(5)
    /// How long the consumer's service waits, on a graceful shutdown, for the application to take
    /// the records already fetched before it commits what was stored and leaves the group.
    public var shutdownDrainTimeout: Duration = .seconds(10)
    /// Any other librdkafka property, verbatim; wins over the typed ones.
    public var properties: [String: String]

    public init(
        bootstrapServers: String, groupID: String, clientID: String = "schemawire", autoOffsetReset: OffsetReset = .earliest,
        sessionTimeoutMilliseconds: Int = 45_000, assignmentStrategy: AssignmentStrategy = .cooperativeSticky,
        properties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.groupID = groupID
        self.clientID = clientID
        self.autoOffsetReset = autoOffsetReset
        self.sessionTimeoutMilliseconds = sessionTimeoutMilliseconds
        self.assignmentStrategy = assignmentStrategy
        self.properties = properties
    }

    public var librdkafkaProperties: [String: String] {
        var result: [String: String] = [
            "bootstrap.servers": bootstrapServers, "group.id": groupID, "client.id": clientID,
            "auto.offset.reset": autoOffsetReset.rawValue, "enable.auto.commit": "false", "enable.auto.offset.store": "false",
            "session.timeout.ms": String(sessionTimeoutMilliseconds), "partition.assignment.strategy": assignmentStrategy.rawValue,
        ]
        result["statistics.interval.ms"] = String(statisticsInterval.librdkafkaMilliseconds)
        result.merge(properties) { _, explicit in explicit }
        return result
    }
}
