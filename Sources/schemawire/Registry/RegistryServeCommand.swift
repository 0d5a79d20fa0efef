import ArgumentParser
import Foundation
import Logging
import SchemaWireRegistryServer

/// `schemawire registry serve`: a Confluent-compatible registry, for development, demos and tests.
struct RegistryServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Confluent Schema Registry REST API.",
        discussion: """
            Data lives in a SQLite file under --data (default .schemawire/registry) and survives restarts; \
            --memory keeps nothing. --port 0 picks a free port. The first line on stdout is \
            "listening on http(s)://HOST:PORT". Request logs go to stderr.
            """
    )

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port: Int = 8081

    @Option(help: "Directory for the SQLite database.")
    var data: String?

    @Flag(help: "Keep everything in memory (nothing survives a restart).")
    var memory = false

    @Option(help: "Basic-auth users file: one 'name: password' per line.")
    var users: String?

    @Option(help: "Bearer-tokens file: one accepted token per line (with --users, either kind of credentials passes).")
    var bearerTokens: String?

    @Option(help: "PEM certificate chain for HTTPS (with --tls-key).")
    var tlsCert: String?

    @Option(help: "PEM private key for HTTPS (with --tls-cert).")
    var tlsKey: String?

    @Option(help: "The largest request body accepted, in bytes (413 beyond).")
    var maxRequestBytes: Int = 8 << 20

    @Option(help: "The most symbols of one enum a submitted schema may have (422 beyond).")
    var maxEnumSymbols: Int = SchemaLimits.default.maximumEnumSymbols

    @Option(help: "The most fields of one record or message a submitted schema may have (422 beyond).")
    var maxFields: Int = SchemaLimits.default.maximumFields

    @Option(help: "The most named types a submitted schema may define with its references (422 beyond).")
    var maxNamedTypes: Int = SchemaLimits.default.maximumNamedTypes

    @Option(help: "Seconds a connection may stay idle (or hold an incomplete request head) before it is closed.")
    var idleTimeout: Int = 60

    @Option(help: "Seconds a request body may take to arrive once its head has.")
    var requestReadTimeout: Int = 30

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        if memory && data != nil { throw ValidationError("give either --data or --memory, not both") }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
        guard maxRequestBytes > 0 else { throw ValidationError("--max-request-bytes must be positive") }
        guard maxEnumSymbols > 0, maxFields > 0, maxNamedTypes > 0 else {
            throw ValidationError("--max-enum-symbols, --max-fields and --max-named-types must be positive")
        }
        guard idleTimeout > 0, requestReadTimeout > 0 else { throw ValidationError("--idle-timeout and --request-read-timeout must be positive") }
    }

    func run() async throws {
        let directory = data ?? ".schemawire/registry"
        var logger = Logger(label: "schemawire.registry")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let server: RegistryServer
        do {
            let authenticator = try users.map { try BasicAuthenticator(usersFile: $0) }
            let bearerAuthenticator = try bearerTokens.map { try BearerAuthenticator(tokensFile: $0) }
            server = try RegistryServer(
                configuration: .init(
                    host: host, port: port, storage: memory ? .memory : .directory(directory), authenticator: authenticator,
                    tls: tlsCert.flatMap { certificate in tlsKey.map { (certificate, $0) } }, maximumRequestBytes: maxRequestBytes,
                    bearerAuthenticator: bearerAuthenticator,
                    schemaLimits: SchemaLimits(maximumEnumSymbols: maxEnumSymbols, maximumFields: maxFields, maximumNamedTypes: maxNamedTypes),
                    idleTimeout: .seconds(idleTimeout), requestReadTimeout: .seconds(requestReadTimeout)),
                logger: logger)
        } catch {
            throw CommandFailure.badInput("cannot start the registry: \(error)")
        }
        let scheme = tlsCert == nil ? "http" : "https"
        let storage = memory ? "memory" : directory
        do {
            try await server.run(handleSignals: true) { [host] port in
                FileHandle.standardOutput.write(Data("listening on \(scheme)://\(host):\(port) (storage: \(storage))\n".utf8))
            }
        } catch {
            throw CommandFailure.badInput("registry on \(host):\(port): \(error)")
        }
    }
}
