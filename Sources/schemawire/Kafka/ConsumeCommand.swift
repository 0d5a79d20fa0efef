import ArgumentParser
import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireKafka
import SchemaWireRegistry
import Synchronization

/// `schemawire consume`: records → one JSON object per line, committing what was printed.
struct ConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Print records as JSON lines ({topic, partition, offset, key, headers, value}); commit what was printed.",
        discussion: """
            value is Avro JSON or Protobuf JSON per the writer's schema. Output is written in batches, flushed whenever \
            no record is waiting; the offsets of written records are committed every second, before partitions are \
            revoked, and on exit. Rebalances and progress go to stderr. Without --count, runs until interrupted: \
            SIGINT or SIGTERM writes and commits what was read, leaves the group, and exits 128 + the signal.
            """
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

    /// How often printed records' offsets are committed while records keep coming (and always on
    /// exit and before a revocation).
    static let commitInterval: Duration = .seconds(1)

    func run() async throws {
        let registry = try connection.serde().registry
        let avro = KafkaAvroValueDeserializer(registry: registry)
        let protobuf = KafkaProtobufValueDeserializer(registry: registry)
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(configuration: .init(
                bootstrapServers: try connection.bootstrapServers(), groupID: group, autoOffsetReset: fromBeginning ? .earliest : .latest,
                properties: try connection.librdkafkaProperties()))
            try consumer.subscribe(topics: [topic])
        } catch let error as KafkaError {
            throw CommandFailure.badInput(error.description)
        }
        let rebalances = Task {
            for await event in consumer.rebalanceEvents { printError("schemawire: \(Self.describe(event))") }
        }
        defer { rebalances.cancel() }
        guard count.map({ $0 > 0 }) ?? true else {
            await consumer.close()
            return
        }
        let idle = IdleClock()
        let count = self.count
        let loop = Task { () async throws -> Int in
            var output = PrintedRecords(consumer: consumer)
            let progress = Progress(verb: "consumed")
            do {
                for try await message in consumer.messages {
                    idle.touch()
                    output.append(message, line: try await Self.line(message, registry: registry, avro: avro, protobuf: protobuf))
                    let done = count.map { output.printed >= $0 } ?? false
                    if done || output.isFull || consumer.bufferedMessageCount == 0 {
                        try output.flush()
                        progress.report(output.printed)
                    }
                    if done { break }
                }
                try output.flush()
            } catch is OutputBuffer.Closed {
                // The reader left (`| head`): what it was given is committed on close, the rest is not.
            }
            return output.printed
        }
        let watchdog = timeout.map { limit in
            Task {
                while !Task.isCancelled, idle.secondsSinceTouch < limit { try? await Task.sleep(for: .milliseconds(100)) }
                if !Task.isCancelled { loop.cancel() }
            }
        }
        // Commits what was written, once a second, apart from the loop: a flush into a slow pipe
        // can take long, and what it wrote so far is committed meanwhile.
        let commitFailure = Mutex<(any Error)?>(nil)
        let committer = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.commitInterval)
                do {
                    try await Self.commit(consumer)
                } catch {
                    commitFailure.withLock { $0 = error }
                    loop.cancel()
                    return
                }
            }
        }
        let interruption = Mutex<Int32?>(nil)
        let signals = ShutdownSignals { number in
            interruption.withLock { $0 = number }
            loop.cancel()
        }
        let outcome = await loop.result
        watchdog?.cancel()
        committer.cancel()
        // Commits every stored offset and leaves the group, so that the partitions move at once.
        await consumer.close()
        withExtendedLifetime(signals) {}
        if let failure = commitFailure.withLock({ $0 }) { throw failure }
        let printed = try outcome.get()
        if let signal = interruption.withLock({ $0 }) {
            printError("schemawire: interrupted by \(ShutdownSignals.name(signal)): \(printed) record(s) printed and committed; left group \(group)")
            throw ExitCode(128 + signal)
        }
        if let timeout, let count, printed < count, idle.secondsSinceTouch >= timeout {
            throw CommandFailure.badInput("timed out: no record for \(timeout) s (\(printed) of \(count) printed)")
        }
        printError("schemawire: consumed \(printed) record(s) from \(topic)")
    }

    /// Commits the stored offsets; a consumer that cannot commit says so and stops.
    static func commit(_ consumer: KafkaConsumer) async throws {
        do {
            try await consumer.commitStored()
        } catch {
            throw CommandFailure.badInput("commit failed: \(error)")
        }
    }

    /// A rebalance as a line for stderr.
    static func describe(_ event: KafkaRebalanceEvent) -> String {
        func list(_ partitions: [KafkaTopicPartition]) -> String {
            Dictionary(grouping: partitions, by: \.topic).sorted { $0.key < $1.key }.map { topic, partitions in
                "\(topic)[\(partitions.map(\.partition).sorted().map(String.init).joined(separator: ","))]"
            }.joined(separator: " ")
        }
        switch event {
        case let .assigned(partitions): return "assigned \(partitions.isEmpty ? "nothing" : list(partitions))"
        case let .revoked(partitions, committed, lost):
            return "revoked \(list(partitions))" + (lost ? " (lost: the group moved on)" : committed ? "" : " (offsets not committed)")
        }
    }

    /// One record as its JSON line: `{"topic","partition","offset","key","headers","value"}`.
    static func line(
        _ message: KafkaConsumerMessage, registry: SchemaRegistryClient, avro: KafkaAvroValueDeserializer, protobuf: KafkaProtobufValueDeserializer
    ) async throws -> String {
        var line = #"{"topic":"#
        JSONValue.writeString(message.topic, to: &line)
        line += #","partition":\#(message.partition),"offset":\#(message.offset),"key":"#
        if let key = message.key { JSONValue.writeString(String(decoding: key, as: UTF8.self), to: &line) } else { line += "null" }
        line += #","headers":"#
        line += JSONValue.object(.init(message.headers.map { ($0.key, headerJSON($0)) }, uniquingKeysWith: { _, last in last })).serialized()
        line += #","value":"#
        do {
            try await appendValue(message, to: &line, registry: registry, avro: avro, protobuf: protobuf)
        } catch {
            throw CommandFailure.badInput("\(error)")
        }
        line += "}"
        return line
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

    /// The record value as JSON text in its writer schema's language (null for a tombstone):
    /// Avro straight from the bytes, Protobuf through its JSON mapping.
    static func appendValue(
        _ message: KafkaConsumerMessage, to line: inout String, registry: SchemaRegistryClient, avro: KafkaAvroValueDeserializer,
        protobuf: KafkaProtobufValueDeserializer
    ) async throws {
        guard let writer = try message.writerSchemaIdentifier() else { return line += "null" }
        if try await registry.schema(writer).type == .protobuf {
            guard let decoded = try await protobuf.deserialize(message) else { return line += "null" }
            return line += try decoded.schema.json(decoded.message, as: decoded.messageName).serialized()
        }
        guard let (payload, schema) = try await avro.undecoded(message) else { return line += "null" }
        do {
            try schema.appendAvroJSON(decoding: payload, to: &line)
        } catch {
            throw KafkaError.serialization(topic: message.topic, partition: message.partition, offset: message.offset, message: error.description)
        }
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

/// Printed lines not yet written, and their records: a flush writes the lines, then stores the
/// records' offsets for the next commit, so that nothing is committed before it was written.
struct PrintedRecords {
    static let batchSize = 1000

    let consumer: KafkaConsumer
    private var output = OutputBuffer()
    private var unwritten: [KafkaConsumerMessage] = []
    /// Records appended so far.
    private(set) var printed = 0

    init(consumer: KafkaConsumer) {
        self.consumer = consumer
    }

    var isFull: Bool { unwritten.count >= Self.batchSize || output.count >= OutputBuffer.flushThreshold }

    mutating func append(_ message: KafkaConsumerMessage, line: String) {
        output.appendLine(line)
        unwritten.append(message)
        printed += 1
    }

    /// Writes the lines and, after each write, stores the offsets of the records it wrote, so that
    /// a commit during a long flush into a slow pipe covers what is through already.
    mutating func flush() throws {
        guard !unwritten.isEmpty else { return }
        var stored = 0
        let (consumer, unwritten) = (self.consumer, self.unwritten)
        defer { self.unwritten.removeAll(keepingCapacity: true) }
        try output.flush { lines throws in
            try Self.store(unwritten[stored..<stored + lines], in: consumer)
            stored += lines
        }
    }

    /// Stores the offset after each partition's last record among `messages`.
    static func store(_ messages: ArraySlice<KafkaConsumerMessage>, in consumer: KafkaConsumer) throws {
        var span: [KafkaTopicPartition: (first: Int64, last: KafkaConsumerMessage)] = [:]
        for message in messages {
            let partition = KafkaTopicPartition(topic: message.topic, partition: message.partition)
            span[partition] = (span[partition]?.first ?? message.offset, message)
        }
        for (partition, (first, last)) in span {
            do {
                try consumer.store(last)
            } catch where error.isStalePartition {
                // A rebalance moved the partition on while the records were printed: its new
                // owner prints them again. Not a reason to stop.
                let offsets = first == last.offset ? "\(first)" : "\(first)-\(last.offset)"
                printError("schemawire: warning: \(partition)@\(offsets) not committed: \(error)")
            } catch {
                throw CommandFailure.badInput("storing the offset of \(partition)@\(last.offset): \(error)")
            }
        }
    }
}
