import CoreMetrics
import Dispatch
import Logging

/// An idempotent Kafka producer over librdkafka. `send` suspends until the broker acknowledged the
/// record (with `acks=all` by default) and returns where it landed.
///
/// Records with the same key go to the same partition, in order: key by the entity whose events
/// must stay ordered (a user id for orders).
public final class KafkaProducer: Sendable {
    let client: RDKafkaClient
    private let poller: PollThread
    public let configuration: KafkaProducerConfiguration
    /// Where the producer and librdkafka's log lines go.
    public let logger: Logger

    /// - Parameters:
    ///   - configuration: librdkafka settings, the safe ones by default.
    ///   - logger: receives librdkafka's log lines and the producer's own.
    ///   - metrics: receives librdkafka's statistics as gauges (see
    ///     ``KafkaProducerConfiguration/statisticsInterval``); the process-wide factory by default.
    public init(
        configuration: KafkaProducerConfiguration, logger: Logger = Logger(label: "schemawire.kafka"),
        metrics: any MetricsFactory = MetricsSystem.factory
    ) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        let context = RDKafkaClientContext(logger: logger, statistics: KafkaStatisticsMetrics.sink(metrics, interval: configuration.statisticsInterval))
        let client = try RDKafkaClient.producer(properties: configuration.librdkafkaProperties, context: context)
        self.client = client
        // Serves delivery reports; the only place producer callbacks run.
        poller = PollThread(name: "schemawire.kafka.producer") {
            client.serveReports(milliseconds: 100)
        }
    }

    /// Produces one record and waits for its delivery report.
    ///
    /// - Parameters:
    ///   - topic: where the record goes.
    ///   - key: the partitioning key; nil for a null key (round-robin, no ordering).
    ///   - value: nil writes a tombstone (deletes the key on a compacted topic).
    ///   - headers: the record's headers (a serializer's schema-id header among them).
    ///   - partition: an explicit partition; nil lets the partitioner hash the key.
    public func send(
        topic: String, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader] = [], partition: Int32? = nil
    ) async throws(KafkaError) -> KafkaDeliveryReport {
        try await enqueue(topic: topic, key: key, value: value, headers: headers, partition: partition).report()
    }

    /// Hands one record to the producer and returns at once with its pending delivery. Records
    /// enqueued one after another keep that order per partition; await ``KafkaDelivery/report()``
    /// later. For many records to one topic, ``send(_:topic:)`` does the same with less work per
    /// record.
    ///
    /// When librdkafka's local queue is full this waits (without blocking a thread) for room.
    public func enqueue(
        topic: String, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader] = [], partition: Int32? = nil
    ) async throws(KafkaError) -> KafkaDelivery {
        let delivery = KafkaDelivery(topic: topic)
        let opaque = Unmanaged.passRetained(delivery).toOpaque()
        var failure: Failure?
        do throws(KafkaError) {
            failure = try attempt(topic: topic, key: key, value: value, headers: headers, partition: partition, opaque: opaque)
            if let refusal = failure, refusal.code == .queueFull {
                failure = try await retryWhileFull(refusal, topic: topic, key: key, value: value, headers: headers, partition: partition, opaque: opaque)
            }
        } catch {
            Unmanaged<KafkaDelivery>.fromOpaque(opaque).release()
            throw error
        }
        guard let failure else { return delivery }
        Unmanaged<KafkaDelivery>.fromOpaque(opaque).release()
        throw .delivery(topic: topic, code: failure.code, message: failure.message)
    }

    /// Produces `records` to `topic`, in order, and waits until every one is acknowledged: the
    /// throughput path (one allocation and one suspension per batch instead of per record).
    ///
    /// - Returns: each record's report, in the order of `records`.
    /// - Throws: ``KafkaError/delivery(topic:code:message:)`` for the first record (by position)
    ///   that was not delivered, once every record handed over is reported; records after a
    ///   record librdkafka refused are not sent. Earlier records may have been delivered.
    public func send(_ records: [KafkaProducerRecord], topic: String) async throws(KafkaError) -> [KafkaDeliveryReport] {
        try await enqueue(records, topic: topic).reports()
    }

    /// Hands `records` to the producer, in order, and returns once librdkafka holds them all,
    /// without waiting for their acknowledgements: enqueue the next batch while this one is in
    /// flight (records enqueued one after another keep that order per partition), and await
    /// ``KafkaPendingBatch/reports()`` later. Suspends only while librdkafka's local queue is full.
    ///
    /// A record librdkafka refuses stops the batch there: it and the records after it are not
    /// sent, and ``KafkaPendingBatch/reports()`` throws for it.
    public func enqueue(_ records: [KafkaProducerRecord], topic: String) async -> KafkaPendingBatch {
        let batch = KafkaBatchDelivery(count: records.count)
        for (index, record) in records.enumerated() {
            let opaque = RDKafkaProduce.opaque(for: batch.slot(index))
            do throws(KafkaError) {
                // No suspension point per record unless librdkafka's queue is full.
                var failure = try attempt(
                    topic: topic, key: record.key, value: record.value, headers: record.headers, partition: record.partition, opaque: opaque)
                if let refusal = failure, refusal.code == .queueFull {
                    failure = try await retryWhileFull(
                        refusal, topic: topic, key: record.key, value: record.value, headers: record.headers, partition: record.partition,
                        opaque: opaque)
                }
                if let failure {
                    batch.notSent(from: index, code: failure.code, message: failure.message)
                    break
                }
            } catch {
                batch.stopped(at: index, by: error)
                break
            }
        }
        return KafkaPendingBatch(batch: batch, topic: topic)
    }

    private typealias Failure = RDKafkaRefusal

    /// Retries a message librdkafka refused because its local queue was full, which drains as
    /// deliveries complete: every 10 ms, up to the delivery timeout. Nil once it is taken, else
    /// the last refusal.
    private func retryWhileFull(
        _ refusal: Failure, topic: String, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader], partition: Int32?,
        opaque: UnsafeMutableRawPointer
    ) async throws(KafkaError) -> Failure? {
        var refusal = refusal
        var waited: Duration = .zero
        while refusal.code == .queueFull, waited < .milliseconds(configuration.deliveryTimeoutMilliseconds) {
            try? await Task.sleep(for: .milliseconds(10))
            waited += .milliseconds(10)
            guard let next = try attempt(topic: topic, key: key, value: value, headers: headers, partition: partition, opaque: opaque) else {
                return nil
            }
            refusal = next
        }
        return refusal
    }

    /// One try at handing a message to librdkafka, without waiting: nil when it took it, else why not.
    private func attempt(
        topic: String, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader], partition: Int32?, opaque: UnsafeMutableRawPointer
    ) throws(KafkaError) -> Failure? {
        try client.produce(topic: topic, key: key, value: value, headers: headers, partition: partition, opaque: opaque)
    }

    /// Waits until every record sent so far is delivered (or `timeout` passes).
    public func flush(timeout: Duration = .seconds(10)) throws(KafkaError) {
        try client.flush(milliseconds: timeout.librdkafkaMilliseconds)
    }

    /// Waits up to `timeout` for outstanding records to be delivered, fails the ones still
    /// undelivered then (their reports throw ``KafkaError/delivery(topic:code:message:)`` with
    /// librdkafka's purge codes, -152 queued or -151 in flight: they may or may not have been
    /// written), and releases the client. Later sends fail with ``KafkaError/closed``.
    public func close(timeout: Duration = .seconds(10)) {
        Self.close(poller, client, flushTimeout: timeout)
    }

    /// ``close(timeout:)-dg73`` from async code: the flush waits on a dispatch queue, never on a thread
    /// of Swift's cooperative pool.
    public func close(timeout: Duration = .seconds(10)) async {
        let (poller, client) = (self.poller, self.client)
        await RDKafkaClient.offloadWait { Self.close(poller, client, flushTimeout: timeout) }
    }

    /// Dropping an open producer closes it in the background (flushing what is outstanding, as
    /// ``close(timeout:)-dg73`` does), so whichever thread drops the last reference never waits.
    deinit {
        let (poller, client) = (self.poller, self.client)
        guard !client.isClosed else { return }
        DispatchQueue.global().async { Self.close(poller, client, flushTimeout: .seconds(10)) }
    }

    /// Stops serving reports, then flushes for up to `flushTimeout` and destroys the client.
    private static func close(_ poller: PollThread, _ client: RDKafkaClient, flushTimeout: Duration) {
        poller.stop()
        client.close(flushTimeout: flushTimeout)
    }
}
