import SchemaWireKafka
import Synchronization
import SchemaWireTestSupport
import XCTest

/// `KafkaProducer.send(_:topic:)`: a batch's reports come back in record order, a refused record
/// stops the batch there, and failed deliveries name their record.
final class BatchSendTests: XCTestCase {
    func records(_ range: Range<Int>, key: String? = "account-1", size: Int? = nil) -> [KafkaProducerRecord] {
        range.map { index in
            KafkaProducerRecord(key: key.map { Array($0.utf8) }, value: size.map { [UInt8](repeating: 1, count: $0) } ?? Array("\(index)".utf8))
        }
    }

    func testReportsComeBackInRecordOrder() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("ledger", partitions: 1)
        try cluster.createTopic("spread", partitions: 6)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        defer { producer.close() }

        let first = try await producer.send(records(0..<500), topic: "ledger")
        let second = try await producer.send(records(500..<800), topic: "ledger")
        XCTAssertEqual((first + second).map(\.offset), (0..<800).map(Int64.init))
        XCTAssertEqual(Set((first + second).map(\.topic)), ["ledger"])
        XCTAssertEqual(Set((first + second).map(\.partition)), [0])
        let empty = try await producer.send([], topic: "ledger")
        XCTAssertEqual(empty, [])

        // Keys spread over partitions: per partition, offsets follow the records' order.
        let keyed = (0..<600).map { KafkaProducerRecord(key: Array("user-\($0 % 37)".utf8), value: Array("\($0)".utf8)) }
        let reports = try await producer.send(keyed, topic: "spread")
        let byPartition = Dictionary(grouping: reports, by: \.partition)
        XCTAssertGreaterThan(byPartition.count, 1)
        for (partition, partitionReports) in byPartition {
            XCTAssertEqual(partitionReports.map(\.offset), (0..<Int64(partitionReports.count)).map { $0 }, "partition \(partition)")
        }
        // The same key always lands in the same partition.
        for (record, report) in zip(keyed, reports) {
            XCTAssertEqual(report.partition, reports[Int(String(decoding: record.key!, as: UTF8.self).dropFirst(5))!].partition)
        }
    }

    /// Batches enqueued back to back are in flight together, keep their order, and report as they
    /// land; a pending batch dropped unawaited is delivered all the same (its memory outlives it).
    func testEnqueuedBatchesAreInFlightTogetherAndMayBeDropped() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("ledger", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        defer { producer.close() }

        var pending: [KafkaPendingBatch] = []
        for start in stride(from: 0, to: 1000, by: 100) {
            let batch = await producer.enqueue(records(start..<start + 100), topic: "ledger")
            XCTAssertEqual(batch.count, 100)
            if start != 300 { pending.append(batch) }  // the fourth is dropped at once
        }
        var offsets: [Int64] = []
        for batch in pending { offsets += try await batch.reports().map(\.offset) }
        XCTAssertTrue(pending.allSatisfy(\.isComplete))
        XCTAssertEqual(offsets, Array(0..<300) + Array(400..<1000), "the dropped batch took offsets 300-399")
        let outcomes = await pending[0].outcomes()
        XCTAssertEqual(outcomes.compactMap { try? $0.get().offset }, Array(0..<100))
    }

    func testARefusedRecordStopsTheBatchThere() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("ledger", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers, properties: ["message.max.bytes": "4000"]))
        defer { producer.close() }

        let batch = records(0..<10) + records(10..<11, size: 8000) + records(11..<20)
        do {
            _ = try await producer.send(batch, topic: "ledger")
            XCTFail("an 8,000-byte record passed message.max.bytes=4000")
        } catch {
            let failure = try XCTUnwrap(KafkaError.caught(error))
            XCTAssertEqual(failure.kind, .delivery)
            XCTAssertEqual(failure.topic, "ledger")
            XCTAssertEqual(failure.code, .messageTooLarge)
            XCTAssertEqual(failure.code?.description, "MSG_SIZE_TOO_LARGE")
            let message = failure.message
            XCTAssertTrue(message.hasPrefix("record 10 of 20:"), message)
            XCTAssertTrue(message.lowercased().contains("too large"), message)
        }
        // Outcomes name every record: ten delivered, the refused one and the nine not sent after it.
        let outcomes = await producer.enqueue(batch, topic: "ledger").outcomes()
        XCTAssertEqual(outcomes.prefix(10).compactMap { try? $0.get().offset }, Array(10..<20))
        XCTAssertEqual(outcomes.suffix(10).filter { (try? $0.get()) == nil }.count, 10)
        // The ten records before it were delivered, none after it: the next batch starts at offset 10.
        let next = try await producer.send(records(0..<3), topic: "ledger")
        XCTAssertEqual(next.map(\.offset), [20, 21, 22])
    }

    func testUndeliveredRecordsFailTheBatchNamingTheFirst() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("ledger", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers, deliveryTimeoutMilliseconds: 1500))
        defer { producer.close() }
        _ = try await producer.send(records(0..<1), topic: "ledger")  // connected, producer id assigned

        cluster.setBroker(1, up: false)
        let start = ContinuousClock.now
        do {
            _ = try await producer.send(records(1..<6), topic: "ledger")
            XCTFail("delivered to a broker that is down")
        } catch {
            let failure = try XCTUnwrap(KafkaError.caught(error))
            XCTAssertEqual(failure.code?.description, "_MSG_TIMED_OUT")
            XCTAssertTrue(failure.message.hasPrefix("record 0 of 5:"), failure.message)
        }
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(10))
        cluster.setBroker(1, up: true)
    }

    func testAFullLocalQueueWaitsForRoom() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("ledger", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(
            bootstrapServers: cluster.bootstrapServers, properties: ["queue.buffering.max.messages": "16"]))
        defer { producer.close() }
        let reports = try await producer.send(records(0..<400), topic: "ledger")
        XCTAssertEqual(reports.map(\.offset), (0..<400).map(Int64.init))
    }

    /// Closing a producer with records still undelivered fails them instead of leaving their
    /// awaiting tasks suspended forever: a batch and a single delivery.
    func testClosingFailsWhatIsStillUndelivered() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("ledger", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        _ = try await producer.send(records(0..<1), topic: "ledger")
        cluster.setBroker(1, up: false)
        let single = try await producer.enqueue(topic: "ledger", key: nil, value: [1])
        let pending = records(0..<50)
        let batch = Outcome { try await producer.send(pending, topic: "ledger") }
        let report = Outcome { try await single.report() }
        try await Task.sleep(for: .milliseconds(300))
        let start = ContinuousClock.now
        await producer.close(timeout: .milliseconds(500))
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(5))

        guard let batchResult = try await batch.result(within: .seconds(10)) else { return XCTFail("the batch never reported after close") }
        guard case let .failure(error) = batchResult, let failure = KafkaError.caught(error), failure.kind == .delivery, let code = failure.code?.rawValue
        else { return XCTFail("a batch to a broker that is down: \(batchResult)") }
        let message = failure.message
        XCTAssertTrue([-152, -151].contains(code), "purge code, got \(code): \(message)")
        XCTAssertTrue(message.hasPrefix("record 0 of 50:"), message)
        guard let reportResult = try await report.result(within: .seconds(10)) else { return XCTFail("the record never reported after close") }
        guard case let .failure(reportError) = reportResult, let reportCode = KafkaError.caught(reportError)?.code?.rawValue else {
            return XCTFail("a record to a broker that is down: \(reportResult)")
        }
        XCTAssertTrue([-152, -151].contains(reportCode), "purge code, got \(reportCode)")
        do {
            _ = try await producer.send(records(0..<1), topic: "ledger")
            XCTFail("sent through a closed producer")
        } catch {
            XCTAssertEqual(KafkaError.caught(error), .closed)
        }
    }
}

/// Work started at once whose result is read with a deadline, so that a hang fails a test
/// instead of stalling the suite.
final class Outcome<Value: Sendable>: Sendable {
    private let state = Mutex<Result<Value, any Error>?>(nil)

    init(_ body: @escaping @Sendable () async throws -> Value) {
        Task { [self] in
            let result: Result<Value, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            self.state.withLock { $0 = result }
        }
    }

    /// The result, or nil when the work is still running after `limit`.
    func result(within limit: Duration) async throws -> Result<Value, any Error>? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let result = state.withLock({ $0 }) { return result }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}
