import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
internal import NIOSSL
import ServiceLifecycle
import UnixSignals

/// A Confluent-compatible schema registry: the REST API over a SQLite store (or memory), with
/// optional basic authentication and TLS. The embedded default for development, demos and tests.
public struct RegistryServer: Sendable {
    /// Where the registry keeps its data.
    public enum Storage: Sendable {
        /// Nothing survives a restart (tests).
        case memory
        /// A SQLite database in this directory, durable across restarts.
        case directory(String)
    }

    /// The server's settings.
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port, reported through `onStarted`.
        public var port: Int
        public var storage: Storage
        /// Basic-auth users; nil (with no ``bearerAuthenticator``) leaves the registry open.
        public var authenticator: BasicAuthenticator?
        /// Bearer tokens accepted (OAuth); a request passes with either kind of credentials.
        public var bearerAuthenticator: BearerAuthenticator?
        /// PEM certificate chain and private key; nil serves plain HTTP.
        public var tls: (certificatePath: String, keyPath: String)?
        /// The largest request body accepted (413 beyond, once the body is drained; the
        /// connection is then closed).
        public var maximumRequestBytes: Int
        /// How large a submitted schema may be (422 beyond).
        public var schemaLimits: SchemaLimits
        /// How long a connection may sit without a request (or with an incomplete request head)
        /// before it is closed.
        public var idleTimeout: Duration
        /// How long a request's body may take to arrive in full once its head has.
        public var requestReadTimeout: Duration

        public init(
            host: String = "127.0.0.1", port: Int = 8081, storage: Storage = .memory, authenticator: BasicAuthenticator? = nil,
            tls: (certificatePath: String, keyPath: String)? = nil, maximumRequestBytes: Int = 8 << 20,
            bearerAuthenticator: BearerAuthenticator? = nil, schemaLimits: SchemaLimits = .default,
            idleTimeout: Duration = .seconds(60), requestReadTimeout: Duration = .seconds(30)
        ) {
            self.host = host
            self.port = port
            self.storage = storage
            self.authenticator = authenticator
            self.bearerAuthenticator = bearerAuthenticator
            self.tls = tls
            self.maximumRequestBytes = maximumRequestBytes
            self.schemaLimits = schemaLimits
            self.idleTimeout = idleTimeout
            self.requestReadTimeout = requestReadTimeout
        }
    }

    public let configuration: Configuration
    private let logger: Logger
    private let registry: SchemaRegistry

    /// Opens the store (creating the data directory if needed).
    public init(configuration: Configuration, logger: Logger = Logger(label: "schemawire.registry")) throws {
        self.configuration = configuration
        self.logger = logger
        let path: String?
        switch configuration.storage {
        case .memory:
            path = nil
        case let .directory(directory):
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            path = (directory as NSString).appendingPathComponent("registry.sqlite")
        }
        registry = SchemaRegistry(store: try SQLiteSchemaStore(path: path), limits: configuration.schemaLimits)
    }

    /// Serves until the task is cancelled (or, with `handleSignals`, until SIGINT/SIGTERM), calling
    /// `onStarted` with the bound port once connections are accepted. Either way the server shuts
    /// down gracefully: in-flight requests finish, then the listener closes.
    public func run(handleSignals: Bool = false, onStarted: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let responder = RegistryResponder(
            registry: registry, authenticator: configuration.authenticator, bearerAuthenticator: configuration.bearerAuthenticator,
            maximumRequestBytes: configuration.maximumRequestBytes, lanes: WorkLanes(), logger: logger)
        let readTimeout = TimeAmount(configuration.requestReadTimeout)
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionGuard(readTimeout: readTimeout)], idleTimeout: TimeAmount(configuration.idleTimeout))
        var server: HTTPServerBuilder = .http1(configuration: http1)
        if let tls = configuration.tls {
            let certificates = try NIOSSLCertificate.fromPEMFile(tls.certificatePath).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: tls.keyPath, format: .pem)
            var tlsConfiguration = TLSConfiguration.makeServerConfiguration(certificateChain: certificates, privateKey: NIOSSLPrivateKeySource.privateKey(key))
            tlsConfiguration.minimumTLSVersion = .tlsv12
            server = try HTTPServerBuilder.tls(.http1(configuration: http1), tlsConfiguration: tlsConfiguration)
        }
        let application = Application(
            responder: responder, server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "schemawire-registry"),
            onServerRunning: { channel in await onStarted(channel.localAddress?.port ?? 0) },
            logger: logger)
        let signals: [UnixSignal] = handleSignals ? [.sigterm, .sigint] : []
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: signals, logger: logger))
        // The group runs in its own task so that cancelling ours asks for a graceful shutdown
        // instead of tearing the listener down mid-request.
        let runner = Task { try await group.run() }
        try await withTaskCancellationHandler {
            // Inside an outer service group, its graceful shutdown becomes ours.
            try await withGracefulShutdownHandler {
                try await runner.value
            } onGracefulShutdown: {
                Task { await group.triggerGracefulShutdown() }
            }
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }
}

extension RegistryServer: Service {
    /// Serves until its service group shuts down gracefully (in-flight requests finish, then the
    /// listener closes) or the task is cancelled. Signals are the group's to handle.
    public func run() async throws {
        try await run(handleSignals: false)
    }
}
