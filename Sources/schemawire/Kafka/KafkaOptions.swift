import ArgumentParser
import SchemaWireKafka
import SchemaWireRegistry

/// Where produce/consume find Kafka and the registry, and raw librdkafka properties.
struct KafkaConnectionOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers (host:port[,host:port]).")
    var bootstrap: String

    @Option(help: "Schema registry URL (credentials from $SCHEMAWIRE_REGISTRY_USER_INFO).")
    var registry: String

    @Option(name: .customShort("X"), parsing: .unconditionalSingleValue, help: "A librdkafka property, name=value (repeatable).")
    var properties: [String] = []

    @Option(
        name: .customLong("serde"), parsing: .unconditionalSingleValue,
        help: "A Confluent serializer or registry-client property, name=value (repeatable), e.g. value.schema.id.serializer=HeaderSchemaIdSerializer.")
    var serdeProperties: [String] = []

    func librdkafkaProperties() throws -> [String: String] {
        try Self.keyValues(properties, option: "-X")
    }

    /// The serde settings from `--serde`, and a registry client with the registry properties among
    /// them applied on top of `--registry` and the environment's credentials.
    func serde() throws -> (configuration: KafkaSerdeConfiguration, registry: SchemaRegistryClient) {
        var registryConfiguration = try registryClient().configuration
        do {
            let configuration = try KafkaSerdeConfiguration(
                properties: try Self.keyValues(serdeProperties, option: "--serde"), registry: &registryConfiguration)
            return (configuration, SchemaRegistryClient(configuration: registryConfiguration))
        } catch {
            throw CommandFailure.badInput("--serde \(error)")
        }
    }

    /// `name=value` arguments as a dictionary; anything else is bad input naming the option.
    static func keyValues(_ arguments: [String], option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw CommandFailure.badInput("\(option) \(argument): expected name=value")
            }
            result[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
        }
        return result
    }

    func registryClient() throws -> SchemaRegistryClient {
        try RegistryConnectionOptions.environmentClient(url: registry)
    }
}
