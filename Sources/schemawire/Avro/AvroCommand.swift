import ArgumentParser
import SchemaWireAvro

/// `schemawire avro …`: Avro encoding, decoding and fingerprints from the command line.
struct AvroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avro",
        abstract: "Encode, decode and fingerprint Avro data and schemas.",
        subcommands: [AvroEncodeCommand.self, AvroDecodeCommand.self, AvroCanonicalCommand.self]
    )
}

/// Loads and validates an `.avsc` file, naming the file in any error.
func loadAvroSchema(_ path: String) throws -> AvroSchema {
    let text = try CommandIO.readText(path)
    do {
        return try AvroSchema(parsing: text)
    } catch {
        throw CommandFailure.badInput(path, error)
    }
}
