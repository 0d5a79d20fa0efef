import ArgumentParser
import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireKafka
import SchemaWireRegistry
import Synchronization

/// `schemawire consume`: records → one JSON object per line, committing after printing.
struct ConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Print records as JSON lines ({topic, partition, offset, key, headers, value}); commit after printing.",
        discussion: "value is Avro JSON or Protobuf JSON per the writer's schema. Without --count, runs until interrupted."
    )

    @OptionGroup var connection: KafkaConnectionOptions

    @Option(help: "The topic.")
    var topic: String

    @Option(help: "The consumer group.")
    var group: String

    @Option(help: "Stop after this many records.")
    var count: Int?

    @Flag(help: "Start from the earliest offset when the group has none (default: only new records).")
    var fromBeginning = false

    @Option(help: "Give up (exit 2) when no record arrives for this many seconds (default: wait forever).")
    var timeout: Double?

    func run() async throws {
        let registry = try connection.serde().registry
        let avro = KafkaAvroValueDeserializer(registry: registry)
        let protobuf = KafkaProtobufValueDeserializer(registry: registry)
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(configuration: .init(
                bootstrapServers: connection.bootstrap, groupID: group, autoOffsetReset: fromBeginning ? .earliest : .latest,
                properties: try connection.librdkafkaProperties()))
            try consumer.subscribe(topics: [topic])
        } catch let error as KafkaError {
            throw CommandFailure.badInput(error.description)
        }
        defer { consumer.close() }
        guard count.map({ $0 > 0 }) ?? true else { return }
        let idle = IdleClock()
        let count = self.count
        let loop = Task { () async throws -> Int in
            var printed = 0
            for try await message in consumer.messages {
                idle.touch()
                try await Self.print(message, registry: registry, avro: avro, protobuf: protobuf)
                do {
                    try await consumer.commit(message)
                } catch let error as KafkaError where error.isStalePartition {
                    // A rebalance moved the partition on while the record was printed: its new
                    // owner prints it again. Not a reason to stop.
                    printError("schemawire: warning: \(message.topic)[\(message.partition)]@\(message.offset) not committed: \(error)")
                } catch {
                    throw CommandFailure.badInput("\(error)")
                }
                printed += 1
                if let count, printed >= count { break }
            }
            return printed
        }
        let watchdog = timeout.map { limit in
            Task {
                while !Task.isCancelled, idle.secondsSinceTouch < limit { try? await Task.sleep(for: .milliseconds(100)) }
                if !Task.isCancelled { loop.cancel() }
            }
        }
        let printed = try await loop.value
        watchdog?.cancel()
        if let timeout, let count, printed < count, idle.secondsSinceTouch >= timeout {
            throw CommandFailure.badInput("timed out: no record for \(timeout) s (\(printed) of \(count) printed)")
        }
    }

    /// Prints one record as a JSON line.
    static func print(
        _ message: KafkaConsumerMessage, registry: SchemaRegistryClient, avro: KafkaAvroValueDeserializer, protobuf: KafkaProtobufValueDeserializer
    ) async throws {
        var object: [(String, JSONValue)] = [
            ("topic", .string(message.topic)), ("partition", .integer(message.partition)), ("offset", .integer(message.offset)),
            ("key", message.key.map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null),
            ("headers", .object(.init(message.headers.map { ($0.key, headerJSON($0)) }, uniquingKeysWith: { _, last in last }))),
        ]
        do {
            object.append(("value", try await valueJSON(message, registry: registry, avro: avro, protobuf: protobuf)))
        } catch {
            throw CommandFailure.badInput("\(error)")
        }
        Swift.print(JSONValue.object(.init(uniqueKeysWithValues: object)).serialized())
        fflush(nil)
    }

    /// A header value as text; the binary schema-id headers of header framing as the GUID or id they name.
    static func headerJSON(_ header: KafkaHeader) -> JSONValue {
        guard let value = header.value else { return .null }
        if header.key == ConfluentFraming.valueSchemaIDHeader || header.key == ConfluentFraming.keySchemaIDHeader,
            let frame = try? ConfluentFraming.readFrame(value)
        {
            switch frame.schema {
            case let .guid(guid): return .string(guid.description)
            case let .id(id): return .string(String(id))
            }
        }
        return .string(String(decoding: value, as: UTF8.self))
    }

    /// The record value as JSON in its writer schema's language (null for a tombstone).
    static func valueJSON(
        _ message: KafkaConsumerMessage, registry: SchemaRegistryClient, avro: KafkaAvroValueDeserializer, protobuf: KafkaProtobufValueDeserializer
    ) async throws -> JSONValue {
        guard let writer = try message.writerSchemaIdentifier() else { return .null }
        if try await registry.schema(writer).type == .protobuf {
            guard let decoded = try await protobuf.deserialize(message) else { return .null }
            return try decoded.schema.json(decoded.message, as: decoded.messageName)
        }
        guard let (value, schema) = try await avro.deserialize(message) else { return .null }
        return try value.avroJSON(schema: schema)
    }
}

/// When the consumer last saw a record, for `--timeout`.
final class IdleClock: Sendable {
    private let last = Mutex(ContinuousClock.now)

    func touch() { last.withLock { $0 = .now } }

    var secondsSinceTouch: Double {
        let elapsed = ContinuousClock.now - last.withLock { $0 }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
