import ArgumentParser

/// `schemawire registry …`: the embedded Confluent-compatible schema registry.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Run a Confluent-compatible schema registry.",
        subcommands: [RegistryServeCommand.self]
    )
}
