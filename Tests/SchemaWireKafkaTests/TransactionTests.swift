import Foundation
import SchemaWireKafka
import SchemaWireTestSupport
import XCTest

/// Transactions against librdkafka 2.0.2's mock cluster, which runs the transaction protocol
/// (InitProducerId, AddPartitionsToTxn, TxnOffsetCommit, EndTxn) but neither hides aborted records
/// from read-committed fetches nor applies transactional offset commits. These tests therefore
/// prove the calls and the committed path; abort invisibility and offsets-with-output need a real
/// broker (see the README's Kafka status).
final class TransactionTests: XCTestCase {
    func readCommitted(_ cluster: KafkaMockCluster, group: String) throws -> KafkaConsumer {
        try KafkaConsumer(configuration: .init(
            bootstrapServers: cluster.bootstrapServers, groupID: group, sessionTimeoutMilliseconds: 6000,
            properties: ["isolation.level": "read_committed"]))
    }

    /// The values of the first `count` records of `topic`, read uncommitted within `limit`: a hang
    /// fails instead of stalling the suite.
    func readUncommitted(_ cluster: KafkaMockCluster, topic: String, count: Int, within limit: Duration = .seconds(20)) async throws -> [String] {
        let consumer = try KafkaConsumer(configuration: .init(
            bootstrapServers: cluster.bootstrapServers, groupID: "auditor", sessionTimeoutMilliseconds: 6000,
            properties: ["isolation.level": "read_uncommitted"]))
        try consumer.subscribe(topics: [topic])
        let reading = Outcome { () async throws -> [String] in
            var values: [String] = []
            for try await message in consumer.messages {
                values.append(String(decoding: message.value ?? [], as: UTF8.self))
                if values.count == count { break }
            }
            return values
        }
        let result = try await reading.result(within: limit)
        await consumer.close()
        guard let result else { throw KafkaError.consumer(code: .unknown, message: "fewer than \(count) records of \(topic) within \(limit)") }
        return try result.get()
    }

    /// Commit, abort, commit again, and the state errors librdkafka reports. The mock cluster
    /// writes no control markers and serves aborted records to read_committed consumers, so what an
    /// abort leaves in the log is checked on tansu (`RealBrokerTests`).
    func testTransactionsCommitAndAbort() async throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        defer { cluster.close() }
        try cluster.createTopic("ledger", partitions: 1)
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers, transactionalID: "ledger-writer"))
        try await producer.initTransactions()
        try await producer.beginTransaction()
        for value in ["a", "b", "c"] { _ = try await producer.send(topic: "ledger", key: nil, value: Array(value.utf8)) }
        try await producer.commitTransaction()
        try await producer.beginTransaction()
        for value in ["x", "y"] { _ = try await producer.send(topic: "ledger", key: nil, value: Array(value.utf8)) }
        try await producer.abortTransaction()
        // After the abort the producer is ready for the next transaction.
        try await producer.beginTransaction()
        _ = try await producer.send(topic: "ledger", key: nil, value: Array("d".utf8))
        try await producer.commitTransaction()
        // State errors are reported as librdkafka's ERR__STATE, not as a crash or any error.
        try await producer.beginTransaction()
        do {
            try await producer.beginTransaction()
            XCTFail("began a transaction inside a transaction")
        } catch {
            XCTAssertEqual(KafkaError.caught(error)?.kind, .delivery)
            XCTAssertEqual(KafkaError.caught(error)?.code, .state, "\(error)")
        }
        try await producer.abortTransaction()
        do {
            try await producer.commitTransaction()
            XCTFail("committed without a transaction")
        } catch {
            XCTAssertEqual(KafkaError.caught(error)?.code, .state, "\(error)")
        }
        await producer.close()

        let everything = try await readUncommitted(cluster, topic: "ledger", count: 6)
        XCTAssertEqual(everything, ["a", "b", "c", "x", "y", "d"], "every transaction's records, in order")
    }

    func testTransactionsNeedATransactionalID() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        do {
            try await producer.initTransactions(timeout: .seconds(5))
            XCTFail("initialized transactions without a transactional.id")
        } catch {
            XCTAssertEqual(KafkaError.caught(error)?.code?.rawValue, -145, "\(error)")
            XCTAssertEqual(KafkaError.caught(error)?.code?.description, "_NOT_CONFIGURED")
        }
        await producer.close()
    }

    func testConsumeTransformProduceInOneTransaction() async throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        defer { cluster.close() }
        try cluster.createTopic("in", partitions: 1)
        try cluster.createTopic("out", partitions: 1)
        let seed = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        for value in ["1", "2", "3"] { _ = try await seed.send(topic: "in", key: nil, value: Array(value.utf8)) }
        await seed.close()

        let consumer = try readCommitted(cluster, group: "doubler")
        try consumer.subscribe(topics: ["in"])
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers, transactionalID: "doubler-1"))
        try await producer.initTransactions()
        var batch: [KafkaConsumerMessage] = []
        for try await message in consumer.messages {
            batch.append(message)
            if batch.count == 3 { break }
        }
        try await producer.beginTransaction()
        for message in batch {
            let doubled = (Int(String(decoding: message.value ?? [], as: UTF8.self)) ?? 0) * 2
            _ = try await producer.send(topic: "out", key: nil, value: Array(String(doubled).utf8))
        }
        try await producer.sendOffsetsToTransaction(batch, consumer: consumer)
        try await producer.commitTransaction()
        await consumer.close()
        await producer.close()

        let reader = try readCommitted(cluster, group: "reader")
        try reader.subscribe(topics: ["out"])
        var output: [String] = []
        for try await message in reader.messages {
            output.append(String(decoding: message.value ?? [], as: UTF8.self))
            if output.count == 3 { break }
        }
        await reader.close()
        XCTAssertEqual(output, ["2", "4", "6"])
    }
}
