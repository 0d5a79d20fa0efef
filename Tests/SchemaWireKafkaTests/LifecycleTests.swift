import Foundation
import SchemaWireKafka
import SchemaWireTestSupport
import XCTest

/// Clients closed while in use, dropped while open, and commits that arrive after their partition
/// moved, on librdkafka's mock cluster.
final class LifecycleTests: XCTestCase {
    /// Creates `topic` with `partitions` partitions and sends it `records` records valued "0",
    /// "1", …, record i to partition i % partitions.
    func seed(_ cluster: KafkaMockCluster, topic: String, records: Int, partitions: Int = 1) async throws {
        try cluster.createTopic(topic, partitions: partitions)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        for index in 0..<records {
            _ = try await producer.send(topic: topic, key: nil, value: Array("\(index)".utf8), partition: Int32(index % partitions))
        }
        await producer.close()
    }

    func testCallsAfterCloseAreRefusedAndCloseIsIdempotent() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("closed", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        _ = try await producer.send(topic: "closed", key: nil, value: [1])
        await producer.close()
        await producer.close()
        let closedAgain: @Sendable () -> Void = { producer.close() }
        closedAgain()
        do {
            _ = try await producer.send(topic: "closed", key: nil, value: [2])
            XCTFail("sent through a closed producer")
        } catch {
            XCTAssertEqual(KafkaError.caught(error), .closed)
        }
        XCTAssertThrowsError(try producer.flush()) { XCTAssertEqual("\($0)", "\(KafkaError.closed)") }
    }

    /// Sends racing ``KafkaProducer/close()`` each come back (delivered, purged or refused as
    /// closed): none waits for a report that can no longer come.
    func testSendsRacingCloseAllReturn() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("race", partitions: 4)
        for round in 0..<10 {
            let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers, lingerMilliseconds: 5))
            let senders = (0..<16).map { sender in
                Outcome { () -> [String] in
                    var outcomes: [String] = []
                    for index in 0..<50 {
                        do {
                            _ = try await producer.send(topic: "race", key: Array("\(sender)".utf8), value: Array("\(index)".utf8))
                            outcomes.append("delivered")
                        } catch {
                            let kind = KafkaError.caught(error)?.kind
                            guard kind == .closed else {
                                guard kind == .delivery else { throw error }
                                outcomes.append("purged")
                                continue
                            }
                            outcomes.append("closed")
                            break
                        }
                    }
                    return outcomes
                }
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...30)))
            await producer.close(timeout: .milliseconds(200))
            for (index, sender) in senders.enumerated() {
                guard let result = try await sender.result(within: .seconds(10)) else {
                    return XCTFail("round \(round): sender \(index) still waits after close")
                }
                XCTAssertNoThrow(try result.get(), "round \(round): sender \(index)")
            }
        }
    }

    /// `SCHEMAWIRE_CLOSE_RACE_ITERATIONS` rounds (20 in the normal suite; `scripts/faults` runs
    /// 10,000 under AddressSanitizer and ThreadSanitizer) of 16 tasks sending, batching, flushing,
    /// committing, pausing, seeking and running transactions while `close()` fires at a random
    /// moment: every call returns, and the sanitizers see no use of a destroyed handle.
    func testCloseRacingEveryCallStress() async throws {
        let iterations = Int(ProcessInfo.processInfo.environment["SCHEMAWIRE_CLOSE_RACE_ITERATIONS"] ?? "") ?? 20
        let lanes = 4
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("stress", partitions: 4)
        let started = ContinuousClock.now
        let failures = try await withThrowingTaskGroup(of: [String].self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    var failures: [String] = []
                    for round in stride(from: lane, to: iterations, by: lanes) {
                        failures += try await Self.closeRace(round: round, cluster: cluster)
                        if round % 500 == 499 { print("close race: \(round + 1) of \(iterations) rounds in \(ContinuousClock.now - started)") }
                    }
                    return failures
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        print("close race: \(iterations) rounds in \(ContinuousClock.now - started), \(failures.count) failures")
        XCTAssertEqual(failures, [])
    }

    /// One round: a producer (transactional every 25th round) and a consumer, 16 tasks calling
    /// them, both closed at a random moment. Returns what went wrong.
    private static func closeRace(round: Int, cluster: KafkaMockCluster) async throws -> [String] {
        let transactional = round % 25 == 0
        let producer = try KafkaProducer(configuration: .init(
            bootstrapServers: cluster.bootstrapServers, lingerMilliseconds: 1, transactionalID: transactional ? "stress-\(round)" : nil))
        if transactional { try await producer.initTransactions() }
        // Range: librdkafka 2.0.2 aborts when a cooperative-sticky member closes before its
        // first assignment (confluentinc/librdkafka#4312), which most rounds here do.
        let consumer = try KafkaConsumer(configuration: .init(
            bootstrapServers: cluster.bootstrapServers, groupID: "stress-\(round % 8)", sessionTimeoutMilliseconds: 6000, assignmentStrategy: .range))
        let partition = KafkaTopicPartition(topic: "stress", partition: 0)
        let tasks = (0..<16).map { task in
            Outcome { () -> Void in
                for index in 0..<20 {
                    do {
                        switch (task + index) % 8 {
                        case 0 where transactional:
                            try await producer.beginTransaction()
                            _ = try await producer.enqueue(topic: "stress", key: nil, value: [UInt8(index)])
                            try await producer.commitTransaction(timeout: .seconds(5))
                        case 0, 1: _ = try await producer.send(topic: "stress", key: nil, value: [UInt8(task)])
                        case 2: _ = try await producer.send([KafkaProducerRecord(key: nil, value: [1]), KafkaProducerRecord(key: nil, value: [2])], topic: "stress")
                        case 3: try producer.flush(timeout: .milliseconds(50))
                        case 4: try consumer.subscribe(topics: ["stress"])
                        case 5: try await consumer.commitStored()
                        case 6: _ = try await consumer.committedOffsets([partition], timeout: .milliseconds(200))
                        default:
                            try consumer.pause([partition])
                            try consumer.resume([partition])
                        }
                    } catch {
                        if KafkaError.caught(error) == .closed { return }
                        continue  // refused by the broker or librdkafka: any answer will do, only not none
                    }
                }
            }
        }
        try await Task.sleep(for: .microseconds(Int.random(in: 0...3000)))
        async let producerClosed: Void = producer.close(timeout: .milliseconds(200))
        async let consumerClosed: Void = consumer.close()
        _ = await (producerClosed, consumerClosed)
        var failures: [String] = []
        for (index, task) in tasks.enumerated() {
            guard let result = try await task.result(within: .seconds(30)) else {
                failures.append("round \(round): task \(index) still waits after close")
                continue
            }
            if case let .failure(error) = result { failures.append("round \(round): task \(index): \(error)") }
        }
        return failures
    }

    /// Dropping the last reference to an open producer with records stuck behind a broker that
    /// is down must not hold the dropping thread for the flush timeout.
    func testDroppingAnOpenProducerDoesNotWait() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("dropped", partitions: 1)
        var producer: KafkaProducer? = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        _ = try await producer?.send(topic: "dropped", key: nil, value: [0])
        cluster.setBroker(1, up: false)
        let stuck = try await producer?.enqueue(topic: "dropped", key: nil, value: [1])
        let start = ContinuousClock.now
        producer = nil
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(2), "the last release waited for the flush")
        // The background close still flushes for its full timeout, then fails what is left.
        let report = Outcome { try await stuck?.report() }
        guard let result = try await report.result(within: .seconds(20)) else { return XCTFail("the stuck record never reported") }
        guard case let .failure(error) = result, KafkaError.caught(error)?.kind == .delivery else { return XCTFail("a record to a broker that is down: \(result)") }
    }

    /// A consumer dropped without ``KafkaConsumer/close()`` is closed in the background: it
    /// commits what it stored and stops heartbeating, so the next member starts where it stopped
    /// (a consumer kept alive by its own poll loop would hold its partitions for as long as the
    /// process lives). librdkafka 2.0.2's mock cluster never answers LeaveGroup, so the handover
    /// here waits for the session timeout; on a real broker the leave hands over at once.
    func testDroppingAnOpenConsumerCommitsAndLeavesTheGroup() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try await seed(cluster, topic: "handover", records: 10)
        let configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: "handover", sessionTimeoutMilliseconds: 6000)

        var first: KafkaConsumer? = try KafkaConsumer(configuration: configuration)
        // The events stream ends when the background close has left the group; it does not keep
        // the consumer alive.
        let firstEvents = first?.rebalanceEvents
        try first?.subscribe(topics: ["handover"])
        var taken = 0
        if let consumer = first {
            for try await message in consumer.messages {
                try consumer.store(message)
                taken += 1
                if taken == 4 { break }
            }
        }
        let start = ContinuousClock.now
        first = nil
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(1), "the last release waited for the close")
        let closed = Outcome { () -> Bool in
            if let firstEvents { for await _ in firstEvents {} }
            return true
        }
        guard try await closed.result(within: .seconds(20)) != nil else { return XCTFail("the dropped consumer was never closed") }

        let second = try KafkaConsumer(configuration: configuration)
        try second.subscribe(topics: ["handover"])
        let next = Outcome { () -> String? in
            for try await message in second.messages { return String(decoding: message.value ?? [], as: UTF8.self) }
            return nil
        }
        guard let result = try await next.result(within: .seconds(20)) else { return XCTFail("the dropped consumer still holds its partition") }
        XCTAssertEqual(try result.get(), "4")
        await second.close()
    }

    /// A record read before its partition moved to another member must not be committed after:
    /// that commit would move the new owner's offset back.
    func testCommittingARecordOfARevokedPartitionIsRefused() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try await seed(cluster, topic: "moves", records: 40, partitions: 2)
        let configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: "moves", sessionTimeoutMilliseconds: 6000)

        let first = try KafkaConsumer(configuration: configuration)
        var events = first.rebalanceEvents.makeAsyncIterator()
        try first.subscribe(topics: ["moves"])
        var held: [Int32: KafkaConsumerMessage] = [:]
        for try await message in first.messages {
            if held[message.partition] == nil { held[message.partition] = message }
            if held.count == 2 { break }
        }
        _ = await events.next()

        let second = try KafkaConsumer(configuration: configuration)
        var secondEvents = second.rebalanceEvents.makeAsyncIterator()
        try second.subscribe(topics: ["moves"])
        guard case let .revoked(partitions, _, _)? = await events.next(), let moved = partitions.first else {
            return XCTFail("no revocation after the second member joined")
        }
        // Wait for the second member's assignment before anyone closes: librdkafka before 2.3.0
        // aborts when a cooperative-sticky member is destroyed before its first assignment
        // (confluentinc/librdkafka#4312), and the tests link Debian's 2.0.2.
        while let event = await secondEvents.next() {
            if case let .assigned(assigned) = event, assigned.contains(moved) { break }
        }
        let kept = 1 - moved.partition
        guard let stale = held[moved.partition], let current = held[kept] else { return XCTFail("held \(held.keys)") }

        do {
            try await first.commit(stale)
            XCTFail("committed \(stale.offset) of \(moved) after it moved to another member")
        } catch {
            XCTAssertEqual(error.code, .state, error.message)
            XCTAssertTrue(error.isStalePartition)
            XCTAssertTrue(error.message.hasPrefix("\(moved) was revoked"), error.message)
        }
        do {
            try first.store(stale)
            XCTFail("stored \(stale.offset) of \(moved) after it moved to another member")
        } catch {
            XCTAssertEqual(KafkaError.caught(error)?.kind, .consumer)
        }
        do {
            try await first.commit([current, stale])
            XCTFail("a batch holding one stale record was committed")
        } catch {
            XCTAssertEqual(error.code, .state)
        }

        // Processing loops answer .revoked instead of throwing, so a rebalance does not end them:
        // a record of a partition already gone skips its handler...
        let idempotent = IdempotentConsumer(consumer: first, store: try SQLiteProcessedEventStore())
        let dlqProducer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        let deadLetters = DeadLetterQueue(producer: dlqProducer)
        var runs = 0
        let skipped = try await idempotent.handle(stale) { _ in runs += 1 }
        XCTAssertEqual(skipped, .revoked(handlerRan: false))
        let skippedByProcess = try await first.process(stale, deadLetters: deadLetters) { _ in runs += 1 }
        XCTAssertEqual(skippedByProcess, .revoked(handlerRan: false))
        XCTAssertEqual(runs, 0, "no handler runs for a record whose partition moved before it started")
        // ...and one that moves while its handler runs (a seek renews the assignment) is not committed.
        let keptPartition = KafkaTopicPartition(topic: "moves", partition: kept)
        let movedDuring = try await idempotent.handle(current) { message in
            runs += 1
            try first.seek(keptPartition, to: message.offset)
        }
        XCTAssertEqual(movedDuring, .revoked(handlerRan: true))
        XCTAssertEqual(runs, 1)
        let keptCommitted = try await first.committedOffsets([keptPartition])
        XCTAssertEqual(keptCommitted, [:], "nothing committed for a record whose partition moved during its handler")
        await dlqProducer.close()

        await first.close()
        let committed = try await second.committedOffsets([moved])
        XCTAssertEqual(committed, [:], "no offset of \(moved) committed by its former owner")
        await second.close()
    }

    /// A commit the coordinator refuses because the group is rebalancing is made again once it
    /// can be, instead of failing the processing loop (or leaving the offset uncommitted).
    func testACommitRefusedWhileTheGroupRebalancesIsMadeAgain() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try await seed(cluster, topic: "steady", records: 3)
        let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: "steady", sessionTimeoutMilliseconds: 6000))
        try consumer.subscribe(topics: ["steady"])
        var taken: [KafkaConsumerMessage] = []
        for try await message in consumer.messages {
            taken.append(message)
            if taken.count == 2 { break }
        }
        cluster.failNext(.offsetCommit, with: [.rebalanceInProgress, .rebalanceInProgress])
        try await consumer.commit(taken[0])
        let partition = KafkaTopicPartition(topic: "steady", partition: 0)
        var committed = try await consumer.committedOffsets([partition])
        XCTAssertEqual(committed, [partition: 1], "committed after the refusals")
        cluster.failNext(.offsetCommit, with: [.rebalanceInProgress])
        try consumer.store(taken[1])
        try await consumer.commitStored()
        committed = try await consumer.committedOffsets([partition])
        XCTAssertEqual(committed, [partition: 2], "stored offsets committed after the refusal")
        await consumer.close()
    }

    /// Errors the consumer recovers from (here, fetches refused for authorization) reach the
    /// application instead of only the log, and the records still arrive once they stop.
    func testNonFatalConsumerErrorsAreSurfaced() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("guarded", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        _ = try await producer.send(topic: "guarded", key: nil, value: Array("kept".utf8))
        await producer.close()
        cluster.failNext(.fetch, with: [.topicAuthorizationFailed, .topicAuthorizationFailed])

        let consumer = try KafkaConsumer(configuration: .init(bootstrapServers: cluster.bootstrapServers, groupID: "guarded", sessionTimeoutMilliseconds: 6000))
        try consumer.subscribe(topics: ["guarded"])
        let firstError = Outcome { () -> KafkaError? in
            var errors = consumer.errors.makeAsyncIterator()
            return await errors.next()
        }
        let firstRecord = Outcome { () -> String? in
            for try await message in consumer.messages { return String(decoding: message.value ?? [], as: UTF8.self) }
            return nil
        }
        guard let error = try await firstError.result(within: .seconds(20)) else { return XCTFail("no error surfaced for refused fetches") }
        guard case let failure?? = try? error.get(), failure.kind == .consumer else { return XCTFail("\(error)") }
        let message = failure.message
        XCTAssertEqual(failure.code, .topicAuthorizationFailed, message)
        XCTAssertTrue(message.hasPrefix("guarded[0]: "), message)
        let record = try await firstRecord.result(within: .seconds(40))
        XCTAssertEqual(try record?.get(), "kept")
        await consumer.close()
    }
}
