import ArgumentParser
import Foundation
import SchemaWireCore
import SchemaWireRegistry

/// How registry commands reach the registry: URL(s), credentials and TLS.
struct RegistryConnectionOptions: ParsableArguments {
    @Option(help: "Registry URL; several, comma-separated, fail over in order.")
    var url: String

    @Option(help: "Basic-auth credentials as USER:PASSWORD (default: $SCHEMAWIRE_REGISTRY_USER_INFO).")
    var user: String?

    @Option(help: "A bearer token (default: $SCHEMAWIRE_REGISTRY_BEARER_TOKEN).")
    var bearerToken: String?

    @Option(help: "PEM CA bundle to trust for HTTPS.")
    var caFile: String?

    @Option(help: "PEM client certificate for mutual TLS (with --key).")
    var cert: String?

    @Option(help: "PEM client key for mutual TLS (with --cert).")
    var key: String?

    @Flag(help: "Skip TLS certificate verification (never in production).")
    var insecure = false

    /// A client for these options. Credentials from the environment keep them out of shell history.
    func client() throws -> SchemaRegistryClient {
        try Self.makeClient(url: url, user: user, bearerToken: bearerToken, caFile: caFile, cert: cert, key: key, insecure: insecure)
    }

    /// A client for `url` with credentials from the environment only (for `check --against-registry`).
    static func environmentClient(url: String) throws -> SchemaRegistryClient {
        try makeClient(url: url, user: nil, bearerToken: nil, caFile: nil, cert: nil, key: nil, insecure: false)
    }

    private static func makeClient(
        url: String, user: String?, bearerToken: String?, caFile: String?, cert: String?, key: String?, insecure: Bool
    ) throws -> SchemaRegistryClient {
        let environment = ProcessInfo.processInfo.environment
        var authentication = RegistryClientConfiguration.Authentication.none
        if let userInfo = user ?? environment["SCHEMAWIRE_REGISTRY_USER_INFO"] {
            guard let colon = userInfo.firstIndex(of: ":") else {
                throw CommandFailure.badInput("--user must be USER:PASSWORD")
            }
            authentication = .basic(user: String(userInfo[..<colon]), password: String(userInfo[userInfo.index(after: colon)...]))
        } else if let token = bearerToken ?? environment["SCHEMAWIRE_REGISTRY_BEARER_TOKEN"] {
            authentication = .bearer(token: token)
        }
        let tls = RegistryClientConfiguration.TLS(caFile: caFile, certificateFile: cert, keyFile: key, verify: !insecure)
        var configuration = RegistryClientConfiguration(url: url, authentication: authentication, tls: tls)
        configuration.retry = .init(maximumAttempts: 2)
        configuration.requestTimeout = .seconds(15)
        return SchemaRegistryClient(configuration: configuration)
    }
}

/// Runs a registry call, turning its failure into the CLI's exit 2 with one line saying what and where.
func registryCall<Value>(_ body: () async throws(RegistryClientError) -> Value) async throws -> Value {
    do {
        return try await body()
    } catch {
        throw CommandFailure.badInput(error.description)
    }
}

/// A registered schema as the registry's REST API writes it.
func registeredJSON(_ registered: RegisteredSchema) -> JSONValue {
    var object: [(String, JSONValue)] = [
        ("subject", .string(registered.subject)), ("version", .integer(registered.version)), ("id", .integer(registered.id)),
    ]
    if let guid = registered.guid { object.append(("guid", .string(guid.description))) }
    object += RegistrySchemaJSON.members(
        text: registered.schema.text, type: registered.schema.type, references: registered.schema.references, metadata: registered.schema.metadata)
    return .object(.init(uniqueKeysWithValues: object))
}

/// Lists for people (one per line) or machines (`--format json`).
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json

    func render(_ items: [JSONValue]) -> String {
        switch self {
        case .json: return JSONValue.array(items).serialized()
        case .text: return items.map { $0.stringValue ?? $0.serialized() }.joined(separator: "\n")
        }
    }
}
