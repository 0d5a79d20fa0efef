import ArgumentParser
import SchemaWireKafka
import SchemaWireRegistry

/// Where produce/consume find Kafka and the registry, and raw librdkafka properties.
struct KafkaConnectionOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers (host:port[,host:port]); default: bootstrap.servers from -F.")
    var bootstrap: String?

    @Option(help: "Schema registry URL (credentials from $SCHEMAWIRE_REGISTRY_USER_INFO); default: schema.registry.url from -F.")
    var registry: String?

    @Option(name: .customShort("F"), help: "A properties file of name=value lines: librdkafka, Confluent serde and registry properties (secrets off the command line); -X, --serde, --bootstrap and --registry win over it.")
    var propertiesFile: String?

    @Option(name: .customShort("X"), parsing: .unconditionalSingleValue, help: "A librdkafka property, name=value (repeatable).")
    var properties: [String] = []

    @Option(
        name: .customLong("serde"), parsing: .unconditionalSingleValue,
        help: "A Confluent serializer or registry-client property, name=value (repeatable), e.g. value.schema.id.serializer=HeaderSchemaIdSerializer.")
    var serdeProperties: [String] = []

    /// librdkafka's properties: the file's, then `-X`.
    func librdkafkaProperties() throws -> [String: String] {
        var result = try PropertiesFile.load(propertiesFile).librdkafka
        result.merge(try Self.keyValues(properties, option: "-X")) { _, explicit in explicit }
        return result
    }

    /// The bootstrap servers: `--bootstrap`, else the file's `bootstrap.servers`.
    func bootstrapServers() throws -> String {
        if let bootstrap { return bootstrap }
        guard let fromFile = try PropertiesFile.load(propertiesFile).librdkafka["bootstrap.servers"] else {
            throw CommandFailure.badInput("no Kafka to talk to: give --bootstrap, or bootstrap.servers in a -F file")
        }
        return fromFile
    }

    /// The serde settings from `--serde`, and a registry client with the registry properties among
    /// them applied on top of `--registry` and the environment's credentials.
    func serde() throws -> (configuration: KafkaSerdeConfiguration, registry: SchemaRegistryClient) {
        var registryConfiguration = try registryClient().configuration
        var properties = try PropertiesFile.load(propertiesFile).serde
        properties.merge(try Self.keyValues(serdeProperties, option: "--serde")) { _, explicit in explicit }
        // --registry wins over the file's schema.registry.url, which only fills in for it.
        if registry != nil { properties["schema.registry.url"] = nil }
        do {
            let configuration = try KafkaSerdeConfiguration(properties: properties, registry: &registryConfiguration)
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
        guard let url = try registry ?? PropertiesFile.load(propertiesFile).serde["schema.registry.url"] else {
            throw CommandFailure.badInput("no registry to talk to: give --registry, or schema.registry.url in a -F file")
        }
        return try RegistryConnectionOptions.environmentClient(url: url)
    }
}
