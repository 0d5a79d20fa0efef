import MetricsTestKit
import SchemaWireKafka
import XCTest

/// librdkafka's statistics and the dead-letter counter reach the metrics factory a client was
/// given (never the process-wide one).
final class MetricsTests: XCTestCase {
    func testStatisticsBecomeGaugesAndDeadLettersAreCounted() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("orders", partitions: 2)
        let metrics = TestMetrics()
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        producerConfiguration.statisticsInterval = .milliseconds(100)
        let producer = try KafkaProducer(configuration: producerConfiguration, metrics: metrics)
        defer { producer.close() }
        _ = try await producer.send((0..<50).map { KafkaProducerRecord(key: Array("k\($0)".utf8), value: [UInt8($0)]) }, topic: "orders")

        var consumerConfiguration = KafkaConsumerConfiguration(
            bootstrapServers: cluster.bootstrapServers, groupID: "metrics", clientID: "lagging", sessionTimeoutMilliseconds: 6000)
        consumerConfiguration.statisticsInterval = .milliseconds(100)
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, metrics: metrics)
        defer { consumer.close() }
        try consumer.subscribe(topics: ["orders"])
        var taken = 0
        for try await message in consumer.messages {
            try consumer.store(message)
            taken += 1
            if taken == 50 { break }
        }
        try await consumer.commitStored()

        // Within a few statistics intervals: every assigned partition's lag, read to its end.
        let deadline = ContinuousClock.now + .seconds(10)
        var lags: [TestRecorder] = []
        while ContinuousClock.now < deadline {
            lags = metrics.recorders(label: "schemawire_kafka_consumer_lag")
            if Set(lags.compactMap { $0.dimensions.first { $0.0 == "partition" }?.1 }) == ["0", "1"], lags.allSatisfy({ $0.lastValue == 0 }) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertEqual(Set(lags.compactMap { $0.dimensions.first { $0.0 == "partition" }?.1 }), ["0", "1"], "\(lags.map(\.dimensions))")
        XCTAssertTrue(lags.allSatisfy { $0.lastValue == 0 }, "read to the end: \(lags.map(\.lastValue))")
        XCTAssertTrue(lags.allSatisfy { $0.dimensions.contains { $0 == ("topic", "orders") } })
        XCTAssertEqual(metrics.recorders(label: "schemawire_kafka_consumer_lag_stored").count, 2)
        XCTAssertFalse(metrics.recorders(label: "schemawire_kafka_queued_messages").isEmpty)
        let rtts = metrics.recorders(label: "schemawire_kafka_broker_rtt_seconds")
        XCTAssertFalse(rtts.isEmpty)
        XCTAssertTrue(rtts.allSatisfy { ($0.lastValue ?? -1) >= 0 && ($0.lastValue ?? 1) < 1 }, "\(rtts.map(\.lastValue))")

        let deadLetters = DeadLetterQueue(producer: producer, metrics: metrics)
        let poison = KafkaConsumerMessage(topic: "orders", partition: 0, offset: 3, key: nil, value: [0xFF])
        try await deadLetters.send(poison, error: CancellationError())
        try await deadLetters.send(poison, error: CancellationError())
        XCTAssertEqual(try metrics.expectCounter("schemawire_kafka_dead_letters", [("topic", "orders"), ("outcome", "sent")]).totalValue, 2)
    }
}
