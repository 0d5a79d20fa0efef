import Foundation
import SchemaWireRegistry

/// Serializer settings by Confluent's property names, accepted verbatim (so a Java, Go or Python
/// team's serde properties carry over), beside a typed Swift API. Unknown properties and bad
/// values are ``SerdeError/configuration(property:message:)`` naming the property.
public struct KafkaSerdeConfiguration: Sendable {
    /// Register the value's schema when the subject lacks it (`auto.register.schemas`).
    public var autoRegisterSchemas = true
    /// Frame with the subject's latest schema instead of the value's own (`use.latest.version`).
    public var useLatestVersion = false
    /// Frame with the newest version whose metadata holds these properties
    /// (`use.latest.with.metadata`, written `key=value,key=value`); wins over ``useLatestVersion``.
    public var useLatestWithMetadata: [String: String]?
    /// Where keys carry their schema identifier (`key.schema.id.serializer`).
    public var keySchemaIDFraming = SchemaIDFraming.prefix
    /// Where values carry their schema identifier (`value.schema.id.serializer`).
    public var valueSchemaIDFraming = SchemaIDFraming.prefix
    /// With ``useLatestVersion``: the value's schema must be able to read the latest (BACKWARD),
    /// checked on this side before any record is written (`latest.compatibility.strict`).
    public var latestCompatibilityStrict = true
    /// Frame every record with this schema id (`use.schema.id`).
    public var useSchemaID: Int?
    /// With ``useSchemaID``: the value's schema must be able to read that schema (BACKWARD)
    /// (`id.compatibility.strict`).
    public var idCompatibilityStrict = true
    /// Register and look up schemas in the registry's normal form (`normalize.schemas`).
    public var normalizeSchemas = false
    /// How key subjects are named (`key.subject.name.strategy`).
    public var keySubjectNameStrategy = SubjectNameStrategy.topicName
    /// How value subjects are named (`value.subject.name.strategy`).
    public var valueSubjectNameStrategy = SubjectNameStrategy.topicName
    /// How a Protobuf schema's imports are named as subjects (`reference.subject.name.strategy`).
    public var referenceSubjectNameStrategy = ReferenceSubjectNameStrategy.importPath

    public init() {}

    /// Defaults, with keys and values both named by `strategy` (the serializers' short initializers).
    public init(subjectNameStrategy strategy: SubjectNameStrategy) {
        keySubjectNameStrategy = strategy
        valueSubjectNameStrategy = strategy
    }

    /// The framing in force for a key or a value.
    public func schemaIDFraming(isKey: Bool) -> SchemaIDFraming { isKey ? keySchemaIDFraming : valueSchemaIDFraming }

    /// The subject naming in force for a key or a value.
    public func subjectNameStrategy(isKey: Bool) -> SubjectNameStrategy { isKey ? keySubjectNameStrategy : valueSubjectNameStrategy }

    /// One documented property: its name, default and meaning (the README's table is checked
    /// against this list).
    public struct Property: Hashable, Sendable {
        public let name: String
        public let defaultValue: String
        public let meaning: String
    }

    /// Every property ``init(properties:)`` accepts, serde and registry-client ones alike.
    public static let properties: [Property] = [
        Property(name: "auto.register.schemas", defaultValue: "true", meaning: "register the value's schema when the subject lacks it"),
        Property(name: "use.latest.version", defaultValue: "false", meaning: "frame records with the subject's latest schema (values are rewritten into it)"),
        Property(name: "use.latest.with.metadata", defaultValue: "— (off)", meaning: "frame records with the newest version whose metadata holds these key=value pairs (comma-separated)"),
        Property(name: "latest.compatibility.strict", defaultValue: "true", meaning: "with use.latest.version, the value's schema must read the latest (BACKWARD), checked client-side"),
        Property(name: "use.schema.id", defaultValue: "-1 (off)", meaning: "frame every record with this schema id (values are rewritten into it)"),
        Property(name: "id.compatibility.strict", defaultValue: "true", meaning: "with use.schema.id, the value's schema must read that schema (BACKWARD)"),
        Property(name: "key.schema.id.serializer", defaultValue: "PrefixSchemaIdSerializer", meaning: "PrefixSchemaIdSerializer (magic 0 + id before the key) or HeaderSchemaIdSerializer (GUID in __key_schema_id)"),
        Property(name: "value.schema.id.serializer", defaultValue: "PrefixSchemaIdSerializer", meaning: "as above, for values (GUID in __value_schema_id); deserializers read both framings"),
        Property(name: "normalize.schemas", defaultValue: "false", meaning: "register and look up schemas in their normal form, computed alike by client and registry (Avro: canonical rules keeping logical types, defaults, order and aliases; Protobuf: sorted imports and options, fully-qualified types)"),
        Property(name: "key.subject.name.strategy", defaultValue: "TopicNameStrategy", meaning: "key subject naming: TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy (Java class names accepted)"),
        Property(name: "value.subject.name.strategy", defaultValue: "TopicNameStrategy", meaning: "value subject naming, as above"),
        Property(name: "reference.subject.name.strategy", defaultValue: "DefaultReferenceSubjectNameStrategy", meaning: "Protobuf import subjects: DefaultReferenceSubjectNameStrategy (the import path) or QualifiedReferenceSubjectNameStrategy (dotted, without .proto)"),
        Property(name: "schema.registry.url", defaultValue: "—", meaning: "registry URLs, comma-separated, tried in order"),
        Property(name: "basic.auth.credentials.source", defaultValue: "USER_INFO", meaning: "USER_INFO (from basic.auth.user.info) or URL (user:password@ in the URL)"),
        Property(name: "basic.auth.user.info", defaultValue: "—", meaning: "user:password for HTTP basic auth"),
        Property(name: "bearer.auth.credentials.source", defaultValue: "STATIC_TOKEN", meaning: "STATIC_TOKEN (from bearer.auth.token) or OAUTHBEARER (client credentials from bearer.auth.issuer.endpoint.url)"),
        Property(name: "bearer.auth.token", defaultValue: "—", meaning: "a bearer token sent with every registry request"),
        Property(name: "bearer.auth.issuer.endpoint.url", defaultValue: "—", meaning: "OAUTHBEARER: the identity provider's token endpoint"),
        Property(name: "bearer.auth.client.id", defaultValue: "—", meaning: "OAUTHBEARER: client id (sent as basic credentials with the secret)"),
        Property(name: "bearer.auth.client.secret", defaultValue: "—", meaning: "OAUTHBEARER: client secret"),
        Property(name: "bearer.auth.scope", defaultValue: "—", meaning: "OAUTHBEARER: scopes requested, space-separated"),
        Property(name: "bearer.auth.logical.cluster", defaultValue: "—", meaning: "sent as the target-sr-cluster header (Confluent Cloud)"),
        Property(name: "bearer.auth.identity.pool.id", defaultValue: "—", meaning: "sent as the Confluent-Identity-Pool-Id header"),
        Property(name: "schema.registry.ssl.ca.location", defaultValue: "system CAs", meaning: "PEM CA bundle to trust"),
        Property(name: "schema.registry.ssl.certificate.location", defaultValue: "—", meaning: "PEM client certificate (mTLS)"),
        Property(name: "schema.registry.ssl.key.location", defaultValue: "—", meaning: "PEM client key (mTLS)"),
        Property(name: "schema.registry.ssl.endpoint.identification.algorithm", defaultValue: "https", meaning: "empty or none switches certificate verification off"),
        Property(name: "latest.cache.ttl.sec", defaultValue: "30", meaning: "how long latest-version answers are reused"),
        Property(name: "request.header.NAME", defaultValue: "—", meaning: "an extra HTTP header NAME sent with every registry request"),
    ]

    /// Other spellings Confluent's clients use for the same settings, and the name each stands
    /// for: Python's `SchemaRegistryClient` keys (`url`, `ssl.*`, `cache.latest.ttl.sec`) and the
    /// `schema.registry.`-prefixed forms of the auth properties that Java and Python accept.
    public static let aliases: [String: String] = {
        var aliases = [
            "url": "schema.registry.url",
            "ssl.ca.location": "schema.registry.ssl.ca.location",
            "ssl.certificate.location": "schema.registry.ssl.certificate.location",
            "ssl.key.location": "schema.registry.ssl.key.location",
            "ssl.endpoint.identification.algorithm": "schema.registry.ssl.endpoint.identification.algorithm",
            "cache.latest.ttl.sec": "latest.cache.ttl.sec",
            "schema.registry.cache.latest.ttl.sec": "latest.cache.ttl.sec",
        ]
        for name in [
            "basic.auth.credentials.source", "basic.auth.user.info", "bearer.auth.credentials.source", "bearer.auth.token",
            "bearer.auth.issuer.endpoint.url", "bearer.auth.client.id", "bearer.auth.client.secret", "bearer.auth.scope",
            "bearer.auth.logical.cluster", "bearer.auth.identity.pool.id",
        ] {
            aliases["schema.registry." + name] = name
        }
        return aliases
    }()

    /// Settings from Confluent property names (or their ``aliases``); registry-client properties go
    /// to `registry`. Unknown names are errors, so that a typo never passes as a default.
    ///
    /// Java's `specific.avro.reader` is accepted (a boolean) and changes nothing: in Swift the
    /// deserializer's type decides, `KafkaAvroDeserializer<T>` reading into generated types and
    /// the value deserializer into generic values.
    public init(properties: [String: String], registry: inout RegistryClientConfiguration) throws(SerdeError) {
        var basicSource = "USER_INFO"
        var userInfo: String?
        var bearerSource = "STATIC_TOKEN"
        var bearerToken: String?
        var oauth: [String: String] = [:]
        var spelledAs: [String: String] = [:]
        for (given, value) in properties.sorted(by: { $0.key < $1.key }) {
            let name = Self.aliases[given] ?? given
            if let earlier = spelledAs[name], properties[earlier] != value {
                throw .configuration(property: given, message: "sets \(name), as \(earlier) does, to another value")
            }
            spelledAs[name] = given
            switch name {
            case "specific.avro.reader": _ = try Self.bool(name, value)
            case "auto.register.schemas": autoRegisterSchemas = try Self.bool(name, value)
            case "use.latest.version": useLatestVersion = try Self.bool(name, value)
            case "latest.compatibility.strict": latestCompatibilityStrict = try Self.bool(name, value)
            case "use.latest.with.metadata": useLatestWithMetadata = try Self.pairs(name, value)
            case "key.schema.id.serializer": keySchemaIDFraming = try Self.framing(name, value)
            case "value.schema.id.serializer": valueSchemaIDFraming = try Self.framing(name, value)
            case "use.schema.id":
                let id = try Self.int(name, value)
                useSchemaID = id >= 0 ? id : nil
            case "id.compatibility.strict": idCompatibilityStrict = try Self.bool(name, value)
            case "normalize.schemas": normalizeSchemas = try Self.bool(name, value)
            case "key.subject.name.strategy": keySubjectNameStrategy = try Self.strategy(name, value)
            case "value.subject.name.strategy": valueSubjectNameStrategy = try Self.strategy(name, value)
            case "reference.subject.name.strategy":
                guard let strategy = ReferenceSubjectNameStrategy(rawValue: Self.bareClassName(value)) else {
                    throw .configuration(property: name, message: "expected DefaultReferenceSubjectNameStrategy or QualifiedReferenceSubjectNameStrategy, got \"\(value)\"")
                }
                referenceSubjectNameStrategy = strategy
            case "schema.registry.url": registry.urls = RegistryClientConfiguration(url: value).urls
            case "basic.auth.credentials.source":
                guard ["USER_INFO", "URL"].contains(value) else { throw .configuration(property: name, message: "expected USER_INFO or URL, got \"\(value)\"") }
                basicSource = value
            case "basic.auth.user.info": userInfo = value
            case "bearer.auth.credentials.source":
                guard ["STATIC_TOKEN", "OAUTHBEARER"].contains(value) else {
                    throw .configuration(property: name, message: "expected STATIC_TOKEN or OAUTHBEARER, got \"\(value)\"")
                }
                bearerSource = value
            case "bearer.auth.token": bearerToken = value
            case "bearer.auth.issuer.endpoint.url", "bearer.auth.client.id", "bearer.auth.client.secret", "bearer.auth.scope": oauth[name] = value
            case "bearer.auth.logical.cluster": registry.headers["target-sr-cluster"] = value
            case "bearer.auth.identity.pool.id": registry.headers["Confluent-Identity-Pool-Id"] = value
            case "schema.registry.ssl.ca.location": registry.tls.caFile = value
            case "schema.registry.ssl.certificate.location": registry.tls.certificateFile = value
            case "schema.registry.ssl.key.location": registry.tls.keyFile = value
            case "schema.registry.ssl.endpoint.identification.algorithm": registry.tls.verify = !(value.isEmpty || value.lowercased() == "none")
            case "latest.cache.ttl.sec": registry.latestCacheTTL = .seconds(max(try Self.int(name, value), 0))
            case _ where name.hasPrefix("request.header.") && name.count > "request.header.".count:
                registry.headers[String(name.dropFirst("request.header.".count))] = value
            default:
                throw .configuration(property: name, message: "not a serde or registry property SchemaWire knows (see KafkaSerdeConfiguration.properties)")
            }
        }
        if basicSource == "URL" {
            try Self.moveCredentialsOutOfURLs(&registry)
        } else if let userInfo {
            guard let colon = userInfo.firstIndex(of: ":") else { throw .configuration(property: "basic.auth.user.info", message: "expected user:password") }
            registry.authentication = .basic(user: String(userInfo[..<colon]), password: String(userInfo[userInfo.index(after: colon)...]))
        }
        if bearerSource == "OAUTHBEARER" {
            guard userInfo == nil, bearerToken == nil else {
                throw .configuration(property: "bearer.auth.credentials.source", message: "OAUTHBEARER excludes basic.auth.user.info and bearer.auth.token")
            }
            registry.authentication = .oauth(try Self.clientCredentials(oauth))
        } else if let bearerToken {
            guard userInfo == nil else { throw .configuration(property: "bearer.auth.token", message: "set either basic or bearer credentials, not both") }
            registry.authentication = .bearer(token: bearerToken)
        } else if let stray = oauth.keys.sorted().first {
            throw .configuration(property: stray, message: "needs bearer.auth.credentials.source=OAUTHBEARER")
        }
    }

    /// `OAUTHBEARER`: the endpoint, client id and secret are required, the scope is optional.
    private static func clientCredentials(_ oauth: [String: String]) throws(SerdeError) -> OAuthClientCredentials {
        func required(_ name: String) throws(SerdeError) -> String {
            guard let value = oauth[name], !value.isEmpty else {
                throw .configuration(property: name, message: "required with bearer.auth.credentials.source=OAUTHBEARER")
            }
            return value
        }
        return OAuthClientCredentials(
            tokenEndpoint: try required("bearer.auth.issuer.endpoint.url"), clientID: try required("bearer.auth.client.id"),
            clientSecret: try required("bearer.auth.client.secret"), scope: oauth["bearer.auth.scope"])
    }

    /// `basic.auth.credentials.source=URL`: `https://user:password@host` → basic auth and a clean URL.
    private static func moveCredentialsOutOfURLs(_ registry: inout RegistryClientConfiguration) throws(SerdeError) {
        var credentials: (String, String)?
        registry.urls = registry.urls.map { url in
            guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
            let userInfo = url[scheme.upperBound..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                credentials = (String(userInfo[..<colon]), String(userInfo[userInfo.index(after: colon)...]))
            }
            return String(url[..<scheme.upperBound]) + String(url[url.index(after: at)...])
        }
        guard let (user, password) = credentials else {
            throw .configuration(property: "basic.auth.credentials.source", message: "URL, but no schema.registry.url holds user:password@")
        }
        registry.authentication = .basic(user: user, password: password)
    }

    private static func bool(_ name: String, _ value: String) throws(SerdeError) -> Bool {
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .configuration(property: name, message: "expected true or false, got \"\(value)\"")
        }
    }

    private static func int(_ name: String, _ value: String) throws(SerdeError) -> Int {
        guard let number = Int(value) else { throw .configuration(property: name, message: "expected an integer, got \"\(value)\"") }
        return number
    }

    /// `key=value,key=value` (Java's form of a map property).
    private static func pairs(_ name: String, _ value: String) throws(SerdeError) -> [String: String] {
        var pairs: [String: String] = [:]
        for item in value.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { throw .configuration(property: name, message: "expected key=value[,key=value…], got \"\(value)\"") }
            pairs[parts[0]] = parts[1]
        }
        guard !pairs.isEmpty else { throw .configuration(property: name, message: "expected at least one key=value pair") }
        return pairs
    }

    /// A Java class name as Java configurations give it
    /// (`io.confluent.kafka.serializers.subject.TopicNameStrategy`) without its package; a bare
    /// name stays as it is.
    private static func bareClassName(_ value: String) -> String {
        value.split(separator: ".").last.map(String.init) ?? value
    }

    private static func framing(_ name: String, _ value: String) throws(SerdeError) -> SchemaIDFraming {
        switch Self.bareClassName(value) {
        case "PrefixSchemaIdSerializer", "prefix": return .prefix
        case "HeaderSchemaIdSerializer", "header": return .header
        default: throw .configuration(property: name, message: "expected PrefixSchemaIdSerializer or HeaderSchemaIdSerializer, got \"\(value)\"")
        }
    }

    private static func strategy(_ name: String, _ value: String) throws(SerdeError) -> SubjectNameStrategy {
        guard let strategy = SubjectNameStrategy(rawValue: bareClassName(value)) else {
            throw .configuration(property: name, message: "unknown strategy \"\(value)\" (TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy)")
        }
        return strategy
    }
}
