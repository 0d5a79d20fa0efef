import Foundation
import SchemaWireCore
import SchemaWireKafka
import SchemaWireTestSupport
import XCTest

/// `schemawire consume` without `--group`: kcat's reading of chosen partitions from a chosen
/// offset (`-p`, `-o`), `-e` to stop at the end, nothing committed.
final class ReadWithoutGroupTests: XCTestCase {
    func testPartitionsOffsetsAndExitAtEnd() async throws {
        let registry = try await TestRegistry.start()
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("log", partitions: 2)
        let example = try String(contentsOfFile: CommandRunner.repositoryPath("schemas/orders/order-example.json"), encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ")
        // Keys user-0 and user-1, five records each: each key's records share a partition.
        let lines = (0..<10).map { example.replacingOccurrences(of: "user-42", with: "user-\($0 % 2)").replacingOccurrences(of: "leave at the door", with: "n\($0)") }
        let produced = try CommandRunner.run(
            ["produce", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "log",
             "--value-schema", CommandRunner.repositoryPath("schemas/orders/order-v1.avsc"), "--key-field", "userId"],
            input: Array((lines.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(produced.status, 0, produced.stderr)

        func read(_ options: [String]) throws -> [JSONValue] {
            let result = try CommandRunner.run(
                ["consume", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "log", "--timeout", "30"] + options)
            XCTAssertEqual(result.status, 0, "\(options): \(result.stderr)")
            return try result.stdoutText.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        }
        func notes(_ records: [JSONValue]) -> [String] {
            records.compactMap { $0.objectValue?["value"]?.objectValue?["note"]?.objectValue?["string"]?.stringValue }
        }
        func offsets(_ records: [JSONValue]) -> [Int64] { records.compactMap { $0.objectValue?["offset"]?.int64Value } }

        let all = try read(["-e"])
        XCTAssertEqual(Set(notes(all)), Set((0..<10).map { "n\($0)" }), "every record, then the end")
        let partition = try XCTUnwrap(all.first?.objectValue?["partition"]?.int64Value)
        let mine = all.filter { $0.objectValue?["partition"]?.int64Value == partition }
        let count = Int64(mine.count)
        XCTAssertEqual(offsets(mine), (0..<count).map { $0 })

        let lastTwo = try read(["-p", String(partition), "-o", "-2", "-e"])
        XCTAssertEqual(offsets(lastTwo), [count - 2, count - 1])
        XCTAssertEqual(notes(lastTwo), Array(notes(mine).suffix(2)))
        XCTAssertEqual(offsets(try read(["-p", String(partition), "-o", String(count - 1), "-e"])), [count - 1])
        XCTAssertEqual(try read(["-o", "end", "-e"]).count, 0, "nothing after the end")

        let mixed = try CommandRunner.run(["consume", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "log", "--group", "g", "-p", "0"])
        XCTAssertNotEqual(mixed.status, 0)
        XCTAssertTrue(mixed.stderr.contains("leave out --group"), mixed.stderr)
        let badOffset = try CommandRunner.run(["consume", "--bootstrap", cluster.bootstrapServers, "--registry", registry.url, "--topic", "log", "-o", "soon"])
        XCTAssertNotEqual(badOffset.status, 0)
        XCTAssertTrue(badOffset.stderr.contains("expected beginning, end, N, -N or @TIMESTAMP_MS"), badOffset.stderr)
        await registry.stop()
        cluster.close()
    }
}
