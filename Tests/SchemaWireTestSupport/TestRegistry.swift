import Foundation
import Logging
import SchemaWireRegistryServer

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `SchemaWireRegistryServer` started in-process on a free loopback port, for tests that talk to
/// a real registry over HTTP. Stop it with ``stop()``.
public final class TestRegistry: Sendable {
    public let port: Int
    public let scheme: String
    public var url: String { "\(scheme)://127.0.0.1:\(port)" }
    private let task: Task<Void, any Error>

    private init(port: Int, scheme: String, task: Task<Void, any Error>) {
        self.port = port
        self.scheme = scheme
        self.task = task
    }

    /// Starts a registry and waits until it accepts connections.
    public static func start(
        storage: RegistryServer.Storage = .memory, authenticator: BasicAuthenticator? = nil, maximumRequestBytes: Int = 8 << 20,
        tls: (certificatePath: String, keyPath: String)? = nil, bearerAuthenticator: BearerAuthenticator? = nil
    ) async throws -> TestRegistry {
        try await start(
            configuration: .init(
                port: 0, storage: storage, authenticator: authenticator, tls: tls, maximumRequestBytes: maximumRequestBytes,
                bearerAuthenticator: bearerAuthenticator))
    }

    /// Starts a registry with `configuration` (its port replaced by a free one).
    public static func start(configuration: RegistryServer.Configuration) async throws -> TestRegistry {
        var logger = Logger(label: "schemawire.test-registry")
        logger.logLevel = .warning
        var configuration = configuration
        configuration.port = 0
        let server = try RegistryServer(configuration: configuration, logger: logger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await server.run { port in continuation.yield(port) } }
        for await port in ports { return TestRegistry(port: port, scheme: configuration.tls == nil ? "http" : "https", task: task) }
        throw CancellationError()
    }

    /// Stops the server and waits for it to finish.
    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    /// One HTTP exchange with the registry: JSON in, status and parsed JSON out.
    public func call(
        _ method: String, _ path: String, body: Any? = nil, rawBody: Data? = nil, headers: [String: String] = [:]
    ) async throws -> (status: Int, json: Any?) {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = method
        request.setValue("application/vnd.schemaregistry.v1+json", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = try JSONSerialization.data(withJSONObject: body, options: [.fragmentsAllowed]) }
        if let rawBody { request.httpBody = rawBody }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let json = data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        return (status, json)
    }
}
