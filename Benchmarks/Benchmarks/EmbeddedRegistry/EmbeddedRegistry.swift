import Logging
import SchemaWireRegistryServer

/// The registry server started in this process on a free loopback port, as the benchmarks' registry.
public final class EmbeddedRegistry: Sendable {
    public let url: String
    private let task: Task<Void, any Error>

    private init(url: String, task: Task<Void, any Error>) {
        self.url = url
        self.task = task
    }

    /// Starts an in-memory registry and returns once it accepts connections.
    public static func start() async throws -> EmbeddedRegistry {
        var logger = Logger(label: "schemawire.benchmark-registry")
        logger.logLevel = .warning
        let server = try RegistryServer(configuration: .init(port: 0, storage: .memory), logger: logger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await server.run { port in continuation.yield(port) } }
        for await port in ports { return EmbeddedRegistry(url: "http://127.0.0.1:\(port)", task: task) }
        throw CancellationError()
    }

    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
