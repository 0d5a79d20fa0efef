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

    func librdkafkaProperties() throws -> [String: String] {
        var result: [String: String] = [:]
        for property in properties {
            guard let equals = property.firstIndex(of: "="), equals != property.startIndex else {
                throw CommandFailure.badInput("-X \(property): expected name=value")
            }
            result[String(property[..<equals])] = String(property[property.index(after: equals)...])
        }
        return result
    }

    func registryClient() throws -> SchemaRegistryClient {
        try RegistryConnectionOptions.environmentClient(url: registry)
    }
}
