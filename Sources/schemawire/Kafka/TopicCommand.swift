import ArgumentParser
import SchemaWireCore
import SchemaWireKafka

/// `schemawire topic create|describe|delete`: topic administration with warnings about risky
/// settings (partition count, replication, min.insync.replicas) on stderr.
struct TopicCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topic",
        abstract: "Create, describe or delete a topic.",
        subcommands: [Create.self, Describe.self, Delete.self]
    )

    /// Bootstrap servers and raw librdkafka properties, shared by the subcommands.
    struct Connection: ParsableArguments {
        @Option(help: "Kafka bootstrap servers (host:port[,host:port]); default: bootstrap.servers from -F.")
        var bootstrap: String?

        @Option(name: .customShort("X"), parsing: .unconditionalSingleValue, help: "A librdkafka property, name=value (repeatable).")
        var properties: [String] = []

        @Option(name: .customShort("F"), help: "A properties file of librdkafka name=value lines; -X and --bootstrap win over it.")
        var propertiesFile: String?

        func admin() throws -> KafkaAdmin {
            let kafka = try KafkaSettings(bootstrap: bootstrap, flags: properties, file: try PropertiesFile.load(propertiesFile))
            do { return try KafkaAdmin(bootstrapServers: kafka.bootstrap, properties: kafka.properties) } catch { throw CommandFailure.badInput(error.description) }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a topic; warns (stderr) about settings that risk data or order for the profile.")

        @Argument(help: "The topic name.")
        var name: String

        @OptionGroup var connection: Connection

        @Option(help: "Partitions: the most consumers a group can run in parallel (default 12).")
        var partitions = 12

        @Option(help: "Replicas of each partition (default 3; 1 only for development).")
        var replicationFactor = 3

        @Option(help: "A topic config, key=value (repeatable): retention.ms, cleanup.policy=compact, min.insync.replicas, compression.type, ...")
        var config: [String] = []

        @Option(help: "development or production (production also warns about replication and min.insync.replicas).")
        var profile: String = "production"

        @Option(help: "How many consumers the reading group should scale to (warns when partitions are fewer).")
        var consumers: Int?

        func run() async throws {
            guard let profile = KafkaTopicSpec.Profile(rawValue: profile) else { throw CommandFailure.badInput("--profile must be development or production") }
            let configs = try KafkaConnectionOptions.keyValues(config, option: "--config")
            let spec = KafkaTopicSpec(name: name, partitions: partitions, replicationFactor: replicationFactor, configs: configs)
            for warning in spec.warnings(profile: profile, consumers: consumers) { printError("schemawire: warning: \(name): \(warning)") }
            let admin = try connection.admin()
            defer { admin.close() }
            do { try await admin.createTopic(spec) } catch { throw CommandFailure.badInput(error.description) }
            printError("schemawire: created \(name) (\(partitions) partition(s), replication factor \(replicationFactor))")
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a topic's partitions, replicas and non-default configs as JSON.")

        @Argument(help: "The topic name.")
        var name: String

        @OptionGroup var connection: Connection

        func run() async throws {
            let admin = try connection.admin()
            defer { admin.close() }
            let description: KafkaTopicDescription
            do { description = try await admin.describeTopic(name) } catch { throw CommandFailure.badInput(error.description) }
            let partitions = description.partitions.map { partition -> JSONValue in
                [
                    "partition": .integer(partition.id), "leader": .integer(partition.leader),
                    "replicas": .array(partition.replicas.map { .integer($0) }), "isr": .array(partition.inSyncReplicas.map { .integer($0) }),
                ]
            }
            let configs = description.configs.map { configs in JSONValue.object(.init(uniqueKeysWithValues: configs.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })) }
            print(JSONValue.object([
                "topic": .string(name), "partitions": .integer(description.partitions.count), "replicationFactor": .integer(description.replicationFactor),
                "configs": configs ?? .null, "assignments": .array(partitions),
            ]).serialized(.pretty))
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a topic and its data.")

        @Argument(help: "The topic name.")
        var name: String

        @OptionGroup var connection: Connection

        func run() async throws {
            let admin = try connection.admin()
            defer { admin.close() }
            do { try await admin.deleteTopic(name) } catch { throw CommandFailure.badInput(error.description) }
            printError("schemawire: deleted \(name)")
        }
    }
}
