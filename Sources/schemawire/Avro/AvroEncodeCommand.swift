import ArgumentParser
import SchemaWireAvro
import SchemaWireCore

/// `schemawire avro encode`: one record in Avro JSON encoding → Avro binary.
struct AvroEncodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode one value from Avro JSON (unions as {\"type\": value}) to Avro binary."
    )

    @Option(help: "The Avro schema (.avsc) of the value.")
    var schema: String

    @Option(help: "The Avro JSON input (default: stdin).")
    var input: String?

    @Option(help: "Where to write the binary (default: stdout).")
    var output: String?

    func run() async throws {
        let avroSchema = try loadAvroSchema(schema)
        let place = input ?? "stdin"
        let bytes = try CommandIO.read(input)
        let json: JSONValue
        do { json = try JSONValue(parsing: bytes) } catch { throw CommandFailure.badInput(place, error) }
        let encoded: [UInt8]
        do {
            encoded = try avroSchema.encode(try AvroValue(avroJSON: json, schema: avroSchema))
        } catch {
            throw CommandFailure.badInput(place, error)
        }
        try CommandIO.write(encoded, to: output)
    }
}
