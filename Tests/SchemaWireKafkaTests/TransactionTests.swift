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
        try await producer.beginTransaction()
        _ = try await producer.send(topic: "ledger", key: nil, value: Array("d".utf8))
        try await producer.commitTransaction()
        // Beginning twice is a state error the API reports instead of crashing.
        try await producer.beginTransaction()
        var doubleBegin: KafkaError?
        do { try await producer.beginTransaction() } catch { doubleBegin = error }
        try await producer.abortTransaction()
        await producer.close()
        XCTAssertNotNil(doubleBegin)

        let consumer = try readCommitted(cluster, group: "auditor")
        try consumer.subscribe(topics: ["ledger"])
        var values: [String] = []
        for try await message in consumer.messages {
            values.append(String(decoding: message.value ?? [], as: UTF8.self))
            if values.count == 6 { break }
        }
        await consumer.close()
        XCTAssertEqual(values.filter { ["a", "b", "c", "d"].contains($0) }, ["a", "b", "c", "d"])
    }

    func testTransactionsNeedATransactionalID() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        let producer = try KafkaProducer(configuration: .init(bootstrapServers: cluster.bootstrapServers))
        var failure: KafkaError?
        do { try await producer.initTransactions(timeout: .seconds(5)) } catch { failure = error }
        await producer.close()
        XCTAssertNotNil(failure)
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
