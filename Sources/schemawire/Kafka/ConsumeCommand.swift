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

    @Option(help: "The consumer group. Without it, read the topic's partitions (-p) from -o on, as kcat does, committing nothing.")
    var group: String?

    @Option(name: [.customShort("p"), .customLong("partition")], help: "Without --group: a partition to read (repeat; default: all).")
    var partitions: [Int32] = []

    @Option(name: [.customShort("o"), .customLong("offset")], parsing: .unconditional, help: "Without --group: where to start: beginning (default), end, N, -N (the last N records), @TIMESTAMP_MS.")
    var offset: String?

    @Flag(name: [.customShort("e"), .customLong("exit-at-end")], help: "Without --group: exit once every partition read is read to its end.")
    var exitAtEnd = false

    @Option(help: "Stop after this many records.")
    var count: Int?

    @Flag(help: "Start from the earliest offset when the group has none (default: only new records).")
    var fromBeginning = false

    func validate() throws {
        if group != nil, !partitions.isEmpty || offset != nil || exitAtEnd {
            throw ValidationError("-p, -o and -e read without a group: leave out --group (a group's partitions and offsets are the group's)")
        }
        if group == nil, fromBeginning { throw ValidationError("--from-beginning is for groups; without --group, -o beginning (the default)") }
        if let offset { _ = try Self.startOffset(offset) }
    }

    /// `-o`'s forms as a start offset.
    static func startOffset(_ text: String) throws -> KafkaStartOffset {
        switch text {
        case "beginning": return .beginning
        case "end": return .end
        default:
            if text.hasPrefix("@"), let milliseconds = Int64(text.dropFirst()) { return .timestamp(milliseconds: milliseconds) }
            if text.hasPrefix("-"), let count = Int64(text.dropFirst()), count > 0 { return .fromEnd(count) }
            if let offset = Int64(text), offset >= 0 { return .offset(offset) }
            throw ValidationError("-o \(text): expected beginning, end, N, -N or @TIMESTAMP_MS")
        }
    }

    @Flag(help: "Print Avro logical types readably: decimals as digits (a string), dates, times and timestamps in ISO 8601, durations as objects.")
    var logical = false

    @Option(help: "Give up (exit 2) when no record arrives for this many seconds (default: wait forever).")
    var timeout: Double?

    /// How often printed records' offsets are committed while records keep coming (and always on
    /// exit and before a revocation).
    static let commitInterval: Duration = .seconds(1)

    func run() async throws {
        let resolved = try connection.resolved()
        let (kafka, registry) = (resolved.kafka, resolved.registry)
        let decoders = RecordDecoders(registry: registry, logical: logical)
        let consumer: KafkaConsumer
        do {
            // Without a group, the id only names the client: nothing joins a group or commits.
            consumer = try KafkaConsumer(configuration: .init(
                bootstrapServers: kafka.bootstrap, groupID: group ?? "schemawire-reader",
                autoOffsetReset: fromBeginning ? .earliest : .latest, properties: kafka.properties))
            if group != nil { try consumer.subscribe(topics: [topic]) }
        } catch {
            // A KafkaError (typed throws); `catch let error as KafkaError` here crashes Swift 6.3's SIL verifier.
            throw CommandFailure.badInput(error.description)
        }
        var ends: [KafkaTopicPartition: Int64]?
        if group == nil {
            do {
                ends = try await readWithoutGroup(consumer, kafka: kafka)
            } catch let error as KafkaError {
                await consumer.close()
                throw CommandFailure.badInput(error.description)
            }
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
        let commits = group != nil
        let loop = Task { () async throws -> Int in
            var output = PrintedRecords(consumer: consumer, commits: commits)
            let progress = ProgressLine(verb: "consumed")
            // With -e, the partitions not yet read to the end they had when reading began.
            var unfinished = ends ?? [:]
            do {
                if ends == nil || !unfinished.isEmpty {
                    for try await message in consumer.messages {
                        idle.touch()
                        output.append(message, line: try await Self.line(message, decoders: decoders))
                        let partition = KafkaTopicPartition(topic: message.topic, partition: message.partition)
                        if let end = unfinished[partition], message.offset + 1 >= end { unfinished[partition] = nil }
                        let done = (count.map { output.printed >= $0 } ?? false) || (ends != nil && unfinished.isEmpty)
                        if done || output.isFull || consumer.bufferedMessageCount == 0 {
                            try output.flush()
                            progress.report(output.printed)
                        }
                        if done { break }
                    }
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
            while commits, !Task.isCancelled {
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
            let committed = group.map { "printed and committed; left group \($0)" } ?? "printed"
            printError("schemawire: interrupted by \(ShutdownSignals.name(signal)): \(printed) record(s) \(committed)")
            throw ExitCode(128 + signal)
        }
        if let timeout, let count, printed < count, idle.secondsSinceTouch >= timeout {
            throw CommandFailure.badInput("timed out: no record for \(timeout) s (\(printed) of \(count) printed)")
        }
        printError("schemawire: consumed \(printed) record(s) from \(topic)")
    }

    /// Assigns the partitions to read without a group, each from `-o`; with `-e`, the end of each
    /// partition that has records left to read.
    func readWithoutGroup(_ consumer: KafkaConsumer, kafka: KafkaSettings) async throws -> [KafkaTopicPartition: Int64]? {
        let start = try offset.map(Self.startOffset) ?? .beginning
        var numbers = partitions
        if numbers.isEmpty {
            let admin = try KafkaAdmin(bootstrapServers: kafka.bootstrap, properties: kafka.properties)
            defer { admin.close() }
            numbers = try await admin.partitions(of: topic).map(\.id)
        }
        let starts = try await consumer.assign(Dictionary(uniqueKeysWithValues: numbers.map { (KafkaTopicPartition(topic: topic, partition: $0), start) }))
        guard exitAtEnd else { return nil }
        var ends: [KafkaTopicPartition: Int64] = [:]
        for (partition, start) in starts {
            let (low, high) = try await consumer.watermarks(of: partition)
            let first: Int64
            switch start {
            case .beginning: first = low
            case .end, .timestamp: first = high
            case let .offset(offset): first = max(offset, low)
            case let .fromEnd(count): first = max(high - count, low)
            }
            if first < high { ends[partition] = high }
        }
        return ends
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
    static func line(_ message: KafkaConsumerMessage, decoders: RecordDecoders) async throws -> String {
        var line = #"{"topic":"#
        JSONValue.writeString(message.topic, to: &line)
        line += #","partition":\#(message.partition),"offset":\#(message.offset),"key":"#
        do {
            if let key = message.key {
                if try await !decoders.appendKey(message, to: &line) { JSONValue.writeString(String(decoding: key, as: UTF8.self), to: &line) }
            } else {
                line += "null"
            }
            line += #","headers":"#
            line += JSONValue.object(.init(message.headers.map { ($0.key, headerJSON($0)) }, uniquingKeysWith: { _, last in last })).serialized()
            line += #","value":"#
            try await decoders.append(message, isKey: false, to: &line)
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
    /// False when reading without a group: nothing is stored or committed.
    let commits: Bool
    private var output = OutputBuffer()
    private var unwritten: [KafkaConsumerMessage] = []
    /// Records appended so far.
    private(set) var printed = 0

    init(consumer: KafkaConsumer, commits: Bool) {
        self.consumer = consumer
        self.commits = commits
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
        let (consumer, unwritten, commits) = (self.consumer, self.unwritten, self.commits)
        defer { self.unwritten.removeAll(keepingCapacity: true) }
        try output.flush { lines throws in
            if commits { try Self.store(unwritten[stored..<stored + lines], in: consumer) }
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
