internal import CRdKafka
import Foundation
import Synchronization

/// One librdkafka client handle (`rd_kafka_t`), created from a property map and destroyed
/// exactly once in ``close()``. Every librdkafka call of SchemaWireKafka goes through this folder.
///
/// Calls on the handle are counted: ``close()`` first refuses new ones, then waits for those
/// under way to return before it flushes and destroys, so no call ever runs on a destroyed handle
/// and no record is enqueued after the final flush (where its report would never come).
final class RDKafkaClient: @unchecked Sendable {
    enum Kind {
        case producer, consumer
    }

    /// The handle, valid until ``close()`` destroys it (after every counted call has returned).
    private let handle: OpaquePointer
    /// ``closing`` once close began; below it, the number of calls under way. One atomic add and
    /// one subtract per call (every produced record makes one).
    private let state = Atomic<Int>(0)
    private static let closing = 1 << 62
    let kind: Kind
    /// Reached by the callbacks through the opaque pointer; released only after the handle is destroyed.
    let context: RDKafkaClientContext

    init(kind: Kind, properties: [String: String], context: RDKafkaClientContext, configure: (OpaquePointer) -> Void = { _ in }) throws(KafkaError) {
        self.context = context
        guard let configuration = rd_kafka_conf_new() else { throw .clientCreation(message: "rd_kafka_conf_new failed") }
        var errorBuffer = [CChar](repeating: 0, count: 512)
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(configuration, name, value, &errorBuffer, errorBuffer.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(configuration)
                throw .configuration(property: name, message: String(cString: errorBuffer))
            }
        }
        rd_kafka_conf_set_opaque(configuration, Unmanaged.passUnretained(context).toOpaque())
        rd_kafka_conf_set_log_cb(configuration, RDKafkaLogging.callback)
        if context.statistics != nil { rd_kafka_conf_set_stats_cb(configuration, RDKafkaClientContext.statisticsCallback) }
        configure(configuration)
        // On success rd_kafka_new owns the configuration; on failure it is still ours.
        guard let client = rd_kafka_new(kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, configuration, &errorBuffer, errorBuffer.count) else {
            rd_kafka_conf_destroy(configuration)
            throw .clientCreation(message: String(cString: errorBuffer))
        }
        handle = client
        self.kind = kind
    }

    /// Runs `body` with the live handle, or throws ``KafkaError/closed`` once close began.
    func withHandle<Result>(_ body: (OpaquePointer) throws(KafkaError) -> Result) throws(KafkaError) -> Result {
        let before = state.wrappingAdd(1, ordering: .acquiring).oldValue
        defer { state.wrappingSubtract(1, ordering: .releasing) }
        guard before & Self.closing == 0 else { throw .closed }
        return try body(handle)
    }

    /// Whether ``close()`` has begun.
    var isClosed: Bool { state.load(ordering: .acquiring) & Self.closing != 0 }

    /// Destroys the handle (once; later calls do nothing). New calls are refused from the start;
    /// the ones under way (each bounded by its own timeout) are waited for. Producers then flush
    /// (and fail what is left), consumers leave their group.
    func close(flushTimeout: Duration = .seconds(10)) {
        guard state.bitwiseOr(Self.closing, ordering: .acquiringAndReleasing).oldValue & Self.closing == 0 else { return }
        while state.load(ordering: .acquiring) & (Self.closing - 1) != 0 { usleep(200) }
        let client = handle
        switch kind {
        case .producer:
            rd_kafka_flush(client, flushTimeout.librdkafkaMilliseconds)
            // What is still undelivered fails now rather than never reporting: every awaited
            // delivery resumes. The flush after the purge serves those reports.
            rd_kafka_purge(client, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
            rd_kafka_flush(client, 1000)
        case .consumer: rd_kafka_consumer_close(client)
        }
        rd_kafka_destroy(client)
    }

    deinit {
        close(flushTimeout: .zero)
    }

    static func errorMessage(_ code: rd_kafka_resp_err_t) -> String {
        String(cString: rd_kafka_err2str(code))
    }

    static func errorMessage(_ code: KafkaError.Code) -> String {
        errorMessage(rd_kafka_resp_err_t(rawValue: code.rawValue))
    }

    /// The loaded librdkafka's version.
    static var libraryVersion: String { String(cString: rd_kafka_version_str()) }

    /// librdkafka's name for an error code.
    static func errorName(_ code: Int32) -> String {
        String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue: code)))
    }

    /// Runs blocking work that cannot fail (a close) on a dispatch queue and waits for it without
    /// holding a thread of the cooperative pool.
    static func offloadWait(_ body: @escaping @Sendable () -> Void) async {
        _ = try? await offload { () throws(KafkaError) in body() }
    }

    /// Runs a blocking librdkafka call (a commit, an admin request, a transaction step) on a
    /// dispatch queue, never on Swift's cooperative pool, and resumes with its result.
    static func offload<T: Sendable>(_ body: @escaping @Sendable () throws(KafkaError) -> T) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do throws(KafkaError) { continuation.resume(returning: .success(try body())) } catch { continuation.resume(returning: .failure(error)) }
            }
        }
        return try result.get()
    }
}

extension Duration {
    /// The duration as librdkafka's `timeout_ms` argument.
    var librdkafkaMilliseconds: Int32 {
        Int32(clamping: components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}

/// A thread that calls `step` until stopped or until `step` returns false: librdkafka's poll
/// loops live here, off Swift's cooperative pool.
final class PollThread: @unchecked Sendable {
    private let running = Atomic<Bool>(true)
    private let finished = DispatchSemaphore(value: 0)

    init(name: String, step: @escaping @Sendable () -> Bool) {
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring), step() {}
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Stops the loop and waits for the current step to end.
    func stop() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        finished.wait()
    }
}

extension KafkaError.Code {
    /// librdkafka's code as a named one.
    init(_ code: rd_kafka_resp_err_t) { self.init(rawValue: code.rawValue) }
}
