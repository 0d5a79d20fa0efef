import ArgumentParser
import SchemaWireCore
import SchemaWireProtobuf

/// `schemawire protobuf decode`: Protobuf binary → the message in the Protobuf JSON mapping.
struct ProtobufDecodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode one Protobuf binary message (no Confluent framing) and print it in the Protobuf JSON mapping."
    )

    @OptionGroup var schema: ProtobufSchemaOptions

    @Option(help: "The binary input (default: stdin).")
    var input: String?

    func run() async throws {
        let (protoSchema, message) = try schema.load()
        let bytes = try CommandIO.read(input)
        let json: JSONValue
        do {
            json = try protoSchema.json(try protoSchema.decode(bytes, as: message), as: message)
        } catch {
            throw CommandFailure.badInput(input ?? "stdin", error)
        }
        print(json.serialized())
    }
}
