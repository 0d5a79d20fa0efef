internal import CRdKafka
import Logging

/// What librdkafka's callbacks for one client reach through its opaque pointer: the client's
/// logger, its consumer's assignment, its statistics sink. The ``RDKafkaClient`` owns it and
/// destroys the handle (and with it every callback) before releasing it.
final class RDKafkaClientContext: Sendable {
    let logger: Logger
    /// The consumer's assignment, which the rebalance callback keeps; nil for producers.
    let assignment: ConsumerAssignment?
    /// Receives librdkafka's statistics JSON every `statistics.interval.ms`.
    let statistics: (@Sendable ([UInt8]) -> Void)?

    init(logger: Logger, assignment: ConsumerAssignment? = nil, statistics: (@Sendable ([UInt8]) -> Void)? = nil) {
        self.logger = logger
        self.assignment = assignment
        self.statistics = statistics
    }

    /// The context behind a callback's opaque pointer.
    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaClientContext? {
        opaque.map { Unmanaged<RDKafkaClientContext>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The context of the client `handle`, for callbacks that get the handle only.
    static func of(_ handle: OpaquePointer?) -> RDKafkaClientContext? {
        handle.flatMap { from(rd_kafka_opaque($0)) }
    }

    /// librdkafka's statistics callback: hands the JSON to the sink; returning 0 lets librdkafka
    /// free it.
    static let statisticsCallback: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?) -> Int32 = {
        _, json, length, opaque in
        guard let json, let sink = from(opaque)?.statistics else { return 0 }
        sink(Array(UnsafeRawBufferPointer(start: json, count: length)))
        return 0
    }
}
