import ArgumentParser
import SchemaWireProtobuf

/// `schemawire protobuf …`: Protobuf encoding and decoding from the command line, as
/// `schemawire avro …` does for Avro.
struct ProtobufCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protobuf",
        abstract: "Encode, decode and diff with .proto schemas.",
        subcommands: [ProtobufEncodeCommand.self, ProtobufDecodeCommand.self, ProtobufDiffCommand.self]
    )
}

/// The options both Protobuf commands share: the schema, its import path and the message type.
struct ProtobufSchemaOptions: ParsableArguments {
    @Option(help: "The .proto schema of the message.")
    var schema: String

    @Option(name: [.customShort("I"), .customLong("proto-path")], help: "A directory the schema's imports are found in (protoc's -I); repeat. Default: the current directory.")
    var protoPath: [String] = []

    @Option(help: "The message type, qualified or relative to the file's package (default: the file's first message).")
    var message: String?

    /// The linked schema and the message type, each problem naming its file.
    func load() throws -> (schema: ProtoSchema, message: String) {
        let text = try CommandIO.readText(schema)
        let loaded: ProtoSchema
        do {
            loaded = try ProtoImports.load(text, path: ProtoImports.importName(of: schema, in: protoPath), importPaths: protoPath)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure.badInput(schema, error)
        }
        let name = message ?? loaded.defaultMessageName
        guard let name, loaded.messageType(named: name) != nil else {
            let known = loaded.messageNames.prefix(10).joined(separator: ", ")
            throw CommandFailure.badInput("\(schema): no message \(message ?? "at all") (it declares \(known.isEmpty ? "none" : known))")
        }
        return (loaded, name)
    }
}
