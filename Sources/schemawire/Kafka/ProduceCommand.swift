import ArgumentParser
import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireKafka
import SchemaWireProtobuf
import SchemaWireRegistry
import SchemaWireSerde
import Synchronization

/// `schemawire produce`: Avro JSON or Protobuf JSON lines on stdin → Confluent-framed records,
/// idempotently.
struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Produce one record per stdin line (Avro JSON, or Protobuf JSON for .proto) with Confluent framing.",
        discussion: """
            The value schema is registered under <topic>-value (checked BACKWARD-compatible first); a .proto schema's \
            imports are registered first, each under its import path, as references. Each record \
            gets an x-event-id header for idempotent consumers. The producer is idempotent with acks=all. A line \
            that does not match the schema, or a record the broker does not take, stops the run with exit 2, naming \
            the line; lines before it were sent. Lines go out in batches of up to 1,000, many in flight at once, \
            each sent as soon as stdin has nothing more ready, so a file streams at the producer's rate and a \
            line typed or tailed in goes out at once. SIGINT or SIGTERM stops reading, waits for what was read \
            to be delivered (aborting a transaction), reports it, and exits 128 + the signal.
            """
    )

    @OptionGroup var connection: KafkaConnectionOptions

    @Option(help: "The topic.")
    var topic: String

    @Option(help: "The value schema (.avsc or .proto).")
    var valueSchema: String

    @Option(help: "The Protobuf message type of the values (default: the file's first message).")
    var valueMessage: String?

    @Option(name: [.customShort("I"), .customLong("proto-path")], help: "A directory .proto imports are found in; repeat. Default: the current directory.")
    var protoPath: [String] = []

    @Option(help: "Use this field of each value, as a string, as the record key (records with one key stay in order).")
    var keyField: String?

    @Option(help: "Produce all of stdin as one transaction under this transactional.id, committed at the end of input.")
    var transactionalId: String?

    @Flag(help: "With --transactional-id: abort the transaction instead (read_committed consumers never see the records).")
    var abort = false

    func validate() throws {
        if abort && transactionalId == nil { throw ValidationError("--abort needs --transactional-id") }
    }

    /// Turns one stdin line into the framed value, the headers its framing adds, and the key text.
    typealias Encoder = (_ line: [UInt8], _ topic: String, _ headers: inout [KafkaHeader]) async throws -> (value: [UInt8], key: String?)

    func encoder(_ configuration: KafkaSerdeConfiguration, _ registry: SchemaRegistryClient) throws -> Encoder {
        switch try SchemaLanguage(path: valueSchema) {
        case .avro:
            let schema = try loadAvroSchema(valueSchema)
            let serializer = KafkaAvroValueSerializer(registry: registry, schema: schema, configuration: configuration)
            let keyField = self.keyField
            let keyType: AvroType?
            if let keyField {
                guard case let .record(record) = schema.resolve(schema.root).kind, let field = record.fields.first(where: { $0.name == keyField }) else {
                    throw CommandFailure.badInput("\(schema.root.unionBranchName) has no field \"\(keyField)\" for the key")
                }
                keyType = field.type
            } else {
                keyType = nil
            }
            return { line, topic, headers in
                var reported: Range<Int>?
                let value = try await serializer.serialize(avroJSON: line, topic: topic, headers: &headers, reportingField: keyField, reported: &reported)
                guard let keyField, let keyType else { return (value, nil) }
                if let reported { return (value, try Self.keyText(line[reported], type: keyType, in: schema)) }
                // The value took the general path: read the key from the whole line.
                guard case let .record(fields) = try AvroValue(avroJSON: try JSONValue(parsing: Array(line)), schema: schema), let field = fields[keyField] else {
                    throw CommandFailure.badInput("the value has no field \"\(keyField)\" for the key")
                }
                return (value, Self.keyText(field))
            }
        case .protobuf:
            let schema = try ProtoImports.load(
                try CommandIO.readText(valueSchema), path: ProtoImports.importName(of: valueSchema, in: protoPath), importPaths: protoPath)
            let serializer = try KafkaProtobufValueSerializer(registry: registry, schema: schema, messageName: valueMessage, configuration: configuration)
            let keyJSONName = keyField.flatMap { name in
                schema.messageType(named: serializer.messageName)?.fields.first { $0.name == name || $0.jsonName == name }?.jsonName
            }
            if let keyField, keyJSONName == nil {
                throw CommandFailure.badInput("\(serializer.messageName) has no field \"\(keyField)\" for the key")
            }
            return { line, topic, headers in
                let message = try schema.message(fromJSON: try JSONValue(parsing: Array(line)), as: serializer.messageName)
                let key = keyJSONName.map { name in Self.keyText(try? schema.json(message, as: serializer.messageName).objectValue?[name]) }
                return (try await serializer.serialize(message, topic: topic, headers: &headers), key)
            }
        }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let (kafka, serde, registry) = try connection.resolved()
        let encode = try encoder(serde, registry)
        let producer: KafkaProducer
        do {
            producer = try KafkaProducer(configuration: .init(
                bootstrapServers: kafka.bootstrap, transactionalID: transactionalId, properties: kafka.properties))
        } catch {
            // `catch let error as KafkaError` on this typed-throws block crashes Swift 6.3's SIL verifier.
            throw CommandFailure.badInput(error.description)
        }
        defer { producer.close() }
        if transactionalId != nil {
            do {
                try await producer.initTransactions()
                try await producer.beginTransaction()
            } catch {
                throw CommandFailure.badInput("transaction \(transactionalId ?? ""): \(error)")
            }
        }
        let input = LineReader()
        let interruption = Mutex<Int32?>(nil)
        let signals = ShutdownSignals { number in
            interruption.withLock { $0 = number }
            input.interrupt()
        }
        var pipeline = ProducePipeline(producer: producer, topic: topic)
        var batch = ProduceBatch()
        var lineNumber = 0
        var eventIDs = EventIDs()
        var firstLineRead: ContinuousClock.Instant?
        while pipeline.firstFailure == nil, let line = try readLine(input, after: lineNumber) {
            if firstLineRead == nil { firstLineRead = .now }
            lineNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) { continue }
            let encoded: (value: [UInt8], key: String?)
            var headers = [KafkaHeader(key: "x-event-id", text: eventIDs.make())]
            do {
                encoded = try await encode(Array(line), topic, &headers)
            } catch {
                // What was read before the bad line goes out first: the count below is then exact.
                await pipeline.enqueue(&batch)
                await pipeline.finish()
                let message = (error as? CommandFailure)?.message ?? "\(error)"
                throw CommandFailure.badInput("stdin line \(lineNumber): \(message) (\(Self.outcome(pipeline)) before it)")
            }
            batch.append(KafkaProducerRecord(key: encoded.key.map { Array($0.utf8) }, value: encoded.value, headers: headers), line: lineNumber)
            if batch.isFull || !input.hasInputReady {
                await pipeline.enqueue(&batch)
            }
        }
        await pipeline.enqueue(&batch)
        await pipeline.finish()
        withExtendedLifetime(signals) {}
        if let failure = pipeline.firstFailure {
            if transactionalId != nil { try? await producer.abortTransaction() }
            throw CommandFailure.badInput("stdin line \(failure.line): \(failure.reason) (\(Self.outcome(pipeline)))")
        }
        if let signal = interruption.withLock({ $0 }) {
            // An interrupted transaction is not half-committed: abort it.
            if transactionalId != nil { try? await producer.abortTransaction() }
            printError(
                "schemawire: interrupted by \(ShutdownSignals.name(signal)) after stdin line \(lineNumber): \(pipeline.delivered) record(s) "
                    + "delivered to \(topic)\(transactionalId.map { " in aborted transaction \($0)" } ?? ""); the lines after it were not read")
            throw ExitCode(128 + signal)
        }
        if let transactionalId {
            do {
                if abort { try await producer.abortTransaction() } else { try await producer.commitTransaction() }
            } catch {
                throw CommandFailure.badInput("transaction \(transactionalId): \(error)")
            }
            printError("schemawire: \(abort ? "aborted" : "committed") transaction \(transactionalId)")
        }
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        // The tool's own pace: lines read, encoded and handed over, apart from the time librdkafka
        // spends connecting and waiting for acknowledgements.
        let handing = firstLineRead.map { (pipeline.lastEnqueued - $0) / .seconds(1) } ?? 0
        let pace = handing > 0 && pipeline.enqueued > 1 ? ", \(Int(Double(pipeline.enqueued) / handing)) records/s read and handed to librdkafka" : ""
        printError("schemawire: produced \(pipeline.delivered) record(s) to \(topic) in \(String(format: "%.2f", seconds)) s\(pace)")
    }

    /// The next stdin line, with a failure naming the line number.
    private func readLine(_ input: LineReader, after lineNumber: Int) throws -> ArraySlice<UInt8>? {
        do {
            return try input.nextLine()
        } catch {
            throw CommandFailure.badInput("stdin line \(lineNumber + 1): \(error)")
        }
    }

    /// "N record(s) produced", and how many were not, for messages.
    static func outcome(_ pipeline: ProducePipeline) -> String {
        "\(pipeline.delivered) record(s) produced" + (pipeline.undelivered > 0 ? ", \(pipeline.undelivered) not delivered" : "")
    }

    /// The key text of a field from its JSON text: a string without escapes or an integer as it
    /// is written, anything else read as `type` first.
    static func keyText(_ json: ArraySlice<UInt8>, type: AvroType, in schema: AvroSchema) throws -> String {
        if json.count >= 2, json.first == UInt8(ascii: "\""), json.last == UInt8(ascii: "\""), !json.contains(UInt8(ascii: "\\")) {
            return String(decoding: json.dropFirst().dropLast(), as: UTF8.self)
        }
        switch schema.resolve(type).kind {
        case .int, .long: return String(decoding: json, as: UTF8.self)
        default: return keyText(try AvroValue(avroJSON: try JSONValue(parsing: Array(json)), type: type, in: schema))
        }
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

    /// A Protobuf JSON field as key text: strings as they are, everything else as its JSON.
    static func keyText(_ value: JSONValue?) -> String {
        switch value {
        case let .string(text)?: return text
        case let value?: return value.serialized()
        case nil: return ""
        }
    }
}
