import ArgumentParser
import SchemaWireKafka
import SchemaWireRegistry
import SchemaWireSerde

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

    /// Everything these options say, the `-F` file read once and the flags over it: where Kafka is,
    /// librdkafka's properties, the serde settings, and a registry client with the registry
    /// properties among them applied on top of `--registry` and the environment's credentials.
    func resolved() throws -> (kafka: KafkaSettings, serde: KafkaSerdeConfiguration, registry: SchemaRegistryClient) {
        let file = try PropertiesFile.load(propertiesFile)
        let kafka = try KafkaSettings(bootstrap: bootstrap, flags: properties, file: file)
        guard let url = registry ?? file.serde["schema.registry.url"] else {
            throw CommandFailure.badInput("no registry to talk to: give --registry, or schema.registry.url in a -F file")
        }
        var registryConfiguration = try RegistryConnectionOptions.environmentClient(url: url).configuration
        var properties = file.serde
        properties.merge(try Self.keyValues(serdeProperties, option: "--serde")) { _, explicit in explicit }
        // --registry wins over the file's schema.registry.url, which only fills in for it.
        if registry != nil { properties["schema.registry.url"] = nil }
        do {
            let configuration = try KafkaSerdeConfiguration(properties: properties, registry: &registryConfiguration)
            return (kafka, configuration, SchemaRegistryClient(configuration: registryConfiguration))
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
}

/// Where Kafka is and librdkafka's properties: a `-F` file's, with `-X` and `--bootstrap` over it.
struct KafkaSettings {
    let bootstrap: String
    let properties: [String: String]

    init(bootstrap: String?, flags: [String], file: PropertiesFile) throws {
        var properties = file.librdkafka
        properties.merge(try KafkaConnectionOptions.keyValues(flags, option: "-X")) { _, explicit in explicit }
        guard let bootstrap = bootstrap ?? properties["bootstrap.servers"] else {
            throw CommandFailure.badInput("no Kafka to talk to: give --bootstrap, or bootstrap.servers in a -F file")
        }
        self.bootstrap = bootstrap
        self.properties = properties
    }
}
