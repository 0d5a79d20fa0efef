import CRdKafka
import Foundation
import Synchronization

/// One librdkafka client handle (`rd_kafka_t`), created from a property map and destroyed
/// exactly once in ``close()``. Every librdkafka call of SchemaWireKafka goes through this folder.
final class RDKafkaClient: @unchecked Sendable {
    enum Kind {
        case producer, consumer
    }

    /// The handle; nil once closed. librdkafka's API is thread-safe, so the handle is only read
    /// atomically, to refuse use after close (one load per call: every produced record reads it).
    private let handle: Atomic<OpaquePointer?>
    let kind: Kind

    init(kind: Kind, properties: [String: String], configure: (OpaquePointer) -> Void = { _ in }) throws(KafkaError) {
        guard let configuration = rd_kafka_conf_new() else { throw .clientCreation(message: "rd_kafka_conf_new failed") }
        var errorBuffer = [CChar](repeating: 0, count: 512)
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(configuration, name, value, &errorBuffer, errorBuffer.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(configuration)
                throw .configuration(property: name, message: String(cString: errorBuffer))
            }
        }
        rd_kafka_conf_set_log_cb(configuration, RDKafkaLogging.callback)
        configure(configuration)
        // On success rd_kafka_new owns the configuration; on failure it is still ours.
        guard let client = rd_kafka_new(kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, configuration, &errorBuffer, errorBuffer.count) else {
            rd_kafka_conf_destroy(configuration)
            throw .clientCreation(message: String(cString: errorBuffer))
        }
        handle = Atomic(client)
        self.kind = kind
    }

    /// Runs `body` with the live handle, or throws ``KafkaError/closed``.
    func withHandle<Result>(_ body: (OpaquePointer) throws(KafkaError) -> Result) throws(KafkaError) -> Result {
        guard let client = handle.load(ordering: .acquiring) else { throw .closed }
        return try body(client)
    }

    /// Destroys the handle (once; later calls do nothing). Producers flush first (then fail what
    /// is left), consumers leave their group first.
    func close(flushTimeout: Duration = .seconds(10)) {
        guard let client = handle.exchange(nil, ordering: .acquiringAndReleasing) else { return }
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
        close()
    }

    static func errorMessage(_ code: rd_kafka_resp_err_t) -> String {
        String(cString: rd_kafka_err2str(code))
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

/// A thread that calls `step` until stopped: librdkafka's poll loops live here, off Swift's
/// cooperative pool.
final class PollThread: @unchecked Sendable {
    private let running = Atomic<Bool>(true)
    private let finished = DispatchSemaphore(value: 0)

    init(name: String, step: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) { step() }
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
