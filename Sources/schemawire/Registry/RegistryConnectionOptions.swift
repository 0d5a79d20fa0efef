import ArgumentParser
import Foundation
import SchemaWireCore
import SchemaWireKafka
import SchemaWireRegistry
import SchemaWireSerde

/// How registry commands reach the registry: URL(s), credentials and TLS.
struct RegistryConnectionOptions: ParsableArguments {
    @Option(help: "Registry URL; several, comma-separated, fail over in order (default: schema.registry.url from -F).")
    var url: String?

    @Option(name: .customShort("F"), help: "A properties file (name=value lines): schema.registry.url, basic.auth.user.info, bearer.auth.*, schema.registry.ssl.* as Confluent's clients name them, so secrets stay off the command line; flags win over it, other lines (librdkafka's) are ignored.")
    var propertiesFile: String?

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

    /// A client for these options: the -F file first, then the environment's credentials, then
    /// the flags. Credentials from a file or the environment keep them out of shell history.
    func client() throws -> SchemaRegistryClient {
        var configuration = RegistryClientConfiguration(urls: [])
        if let propertiesFile {
            let file = try PropertiesFile(path: propertiesFile)
            do { _ = try KafkaSerdeConfiguration(properties: file.serde, registry: &configuration) } catch {
                throw CommandFailure.badInput("-F \(propertiesFile): \(error)")
            }
        }
        if let url { configuration.urls = RegistryClientConfiguration(url: url).urls }
        guard !configuration.urls.isEmpty else { throw CommandFailure.badInput("give --url, or schema.registry.url in a -F file") }
        return try Self.makeClient(configuration, user: user, bearerToken: bearerToken, caFile: caFile, cert: cert, key: key, insecure: insecure)
    }

    /// A client for `url` with credentials from the environment only (for `check --against-registry`).
    static func environmentClient(url: String) throws -> SchemaRegistryClient {
        try makeClient(RegistryClientConfiguration(url: url), user: nil, bearerToken: nil, caFile: nil, cert: nil, key: nil, insecure: false)
    }

    private static func makeClient(
        _ base: RegistryClientConfiguration, user: String?, bearerToken: String?, caFile: String?, cert: String?, key: String?, insecure: Bool
    ) throws -> SchemaRegistryClient {
        var configuration = base
        let environment = ProcessInfo.processInfo.environment
        if let userInfo = user ?? environment["SCHEMAWIRE_REGISTRY_USER_INFO"] {
            guard let colon = userInfo.firstIndex(of: ":") else {
                throw CommandFailure.badInput("--user must be USER:PASSWORD")
            }
            configuration.authentication = .basic(user: String(userInfo[..<colon]), password: String(userInfo[userInfo.index(after: colon)...]))
        } else if let token = bearerToken ?? environment["SCHEMAWIRE_REGISTRY_BEARER_TOKEN"] {
            configuration.authentication = .bearer(token: token)
        }
        if let caFile { configuration.tls.caFile = caFile }
        if let cert { configuration.tls.certificateFile = cert }
        if let key { configuration.tls.keyFile = key }
        if insecure { configuration.tls.verify = false }
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
