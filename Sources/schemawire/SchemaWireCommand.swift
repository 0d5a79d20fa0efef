import ArgumentParser

/// The `schemawire` command: schema tooling for Avro and Protobuf on Kafka.
struct SchemaWireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemawire",
        abstract: "Schema-registry-aware Avro and Protobuf tooling for Kafka.",
        discussion: """
            Exit codes: 0 success; 1 a finding (for example incompatible schemas); 2 bad input, bad usage \
            or an unreachable service, with one line on stderr saying what and where.
            """,
        version: "0.1.0",
        subcommands: [
            AvroCommand.self, ProtobufCommand.self, CheckCommand.self, GenerateCommand.self, RegistryCommand.self, ProduceCommand.self, ConsumeCommand.self,
            TopicCommand.self, DemoCommand.self,
        ]
    )
}
