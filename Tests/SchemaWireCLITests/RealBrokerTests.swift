import Foundation
import SchemaWireCore
import SchemaWireTestSupport
import XCTest

/// The Kafka path against a real Kafka-protocol broker (tansu, started per test): topic
/// administration, per-key ordering, at-least-once delivery across a consumer restart, and a
/// consumer-group rebalance between two consumers.
final class RealBrokerTests: XCTestCase {
    var broker: TestBroker!
    var registry: TestRegistry!

    override func setUp() async throws {
        broker = try TestBroker.start()
        registry = try await TestRegistry.start()
    }

    override func tearDown() async throws {
        broker?.stop()
        await registry?.stop()
    }

    let schemas = CommandRunner.repositoryPath("schemas/orders")

    func produce(topic: String, count: Int, users: Int = 5) throws {
        let lines = (0..<count).map { #"{"eventId":"e-\#($0)","orderId":"o-\#($0)","userId":"user-\#($0 % users)","totalCents":"\#($0 + 1)"}"# }
        let produced = try TestBroker.runCLI(
            [
                "produce", "--bootstrap", broker.bootstrapServers, "--registry", registry.url, "--topic", topic,
                "--value-schema", schemas + "/order_events.proto", "-I", schemas, "--key-field", "user_id",
            ],
            input: Array((lines.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(produced.status, 0, produced.stderr)
    }

    func consume(topic: String, group: String, count: Int?, timeout: Int = 30, extra: [String] = []) throws -> [JSONValue] {
        let (status, records, errors) = try Self.consume(
            bootstrap: broker.bootstrapServers, registry: registry.url, topic: topic, group: group, count: count, timeout: timeout, extra: extra)
        XCTAssertEqual(status, 0, errors)
        return records
    }

    static func consume(
        bootstrap: String, registry: String, topic: String, group: String, count: Int?, timeout: Int, extra: [String] = []
    ) throws -> (status: Int32, records: [JSONValue], errors: String) {
        var arguments = [
            "consume", "--bootstrap", bootstrap, "--registry", registry, "--topic", topic, "--group", group,
            "--from-beginning", "--timeout", String(timeout), "-X", "session.timeout.ms=6000",
        ]
        if let count { arguments += ["--count", String(count)] }
        let result = try TestBroker.runCLI(arguments + extra)
        return (result.status, try result.stdoutText.split(separator: "\n").map { try JSONValue(parsing: String($0)) }, result.stderr)
    }

    static func sequence(_ record: JSONValue) -> Int {
        Int(record.objectValue?["value"]?.objectValue?["orderId"]?.stringValue?.dropFirst(2) ?? "") ?? -1
    }

    /// Reading without a group from a timestamp (`-o @MS`): the broker finds the first record at or
    /// after it. (librdkafka's mock cluster does not answer ListOffsets by time; tansu reports a
    /// partition's end one short and answers a time after every record with offset 0, as
    /// confluent-kafka-python sees too, so `-e` and the end case are tested on the mock cluster.)
    func testReadingFromATimestampWithoutAGroup() throws {
        XCTAssertEqual(
            try TestBroker.runCLI(["topic", "create", "stamped", "--bootstrap", broker.bootstrapServers, "--partitions", "1", "--replication-factor", "1", "--profile", "development"]).status, 0)
        try produce(topic: "stamped", count: 3)
        let between = Int64(Date().timeIntervalSince1970 * 1000) + 1
        Thread.sleep(forTimeInterval: 0.01)  // the next records' timestamps come after `between`
        try produce(topic: "stamped", count: 2)
        func read(_ offset: String, count: Int) throws -> [Int64] {
            let result = try TestBroker.runCLI([
                "consume", "--bootstrap", broker.bootstrapServers, "--registry", registry.url, "--topic", "stamped", "-o", offset,
                "--count", String(count), "--timeout", "30",
            ])
            XCTAssertEqual(result.status, 0, result.stderr)
            return try result.stdoutText.split(separator: "\n").compactMap { try JSONValue(parsing: String($0)).objectValue?["offset"]?.int64Value }
        }
        XCTAssertEqual(try read("@0", count: 5), [0, 1, 2, 3, 4])
        XCTAssertEqual(try read("@\(between)", count: 2), [3, 4])
    }

    func testTopicAdministrationWithWarnings() throws {
        let created = try TestBroker.runCLI([
            "topic", "create", "payments", "--bootstrap", broker.bootstrapServers, "--partitions", "6", "--replication-factor", "1",
            "--config", "retention.ms=604800000", "--consumers", "8",
        ])
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertTrue(created.stderr.contains("6 partitions for 8 consumers"), created.stderr)
        XCTAssertTrue(created.stderr.contains("replication factor 1 in production"), created.stderr)
        XCTAssertTrue(created.stderr.contains("no min.insync.replicas"), created.stderr)
        let again = try TestBroker.runCLI(["topic", "create", "payments", "--bootstrap", broker.bootstrapServers, "--partitions", "6", "--replication-factor", "1"])
        XCTAssertEqual(again.status, 2)
        XCTAssertTrue(again.stderr.contains("creation of topic payments failed"), again.stderr)

        let described = try TestBroker.runCLI(["topic", "describe", "payments", "--bootstrap", broker.bootstrapServers])
        XCTAssertEqual(described.status, 0, described.stderr)
        let description = try JSONValue(parsing: described.stdoutText)
        XCTAssertEqual(description.objectValue?["partitions"], .number("6"))
        XCTAssertEqual(description.objectValue?["replicationFactor"], .number("1"))
        XCTAssertEqual(description.objectValue?["assignments"]?.arrayValue?.count, 6)

        XCTAssertEqual(try TestBroker.runCLI(["topic", "delete", "payments", "--bootstrap", broker.bootstrapServers]).status, 0)
        let gone = try TestBroker.runCLI(["topic", "describe", "payments", "--bootstrap", broker.bootstrapServers])
        XCTAssertEqual(gone.status, 2)
        XCTAssertTrue(gone.stderr.contains("Unknown topic"), gone.stderr)
    }

    func testPerKeyOrderAndAtLeastOnceAcrossAConsumerRestart() throws {
        XCTAssertEqual(
            try TestBroker.runCLI(["topic", "create", "orders", "--bootstrap", broker.bootstrapServers, "--partitions", "4", "--replication-factor", "1", "--profile", "development"]).status, 0)
        try produce(topic: "orders", count: 60)
        // The first consumer stops after 25 records (each committed after printing); a restarted
        // consumer in the same group continues from the committed offsets.
        let first = try consume(topic: "orders", group: "projector", count: 25)
        let second = try consume(topic: "orders", group: "projector", count: 35)
        let all = first + second
        XCTAssertEqual(all.count, 60)
        XCTAssertEqual(Set(all.map(Self.sequence)), Set(0..<60), "every record delivered once across the restart")
        // Records of one key share a partition and arrive in the order produced.
        var lastByUser: [String: (partition: JSONValue, sequence: Int)] = [:]
        for record in all {
            guard let user = record.objectValue?["key"]?.stringValue, let partition = record.objectValue?["partition"] else { continue }
            if let last = lastByUser[user] {
                XCTAssertEqual(partition, last.partition, "\(user) moved partitions")
                XCTAssertGreaterThan(Self.sequence(record), last.sequence, "\(user) out of order")
            }
            lastByUser[user] = (partition, Self.sequence(record))
        }
        XCTAssertEqual(lastByUser.count, 5)
    }

    /// `produce --transactional-id` commits or aborts all of stdin as one transaction. tansu does
    /// not filter aborted records for read_committed consumers (Confluent's own Python client sees
    /// them too), but it writes each transaction's control marker: 5 records and a marker per
    /// transaction put the records at 0-4, 6-10, 12-16 and 18-22 and the end of the log at 24. An
    /// abort that sent nothing would leave the last transaction open, without its marker (end 23).
    /// Invisibility under read_committed needs another broker.
    func testTransactionsCommitAndAbortAgainstTheBroker() throws {
        XCTAssertEqual(
            try TestBroker.runCLI(["topic", "create", "ledger", "--bootstrap", broker.bootstrapServers, "--partitions", "1", "--replication-factor", "1", "--profile", "development"]).status, 0)
        for (first, abort) in [(0, false), (5, true), (10, false), (15, true)] {
            let lines = (first..<first + 5).map { #"{"eventId":"e-\#($0)","orderId":"o-\#($0)","userId":"user-\#($0 % 5)"}"# }
            let produced = try TestBroker.runCLI(
                [
                    "produce", "--bootstrap", broker.bootstrapServers, "--registry", registry.url, "--topic", "ledger",
                    "--value-schema", schemas + "/order_events.proto", "-I", schemas, "--transactional-id", "ledger-writer",
                ] + (abort ? ["--abort"] : []),
                input: Array((lines.joined(separator: "\n") + "\n").utf8))
            XCTAssertEqual(produced.status, 0, produced.stderr)
            XCTAssertTrue(produced.stderr.contains("\(abort ? "aborted" : "committed") transaction ledger-writer"), produced.stderr)
        }
        let everything = try consume(topic: "ledger", group: "uncommitted", count: 20, extra: ["-X", "isolation.level=read_uncommitted"])
        XCTAssertEqual(everything.map(Self.sequence), Array(0..<20), "one partition: the log holds all four transactions in order")
        XCTAssertEqual(everything.compactMap { $0.objectValue?["offset"]?.int64Value }, [Int64(0), 6, 12, 18].flatMap { $0..<$0 + 5 }, "a marker after each transaction")
        let end = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), [
            "python3", "-c",
            "import sys, confluent_kafka as k; c = k.Consumer({'bootstrap.servers': sys.argv[1], 'group.id': 'watermarks', 'isolation.level': 'read_uncommitted'}); print(c.get_watermark_offsets(k.TopicPartition('ledger', 0), timeout=10)[1])",
            broker.bootstrapServers,
        ])
        XCTAssertEqual(end.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines), "24", "the final abort wrote its marker: \(end.stderr)")
        let usage = try TestBroker.runCLI(["produce", "--bootstrap", broker.bootstrapServers, "--registry", registry.url, "--topic", "ledger", "--value-schema", schemas + "/order_events.proto", "--abort"])
        XCTAssertEqual(usage.status, 2, "--abort without --transactional-id is a usage error: \(usage.stderr)")
    }

    func testTwoConsumersShareTheTopicAfterARebalance() throws {
        XCTAssertEqual(
            try TestBroker.runCLI(["topic", "create", "events", "--bootstrap", broker.bootstrapServers, "--partitions", "6", "--replication-factor", "1", "--profile", "development"]).status, 0)
        func start() throws -> RunningProcess {
            try TestBroker.startCLI([
                "consume", "--bootstrap", broker.bootstrapServers, "--registry", registry.url, "--topic", "events", "--group", "shared",
                "--from-beginning", "-X", "session.timeout.ms=6000",
            ])
        }
        /// The partitions a consumer owns now, from the rebalances it reported on stderr.
        func owned(_ stderr: [String]) -> Set<Int> {
            var partitions = Set<Int>()
            for line in stderr {
                guard let match = line.firstMatch(of: /schemawire: (assigned|revoked) events\[([0-9,]+)\]/) else { continue }
                let changed = Set(match.2.split(separator: ",").compactMap { Int($0) })
                if match.1 == "assigned" { partitions.formUnion(changed) } else { partitions.subtract(changed) }
            }
            return partitions
        }
        let first = try start()
        try first.waitUntil("the first consumer's assignment", seconds: 60) { _, stderr in owned(stderr).count == 6 }
        let second = try start()
        // The rebalance is over when the two own all six partitions between them, none twice.
        try first.waitUntil("the partitions shared by both consumers", seconds: 60) { _, stderr in
            let (a, b) = (owned(stderr), owned(second.output.stderr))
            return !a.isEmpty && !b.isEmpty && a.isDisjoint(with: b) && a.union(b).count == 6
        }
        try produce(topic: "events", count: 90, users: 30)
        try first.waitUntil("all 90 records printed", seconds: 60) { stdout, _ in stdout.count + second.output.stdout.count >= 90 }
        first.stop(SIGINT)
        second.stop(SIGINT)
        let a = try first.output.stdout.map { try JSONValue(parsing: $0) }
        let b = try second.output.stdout.map { try JSONValue(parsing: $0) }
        XCTAssertGreaterThan(a.count, 0, "the first consumer got partitions")
        XCTAssertGreaterThan(b.count, 0, "the second consumer got partitions after the rebalance")
        XCTAssertEqual(a.count + b.count, 90)
        XCTAssertEqual(Set((a + b).map(Self.sequence)), Set(0..<90), "nothing lost, nothing delivered twice")
        let partitionsA = Set(a.compactMap { $0.objectValue?["partition"] })
        let partitionsB = Set(b.compactMap { $0.objectValue?["partition"] })
        XCTAssertTrue(partitionsA.isDisjoint(with: partitionsB), "each partition has one owner")
    }

    /// The README's main job on the broker: keyed producing, an idempotent group consumer with
    /// batched commits, the poison record dead-lettered, and the breaking schema refused.
    func testDemoRunsOnTheBroker() throws {
        let result = try TestBroker.runCLI(["demo", "--orders", "400", "--bootstrap", broker.bootstrapServers])
        XCTAssertEqual(result.status, 0, result.stderr + result.stdoutText)
        for line in ["Kafka at \(broker.bootstrapServers) (broker)", "per-user order preserved for all 200 users: yes",
                     "400 produced, 399 handled once, 1 duplicate skipped, 1 in orders.dlq, breaking change refused"] {
            XCTAssertTrue(result.stdoutText.contains(line), "missing \"\(line)\" in:\n\(result.stdoutText)")
        }
        // The topics exist now, so a second run refuses to start rather than mix its records in.
        let again = try TestBroker.runCLI(["demo", "--orders", "10", "--bootstrap", broker.bootstrapServers])
        XCTAssertEqual(again.status, 2, again.stdoutText)
        XCTAssertTrue(again.stderr.contains("orders"), again.stderr)
    }
}
