import ArgumentParser
import Foundation
import SchemaWireKafka

/// One library member of the consumer SIGKILL harness (`scripts/faults consumer`): it consumes a
/// topic in a group through an ``IdempotentConsumer`` on a processed-event store the members share,
/// committing each record, and appends to its log with one `write(2)` per line, so that what it
/// did before a SIGKILL is all there:
///
///     ran PARTITION OFFSET EVENT          the handler's effect (after --delay-milliseconds of work)
///     ok PARTITION OFFSET EVENT OUTCOME   what handle(_:handler:) answered
///     assigned|revoked P,P,...            rebalances, as they took effect
///     trace ...                           each step before and after it (handle, claim, mark,
///                                         the handler's wait), so that a member that stops
///                                         shows where
@main
struct ConsumerFaultMember: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "consumer-fault-member")

    @Option(help: "Kafka bootstrap servers.")
    var bootstrap: String

    @Option(help: "The topic.")
    var topic: String

    @Option(help: "The consumer group.")
    var group: String

    @Option(help: "The SQLite processed-event store the members share.")
    var store: String

    @Option(help: "The file this member appends its lines to.")
    var log: String

    @Option(help: "How long each handler run works before its effect, in milliseconds.")
    var delayMilliseconds = 0

    /// How the handler spends its delay.
    enum Wait: String, ExpressibleByArgument {
        /// `Task.sleep`.
        case task
        /// A continuation resumed by `DispatchQueue.asyncAfter`.
        case dispatch
        /// `usleep` on the task's thread.
        case block
    }

    @Option(help: "How the handler waits: task (Task.sleep), dispatch (asyncAfter) or block (usleep).")
    var wait = Wait.task

    @Option(help: "How long a claim holds other members off, in seconds.")
    var claimLease = 10

    @Option(name: .customShort("X"), parsing: .unconditionalSingleValue, help: "A librdkafka property, name=value.")
    var properties: [String] = []

    func run() async throws {
        let log = try AppendOnlyLog(path: self.log)
        var librdkafka: [String: String] = [:]
        for property in properties {
            let parts = property.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("-X \(property): expected name=value") }
            librdkafka[parts[0]] = parts[1]
        }
        let consumer = try KafkaConsumer(configuration: .init(
            bootstrapServers: bootstrap, groupID: group, sessionTimeoutMilliseconds: 6000, properties: librdkafka))
        let rebalances = Task {
            for await event in consumer.rebalanceEvents {
                switch event {
                case let .assigned(partitions): log.append("assigned \(partitions.map { String($0.partition) }.joined(separator: ","))")
                case let .revoked(partitions, _, _): log.append("revoked \(partitions.map { String($0.partition) }.joined(separator: ","))")
                }
            }
        }
        defer { rebalances.cancel() }
        try consumer.subscribe(topics: [topic])
        let idempotent = IdempotentConsumer(
            consumer: consumer, store: TracingStore(base: try SQLiteProcessedEventStore(path: store), log: log), claimLease: .seconds(claimLease))
        let delay = Duration.milliseconds(delayMilliseconds)
        for try await message in consumer.messages {
            let event = message.header(idempotent.eventIDHeader) ?? "-"
            let place = "\(message.partition) \(message.offset) \(event)"
            log.append("trace handle> \(place)")
            let outcome = try await idempotent.handle(message) { _ in
                log.append("trace sleep> \(place)")
                switch wait {
                case .task: try await Task.sleep(for: delay)
                case .dispatch:
                    await withCheckedContinuation { continuation in
                        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(delayMilliseconds)) { continuation.resume() }
                    }
                case .block: usleep(UInt32(delayMilliseconds * 1000))
                }
                log.append("ran \(place)")
            }
            log.append("ok \(place) \(outcome)")
        }
    }
}

/// A file opened for appending, written one line per `write(2)`: nothing is buffered in the
/// process, so a SIGKILL loses no line already appended.
final class AppendOnlyLog: Sendable {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw ValidationError("cannot open \(path): \(String(cString: strerror(errno)))") }
    }

    func append(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    deinit { close(descriptor) }
}

/// The shared store, with each claim and mark traced before and after it.
struct TracingStore: ProcessedEventStore {
    let base: SQLiteProcessedEventStore
    let log: AppendOnlyLog

    func claim(_ eventID: String, group: String, lease: Duration) async throws -> ProcessedEventClaim {
        log.append("trace claim> \(eventID)")
        let result = try await base.claim(eventID, group: group, lease: lease)
        log.append("trace claim< \(eventID) \(result)")
        return result
    }

    func markProcessed(_ eventID: String, group: String) async throws {
        log.append("trace mark> \(eventID)")
        try await base.markProcessed(eventID, group: group)
        log.append("trace mark< \(eventID)")
    }

    func release(_ eventID: String, group: String) async throws {
        try await base.release(eventID, group: group)
    }
}
