import ArgumentParser
import SchemaWireCore
import SchemaWireProtobuf

/// `schemawire protobuf encode`: one message in the Protobuf JSON mapping → binary.
struct ProtobufEncodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode one message from the Protobuf JSON mapping to Protobuf binary (no Confluent framing)."
    )

    @OptionGroup var schema: ProtobufSchemaOptions

    @Option(help: "The JSON input (default: stdin).")
    var input: String?

    @Option(help: "Where to write the binary (default: stdout).")
    var output: String?

    func run() async throws {
        let (protoSchema, message) = try schema.load()
        let place = input ?? "stdin"
        let json: JSONValue
        do { json = try JSONValue(parsing: try CommandIO.read(input)) } catch let failure as CommandFailure { throw failure } catch {
            throw CommandFailure.badInput(place, error)
        }
        let encoded: [UInt8]
        do {
            encoded = try protoSchema.encode(try protoSchema.message(fromJSON: json, as: message), as: message)
        } catch {
            throw CommandFailure.badInput(place, error)
        }
        try CommandIO.write(encoded, to: output)
    }
}
