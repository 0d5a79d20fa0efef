/// A topic to create: partitions, replication and configuration (`retention.ms`,
/// `cleanup.policy=compact`, `min.insync.replicas`, `compression.type`, ...).
public struct KafkaTopicSpec: Hashable, Sendable {
    public var name: String
    /// Partitions bound how many consumers of a group can work in parallel; they can be added
    /// later but never removed, and adding them moves keys to other partitions.
    public var partitions: Int
    public var replicationFactor: Int
    /// Topic-level configuration, by Kafka's property names.
    public var configs: [String: String]

    public init(name: String, partitions: Int, replicationFactor: Int = 3, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }

    /// Where a topic is meant to run: production tolerates no single point of failure.
    public enum Profile: String, Sendable, CaseIterable {
        case development
        case production
    }

    /// The settings of this topic that risk data loss, lost order or idle consumers.
    ///
    /// - Parameters:
    ///   - profile: production checks replication and `min.insync.replicas`; development does not.
    ///   - consumers: how many consumers the group reading it is expected to scale to.
    public func warnings(profile: Profile, consumers: Int? = nil) -> [KafkaTopicWarning] {
        var warnings: [KafkaTopicWarning] = []
        if partitions == 1 {
            warnings.append(.singlePartition)
        } else if let consumers, consumers > partitions {
            warnings.append(.fewerPartitionsThanConsumers(partitions: partitions, consumers: consumers))
        }
        if profile == .production {
            if replicationFactor < 3 { warnings.append(.lowReplicationFactor(replicationFactor)) }
            if let minimum = configs["min.insync.replicas"].flatMap(Int.init) {
                if minimum < 2 || minimum >= replicationFactor {
                    warnings.append(.unsafeMinInSyncReplicas(minimum, replicationFactor: replicationFactor))
                }
            } else {
                warnings.append(.missingMinInSyncReplicas)
            }
        }
        if configs["cleanup.policy"]?.contains("compact") == true, configs["cleanup.policy"]?.contains("delete") == false,
            configs["retention.ms"] != nil
        {
            warnings.append(.retentionIgnoredByCompaction)
        }
        return warnings
    }
}

/// A risky setting found in a topic's specification.
public enum KafkaTopicWarning: Hashable, Sendable, CustomStringConvertible {
    /// One partition: a consumer group can never read it with more than one consumer.
    case singlePartition
    case fewerPartitionsThanConsumers(partitions: Int, consumers: Int)
    /// Fewer than 3 replicas in production: one broker loss can lose or block data.
    case lowReplicationFactor(Int)
    /// No `min.insync.replicas`: `acks=all` then succeeds with a single replica.
    case missingMinInSyncReplicas
    case unsafeMinInSyncReplicas(Int, replicationFactor: Int)
    /// `retention.ms` on a compact-only topic does not delete old keys.
    case retentionIgnoredByCompaction

    public var description: String {
        switch self {
        case .singlePartition:
            return "1 partition: a consumer group cannot scale past one consumer; choose partitions for the peak number of consumers"
        case let .fewerPartitionsThanConsumers(partitions, consumers):
            return "\(partitions) partitions for \(consumers) consumers: \(consumers - partitions) consumer(s) would sit idle"
        case let .lowReplicationFactor(factor):
            return "replication factor \(factor) in production: use 3 so that losing a broker loses no data"
        case .missingMinInSyncReplicas:
            return "no min.insync.replicas: with acks=all a write is acknowledged by a single replica; set it to 2 (with replication factor 3)"
        case let .unsafeMinInSyncReplicas(minimum, factor):
            return "min.insync.replicas=\(minimum) with replication factor \(factor): use 2 of 3 so writes survive one broker and stay durable"
        case .retentionIgnoredByCompaction:
            return "retention.ms has no effect with cleanup.policy=compact alone; use compact,delete to expire old keys"
        }
    }
}

/// A topic as the cluster reports it.
public struct KafkaTopicDescription: Hashable, Sendable {
    public struct Partition: Hashable, Sendable {
        public var id: Int32
        /// The leader broker's id (-1 when leaderless).
        public var leader: Int32
        public var replicas: [Int32]
        public var inSyncReplicas: [Int32]
    }

    public var name: String
    public var partitions: [Partition]
    /// Configuration entries that differ from the broker defaults; nil when the broker does not
    /// answer DescribeConfigs.
    public var configs: [String: String]?

    public var replicationFactor: Int { partitions.first?.replicas.count ?? 0 }
}
