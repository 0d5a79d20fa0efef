import Foundation
import SchemaWireCore
import SchemaWireKafka
import SchemaWireTestSupport
import XCTest

/// Ctrl-C on `produce` and `consume`: what was read is delivered, what was printed is committed,
/// the run says so and exits 128 + the signal.
final class InterruptTests: XCTestCase {
    func orderLine(_ index: Int) throws -> String {
        try String(contentsOfFile: CommandRunner.repositoryPath("schemas/orders/order-example.json"), encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "user-42", with: "user-\(index)")
    }

    /// stdin stays open (a terminal, a tail): SIGINT stops the wait for more input, and every line
    /// read before it is on the topic, no more and no fewer.
    func testSigintOnProduceDeliversWhatWasReadAndSaysSo() async throws {
        let registry = try await TestRegistry.start()
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("typed", partitions: 1)
        let produce = try CommandRunner.start([
            "produce", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "typed",
            "--value-schema", CommandRunner.repositoryPath("schemas/orders/order-v1.avsc"),
        ])
        try produce.write((0..<300).map(orderLine).joined(separator: "\n") + "\n")
        // Once another reader sees all 300 records, every line has been read and delivered.
        let seen = try CommandRunner.run([
            "consume", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "typed", "--group", "watcher",
            "--from-beginning", "--count", "300", "--timeout", "60", "-X", "session.timeout.ms=6000",
        ])
        XCTAssertEqual(seen.status, 0, seen.stderr)
        let status = produce.stop(SIGINT)
        let stderr = produce.output.stderr.joined(separator: "\n")
        XCTAssertEqual(status, 128 + SIGINT, stderr)
        let summary = try XCTUnwrap(
            stderr.firstMatch(of: /interrupted by SIGINT after stdin line (\d+): (\d+) record\(s\) delivered to typed/), stderr)
        XCTAssertEqual(summary.1, "300", "all 300 lines were read before the signal")
        XCTAssertEqual(summary.2, "300", "every line read was delivered")

        // The next record lands at offset 300: exactly the delivered records are on the topic.
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        let next = try await producer.send(topic: "typed", key: nil, value: [0])
        await producer.close()
        await registry.stop()
        cluster.close()
        XCTAssertEqual(next.offset, 300)
    }

    /// A consumer without --count is stopped by SIGINT: what it printed is committed, so the group
    /// goes on after it, and it leaves the group on the way out.
    func testSigintOnConsumeCommitsWhatWasPrintedAndLeavesTheGroup() async throws {
        let registry = try await TestRegistry.start()
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("orders", partitions: 3)
        let schema = CommandRunner.repositoryPath("schemas/orders/order-v1.avsc")
        let produced = try CommandRunner.run(
            ["produce", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "orders", "--value-schema", schema, "--key-field", "userId"],
            input: Array(((0..<250).map(orderLine).joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(produced.status, 0, produced.stderr)

        let consume = try CommandRunner.start([
            "consume", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "orders", "--group", "reader",
            "--from-beginning", "-X", "session.timeout.ms=6000",
        ])
        try consume.waitUntil("250 records on stdout", seconds: 60) { stdout, _ in stdout.count >= 250 }
        let status = consume.stop(SIGINT)
        let (stdout, stderr) = consume.output
        XCTAssertEqual(status, 128 + SIGINT, stderr.joined(separator: "\n"))
        XCTAssertEqual(stdout.count, 250)
        XCTAssertTrue(stderr.contains { $0.contains("interrupted by SIGINT: 250 record(s) printed and committed; left group reader") }, "\(stderr)")
        XCTAssertTrue(stderr.contains { $0.hasPrefix("schemawire: assigned orders[0,1,2]") }, "\(stderr)")

        // The group's offsets are the partitions' ends: a member that joins next reads nothing old.
        let check = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: "reader", sessionTimeoutMilliseconds: 6000))
        let partitions = (0..<3).map { KafkaTopicPartition(topic: "orders", partition: Int32($0)) }
        let committed = try await check.committedOffsets(partitions)
        await check.close()
        await registry.stop()
        cluster.close()
        XCTAssertEqual(committed.values.reduce(0, +), 250, "\(committed)")
    }
}
