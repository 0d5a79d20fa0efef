import Foundation
import SchemaWireKafka

/// The records read from stdin and not yet handed to the producer, with their line numbers.
struct ProduceBatch {
    static let capacity = 1000
    private(set) var records: [KafkaProducerRecord] = []
    private(set) var lines: [Int] = []

    var isFull: Bool { records.count >= Self.capacity }
    var isEmpty: Bool { records.isEmpty }

    mutating func append(_ record: KafkaProducerRecord, line: Int) {
        records.append(record)
        lines.append(line)
    }

    /// The records and lines, leaving the batch empty.
    mutating func take() -> (records: [KafkaProducerRecord], lines: [Int]) {
        defer {
            records = []
            lines = []
        }
        return (records, lines)
    }
}

/// Batches in flight: each is enqueued as soon as it is read (so stdin, encoding and the broker
/// work at once), and their acknowledgements are collected as they come in, oldest first. At most
/// ``window`` batches are in flight, which bounds memory; the reader waits for the oldest beyond.
struct ProducePipeline {
    static let window = 64

    let producer: KafkaProducer
    let topic: String
    private var inFlight: [(batch: KafkaPendingBatch, lines: [Int])] = []
    /// Records acknowledged so far.
    private(set) var delivered = 0
    /// Records enqueued and not acknowledged (failed, or still in flight).
    private(set) var undelivered = 0
    /// The first record that was not delivered: its stdin line and why.
    private(set) var firstFailure: (line: Int, reason: String)?
    private let progress = ProgressLine(verb: "produced")
    /// How many records were handed to librdkafka, and when the last batch was.
    private(set) var enqueued = 0
    private(set) var lastEnqueued = ContinuousClock.now

    init(producer: KafkaProducer, topic: String) {
        self.producer = producer
        self.topic = topic
    }

    /// Hands `batch` to the producer, then takes in every acknowledgement already there, waiting
    /// for the oldest batches while more than ``window`` are in flight.
    mutating func enqueue(_ batch: inout ProduceBatch) async {
        guard !batch.isEmpty else { return }
        let (records, lines) = batch.take()
        inFlight.append((await producer.enqueue(records, topic: topic), lines))
        enqueued += records.count
        lastEnqueued = .now
        await settle(keeping: Self.window)
    }

    /// Waits for every batch in flight.
    mutating func finish() async {
        await settle(keeping: 0)
    }

    private mutating func settle(keeping limit: Int) async {
        var settled = 0
        while settled < inFlight.count, inFlight.count - settled > limit || inFlight[settled].batch.isComplete {
            let (batch, lines) = inFlight[settled]
            settled += 1
            if firstFailure == nil, let reports = try? await batch.reports() {
                delivered += reports.count
                progress.report(delivered)
                continue
            }
            for (outcome, line) in zip(await batch.outcomes(), lines) {
                switch outcome {
                case .success: delivered += 1
                case let .failure(error):
                    undelivered += 1
                    if firstFailure == nil { firstFailure = (line, "\(error)") }
                }
            }
        }
        inFlight.removeFirst(settled)
    }
}
