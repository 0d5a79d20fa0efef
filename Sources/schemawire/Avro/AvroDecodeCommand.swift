import ArgumentParser
import SchemaWireAvro
import SchemaWireCore

/// `schemawire avro decode`: Avro binary → one value as Avro JSON, optionally resolved to a reader schema.
struct AvroDecodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode one Avro binary value and print it as Avro JSON.",
        discussion: "With --reader, the value is resolved from the writer schema to the reader schema (defaults, aliases, promotions)."
    )

    @Option(help: "The writer schema (.avsc) the data was encoded with.")
    var schema: String

    @Option(help: "A reader schema (.avsc) to resolve the value to.")
    var reader: String?

    @Option(help: "The binary input (default: stdin).")
    var input: String?

    @Flag(help: "Print logical types readably: decimals as digits, dates, times and timestamps in ISO 8601.")
    var logical = false

    func run() async throws {
        let writerSchema = try loadAvroSchema(schema)
        let readerSchema = try reader.map(loadAvroSchema) ?? writerSchema
        let bytes = try CommandIO.read(input)
        let resolver = try reader.map { _ in
            do { return try AvroDatumReader(writer: writerSchema, reader: readerSchema) } catch {
                throw CommandFailure.badInput("\(schema) → \(reader ?? "")", error)
            }
        }
        let json: JSONValue
        do {
            json = try Self.decode(bytes, writer: writerSchema, resolver: resolver, logical: logical)
        } catch {
            throw CommandFailure.badInput(input ?? "stdin", error)
        }
        print(json.serialized())
    }

    private static func decode(_ bytes: [UInt8], writer: AvroSchema, resolver: AvroDatumReader?, logical: Bool) throws(AvroError) -> JSONValue {
        let value: AvroValue
        if let resolver { value = try resolver.decode(bytes) } else { value = try writer.decode(bytes) }
        let schema = resolver?.reader ?? writer
        return try logical ? value.readableJSON(schema: schema) : value.avroJSON(schema: schema)
    }
}
