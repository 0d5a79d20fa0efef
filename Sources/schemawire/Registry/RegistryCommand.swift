import ArgumentParser

/// `schemawire registry …`: the embedded Confluent-compatible schema registry.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Run a Confluent-compatible schema registry, or talk to any registry.",
        subcommands: [
            RegistryServeCommand.self, RegistryRegisterCommand.self, RegistryDownloadCommand.self, RegistryGetCommand.self, RegistrySubjectsCommand.self,
            RegistryVersionsCommand.self, RegistryConfigCommand.self, RegistryDeleteCommand.self,
        ]
    )
}
