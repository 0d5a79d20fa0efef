import Hummingbird
import Logging

/// Serves `responder` on a free loopback port for a test helper: returns the port once the
/// server accepts connections, and the task to cancel to stop it.
enum LoopbackHTTPServer {
    static func start(
        label: String, _ responder: CallbackResponder<BasicRequestContext>
    ) async throws -> (port: Int, task: Task<Void, any Error>) {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: label)
        logger.logLevel = .critical
        let application = Application(
            responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await application.runService(gracefulShutdownSignals: []) }
        for await port in ports { return (port, task) }
        throw CancellationError()
    }
}
