import CoreMetrics
import SchemaWireCore

/// librdkafka's statistics (emitted every `statistics.interval.ms`) as swift-metrics gauges, on
/// the factory the client was given:
/// - `schemawire_kafka_queued_messages` [`client`]: records in the client's queues (waiting to
///   be sent by a producer, fetched and not yet taken by a consumer).
/// - `schemawire_kafka_broker_rtt_seconds` [`client`, `broker`]: average round trip per broker.
/// - `schemawire_kafka_consumer_lag` [`client`, `topic`, `partition`]: records between the
///   group's committed offset and the partition's end (what Kafka's tools call lag), for
///   assigned partitions once an offset is committed.
/// - `schemawire_kafka_consumer_lag_stored` [same]: the same from the offsets stored with
///   `store(_:)` but not yet committed: the application's own progress.
struct KafkaStatisticsMetrics: Sendable {
    let factory: any MetricsFactory

    /// The statistics sink for a client, or nil when statistics are off.
    static func sink(_ factory: any MetricsFactory, interval: Duration) -> (@Sendable ([UInt8]) -> Void)? {
        guard interval > .zero else { return nil }
        let metrics = KafkaStatisticsMetrics(factory: factory)
        return { metrics.record($0) }
    }

    /// Records one statistics document; a malformed one is ignored (librdkafka writes it, not a peer).
    func record(_ json: [UInt8]) {
        guard let statistics = try? JSONValue(parsing: json).objectValue else { return }
        let client = statistics["name"]?.stringValue ?? "?"
        if let queued = statistics["msg_cnt"]?.doubleValue {
            Gauge(label: "schemawire_kafka_queued_messages", dimensions: [("client", client)], factory: factory).record(queued)
        }
        for (name, broker) in statistics["brokers"]?.objectValue ?? [:] {
            guard let broker = broker.objectValue, (broker["nodeid"]?.int64Value ?? -1) >= 0, let rtt = broker["rtt"]?.objectValue,
                (rtt["cnt"]?.int64Value ?? 0) > 0, let average = rtt["avg"]?.doubleValue
            else { continue }
            Gauge(label: "schemawire_kafka_broker_rtt_seconds", dimensions: [("client", client), ("broker", name)], factory: factory)
                .record(average / 1_000_000)
        }
        for (topic, value) in statistics["topics"]?.objectValue ?? [:] {
            for (partition, statistics) in value.objectValue?["partitions"]?.objectValue ?? [:] where partition != "-1" {
                let dimensions = [("client", client), ("topic", topic), ("partition", partition)]
                for (field, label) in [("consumer_lag", "schemawire_kafka_consumer_lag"), ("consumer_lag_stored", "schemawire_kafka_consumer_lag_stored")] {
                    guard let lag = statistics.objectValue?[field]?.int64Value, lag >= 0 else { continue }
                    Gauge(label: label, dimensions: dimensions, factory: factory).record(lag)
                }
            }
        }
    }
}
