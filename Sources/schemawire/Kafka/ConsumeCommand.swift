import ArgumentParser
import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireKafka

/// `schemawire consume`: records → one JSON object per line, committing after printing.
struct ConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Print records as JSON lines ({topic, partition, offset, key, headers, value}); commit after printing.",
        discussion: "value is Avro JSON per the writer's schema. Without --count, runs until interrupted."
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

    func run() async throws {
        let deserializer = KafkaAvroValueDeserializer(registry: try connection.registryClient())
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
        var printed = 0
        guard count.map({ $0 > 0 }) ?? true else { return }
        for try await message in consumer.messages {
            var object: [(String, JSONValue)] = [
                ("topic", .string(message.topic)), ("partition", .integer(message.partition)), ("offset", .integer(message.offset)),
                ("key", message.key.map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null),
                ("headers", .object(.init(message.headers.map { ($0.key, $0.value.map { JSONValue.string(String(decoding: $0, as: UTF8.self)) } ?? .null) }, uniquingKeysWith: { _, last in last }))),
            ]
            do {
                if let (value, schema) = try await deserializer.deserialize(message) {
                    object.append(("value", try value.avroJSON(schema: schema)))
                } else {
                    object.append(("value", .null))
                }
            } catch {
                throw CommandFailure.badInput("\(error)")
            }
            print(JSONValue.object(.init(uniqueKeysWithValues: object)).serialized())
            fflush(nil)
            do { try await consumer.commit(message) } catch { throw CommandFailure.badInput(error.description) }
            printed += 1
            if let count, printed >= count { break }
        }
    }
}
