import ArgumentParser
import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireKafka

/// `schemawire produce`: Avro JSON lines on stdin → Confluent-framed records, idempotently.
struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Produce one record per stdin line (Avro JSON) with Confluent framing.",
        discussion: """
            The value schema is registered under <topic>-value (checked BACKWARD-compatible first). Each record \
            gets an x-event-id header for idempotent consumers. The producer is idempotent with acks=all. A line \
            that does not match the schema stops the run with exit 2, naming the line; lines before it were sent.
            """
    )

    @OptionGroup var connection: KafkaConnectionOptions

    @Option(help: "The topic.")
    var topic: String

    @Option(help: "The value schema (.avsc).")
    var valueSchema: String

    @Option(help: "A Protobuf message name (for .proto schemas, with the Protobuf issue).")
    var valueMessage: String?

    @Option(help: "Use this field of each value, as a string, as the record key (records with one key stay in order).")
    var keyField: String?

    func run() async throws {
        guard valueSchema.hasSuffix(".avsc") else { throw CommandFailure.badInput("\(valueSchema): only .avsc value schemas are supported yet") }
        let schema = try loadAvroSchema(valueSchema)
        let serializer = KafkaAvroValueSerializer(registry: try connection.registryClient(), schema: schema)
        let producer: KafkaProducer
        do {
            producer = try KafkaProducer(configuration: .init(bootstrapServers: connection.bootstrap, properties: try connection.librdkafkaProperties()))
        } catch let error as KafkaError {
            throw CommandFailure.badInput(error.description)
        }
        defer { producer.close() }
        var produced = 0
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let place = "stdin line \(lineNumber)"
            let value: AvroValue
            do {
                value = try AvroValue(avroJSON: try JSONValue(parsing: line), schema: schema)
            } catch {
                throw CommandFailure.badInput("\(place): \(error) (\(produced) record(s) produced before it)")
            }
            var key: [UInt8]?
            if let keyField {
                guard case let .record(fields) = value, let field = fields[keyField] else {
                    throw CommandFailure.badInput("\(place): the value has no field \"\(keyField)\" for the key")
                }
                key = Array(Self.keyText(field).utf8)
            }
            do {
                let bytes = try await serializer.serialize(value, topic: topic)
                _ = try await producer.send(topic: topic, key: key, value: bytes, headers: [KafkaHeader(key: "x-event-id", text: UUID().uuidString.lowercased())])
            } catch {
                throw CommandFailure.badInput("\(place): \(error) (\(produced) record(s) produced before it)")
            }
            produced += 1
            if produced % 1000 == 0 { printError("schemawire: produced \(produced) record(s)…") }
        }
        printError("schemawire: produced \(produced) record(s) to \(topic)")
    }

    /// A field value as key text: strings as they are, everything else as its JSON.
    static func keyText(_ value: AvroValue) -> String {
        switch value {
        case let .string(text): return text
        case let .union(_, inner): return keyText(inner)
        case let .int(number): return String(number)
        case let .long(number): return String(number)
        case let .enumeration(symbol): return symbol
        default: return "\(value)"
        }
    }
}
