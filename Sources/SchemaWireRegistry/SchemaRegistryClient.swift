import CoreMetrics
import Foundation
import SchemaWireAvro
import SchemaWireCore
import Synchronization

/// An async client for Confluent Schema Registry (and `schemawire registry serve`) over libcurl.
///
/// Ids and the schemas they name are immutable, so they are cached forever: a warm serializer
/// makes no HTTP requests. Latest-version answers are cached for ``RegistryClientConfiguration/latestCacheTTL``.
/// Concurrent misses for the same key make one request. Before registering, the client checks
/// the schema against the subject's versions itself (BACKWARD at least, the subject's level where
/// stricter) and refuses an incompatible one, even when the registry would accept it.
public final class SchemaRegistryClient: Sendable {
    public let configuration: RegistryClientConfiguration
    private let transport = CurlTransport.shared
    private let schemasByID: SingleFlightCache<Int, RegistrySchema>
    private let schemasByGUID: SingleFlightCache<SchemaGUID, RegistrySchema>
    private let guidsByID: SingleFlightCache<Int, SchemaGUID>
    private let registrations: SingleFlightCache<RegistrationKey, SchemaRegistration>
    private let metadataVersions: SingleFlightCache<MetadataKey, RegisteredSchema>
    private let versions: SingleFlightCache<VersionKey, RegisteredSchema>
    private let sentRequests = Atomic<Int>(0)
    /// The URL that answered last, tried first next time.
    private let preferredURL = Atomic<Int>(0)

    struct RegistrationKey: Hashable, Sendable {
        var subject: String
        var schema: RegistrySchema
        var normalize: Bool
        var lookupOnly: Bool
    }

    struct VersionKey: Hashable, Sendable {
        var subject: String
        var version: SchemaVersion
    }

    struct MetadataKey: Hashable, Sendable {
        var subject: String
        var properties: [String: String]
    }

    /// The token cache for OAuth credentials, one per client.
    let tokenSource: OAuthTokenSource?

    /// - Parameter metrics: counts cache answers as `schemawire_registry_client_cache` [`cache`:
    ///   `schema-by-id`, `schema-by-guid`, `guid-by-id`, `registration`, `latest-with-metadata`,
    ///   `version`; `outcome`: `hit`, `miss`, `remembered-failure`]; the process-wide factory by default.
    public init(configuration: RegistryClientConfiguration, metrics: any MetricsFactory = MetricsSystem.factory) {
        self.configuration = configuration
        schemasByID = SingleFlightCache(name: "schema-by-id", metrics: metrics)
        schemasByGUID = SingleFlightCache(name: "schema-by-guid", metrics: metrics)
        guidsByID = SingleFlightCache(name: "guid-by-id", metrics: metrics)
        registrations = SingleFlightCache(name: "registration", metrics: metrics)
        metadataVersions = SingleFlightCache(name: "latest-with-metadata", metrics: metrics)
        versions = SingleFlightCache(name: "version", metrics: metrics)
        if case let .oauth(credentials) = configuration.authentication {
            tokenSource = OAuthTokenSource(credentials: credentials, tls: configuration.tls, timeout: configuration.requestTimeout, metrics: metrics)
        } else {
            tokenSource = nil
        }
    }

    /// HTTP requests sent so far (every attempt counts), to prove caches work.
    public var requestCount: Int { sentRequests.load(ordering: .relaxed) }

    var preferredURLIndex: Int { preferredURL.load(ordering: .relaxed) }
    func preferURL(_ index: Int) { preferredURL.store(index, ordering: .relaxed) }
    func countRequest() { sentRequests.wrappingAdd(1, ordering: .relaxed) }
    func transportPerform(_ request: HTTPRequest) async throws(TransportFailure) -> HTTPResponse { try await transport.perform(request) }

    // MARK: Schemas and ids

    /// The schema with this id if it is already cached, without suspending: the deserializer's
    /// hot path, which falls back to ``schema(id:)`` on a miss.
    public func cachedSchema(id: Int) -> RegistrySchema? {
        schemasByID.cachedValue(for: id)
    }

    /// The schema with this id, from cache after the first call. An id the registry does not know
    /// is remembered as unknown for ``RegistryClientConfiguration/unknownSchemaCacheTTL``.
    public func schema(id: Int) async throws(RegistryClientError) -> RegistrySchema {
        try await schemasByID.value(for: id, failureTTL: unknownSchemaTTL) { () throws(RegistryClientError) in try await self.fetchSchema(id: id).0 }
    }

    /// How long a failure to fetch a schema is remembered: an unknown schema for a while (records
    /// naming a missing id, hostile or misrouted, then cost one request, not one each), nothing else.
    private var unknownSchemaTTL: @Sendable (RegistryClientError) -> Duration? {
        let ttl = configuration.unknownSchemaCacheTTL
        return { error in error.status == 404 && ttl > .zero ? ttl : nil }
    }

    /// The schema with this GUID (header framing's identifier), from cache after the first call.
    public func schema(guid: SchemaGUID) async throws(RegistryClientError) -> RegistrySchema {
        try await schemasByGUID.value(for: guid, failureTTL: unknownSchemaTTL) { () throws(RegistryClientError) in
            let path = "/schemas/guids/\(guid)"
            return try Self.schema(from: try await self.send("GET", path), path: path)
        }
    }

    /// The schema a record's framing names, by id or by GUID.
    public func schema(_ identifier: SchemaIdentifier) async throws(RegistryClientError) -> RegistrySchema {
        switch identifier {
        case let .id(id): return try await schema(id: Int(id))
        case let .guid(guid): return try await schema(guid: guid)
        }
    }

    /// The GUID of the schema with this id: learned from register, lookup and schema answers, else asked.
    public func guid(ofID id: Int) async throws(RegistryClientError) -> SchemaGUID {
        try await guidsByID.value(for: id) { () throws(RegistryClientError) in
            let (schema, guid) = try await self.fetchSchema(id: id)
            self.schemasByID.store(schema, for: id)
            guard let guid else {
                throw .invalidResponse(message: "the registry gives no GUID for schema \(id) (header framing needs one)", path: "/schemas/ids/\(id)")
            }
            return guid
        }
    }

    /// `GET /schemas/ids/{id}`: the schema, and its GUID when the registry gives one (kept).
    private func fetchSchema(id: Int) async throws(RegistryClientError) -> (RegistrySchema, SchemaGUID?) {
        let path = "/schemas/ids/\(id)"
        let answer = try await send("GET", path)
        let guid = Self.guid(in: answer)
        if let guid { guidsByID.store(guid, for: id) }
        return (try Self.schema(from: answer, path: path), guid)
    }

    /// Registers `schema` under `subject` and returns its id (the existing id when already there).
    ///
    /// - Parameter enforceCompatibility: check locally first and refuse with
    ///   ``RegistryClientError/incompatible(subject:level:incompatibilities:)``; on by default.
    public func register(
        _ schema: RegistrySchema, subject: String, normalize: Bool = false, enforceCompatibility: Bool = true
    ) async throws(RegistryClientError) -> Int {
        try await registerSchema(schema, subject: subject, normalize: normalize, enforceCompatibility: enforceCompatibility).id
    }

    /// Registers `schema` under `subject`, as ``register(_:subject:normalize:enforceCompatibility:)``,
    /// and returns all the registry tells: id, GUID and version.
    public func registerSchema(
        _ schema: RegistrySchema, subject: String, normalize: Bool = false, enforceCompatibility: Bool = true
    ) async throws(RegistryClientError) -> SchemaRegistration {
        let key = RegistrationKey(subject: subject, schema: schema, normalize: normalize, lookupOnly: false)
        return try await registrations.value(for: key) { () throws(RegistryClientError) in
            if enforceCompatibility {
                let result = try await self.localCompatibility(of: schema, subject: subject)
                guard result.isCompatible else {
                    throw .incompatible(subject: subject, level: result.level, incompatibilities: result.incompatibilities)
                }
            }
            let path = "/subjects/\(Self.encode(subject))/versions\(normalize ? "?normalize=true" : "")"
            let answer = try await self.send("POST", path, body: Self.body(schema))
            guard let id = answer.objectValue?["id"]?.int64Value.flatMap({ Int(exactly: $0) }) else {
                throw .invalidResponse(message: "no id in \(answer.serialized())", path: path)
            }
            let guid = Self.guid(in: answer)
            self.schemasByID.store(schema, for: id)
            if let guid { self.guidsByID.store(guid, for: id) }
            self.versions.remove(VersionKey(subject: subject, version: .latest))
            return SchemaRegistration(id: id, guid: guid, version: answer.objectValue?["version"]?.int64Value.flatMap { Int(exactly: $0) })
        }
    }

    /// The id `schema` has under `subject`, without registering it (404 when it is not there).
    public func id(of schema: RegistrySchema, subject: String, normalize: Bool = false) async throws(RegistryClientError) -> Int {
        try await registration(of: schema, subject: subject, normalize: normalize).id
    }

    /// What `schema` is registered as under `subject`, without registering it (404 when it is not there).
    public func registration(of schema: RegistrySchema, subject: String, normalize: Bool = false) async throws(RegistryClientError) -> SchemaRegistration {
        if let known = registrations.cachedValue(for: RegistrationKey(subject: subject, schema: schema, normalize: normalize, lookupOnly: false)) {
            return known
        }
        let key = RegistrationKey(subject: subject, schema: schema, normalize: normalize, lookupOnly: true)
        return try await registrations.value(for: key) { () throws(RegistryClientError) in
            let found = try await self.lookup(schema, subject: subject, normalize: normalize)
            return SchemaRegistration(id: found.id, guid: found.guid, version: found.version)
        }
    }

    /// The version of `subject` that holds `schema`.
    public func lookup(_ schema: RegistrySchema, subject: String, normalize: Bool = false) async throws(RegistryClientError) -> RegisteredSchema {
        let path = "/subjects/\(Self.encode(subject))\(normalize ? "?normalize=true" : "")"
        return learn(try Self.registered(from: try await send("POST", path, body: Self.body(schema)), path: path))
    }

    /// The newest version of `subject` whose metadata holds every pair of `properties`
    /// (Confluent's `use.latest.with.metadata`), cached for the latest-version TTL.
    public func latest(subject: String, withMetadata properties: [String: String]) async throws(RegistryClientError) -> RegisteredSchema {
        let key = MetadataKey(subject: subject, properties: properties)
        return try await metadataVersions.value(for: key, ttl: configuration.latestCacheTTL) { () throws(RegistryClientError) in
            let query = properties.sorted { $0.key < $1.key }
                .map { "key=\(Self.encode($0.key))&value=\(Self.encode($0.value))" }.joined(separator: "&")
            let path = "/subjects/\(Self.encode(subject))/metadata\(query.isEmpty ? "" : "?" + query)"
            return self.learn(try Self.registered(from: try await self.send("GET", path), path: path))
        }
    }

    /// Keeps what an answer tells about an id (its schema and GUID never change).
    private func learn(_ registered: RegisteredSchema) -> RegisteredSchema {
        schemasByID.store(registered.schema, for: registered.id)
        if let guid = registered.guid { guidsByID.store(guid, for: registered.id) }
        return registered
    }

    /// A version of `subject`; numbered versions are cached forever, `latest` for the configured TTL.
    public func version(_ version: SchemaVersion, of subject: String) async throws(RegistryClientError) -> RegisteredSchema {
        let ttl: Duration? = version == .latest ? configuration.latestCacheTTL : nil
        return try await versions.value(for: VersionKey(subject: subject, version: version), ttl: ttl) { () throws(RegistryClientError) in
            let path = "/subjects/\(Self.encode(subject))/versions/\(version)"
            return self.learn(try Self.registered(from: try await self.send("GET", path), path: path))
        }
    }

    /// The subject's latest version (cached for the configured TTL).
    public func latest(subject: String) async throws(RegistryClientError) -> RegisteredSchema {
        try await version(.latest, of: subject)
    }

    // MARK: Listing and deleting

    public func subjects(includeDeleted: Bool = false) async throws(RegistryClientError) -> [String] {
        let path = "/subjects\(includeDeleted ? "?deleted=true" : "")"
        return try Self.strings(try await send("GET", path), path: path)
    }

    public func versions(of subject: String, includeDeleted: Bool = false) async throws(RegistryClientError) -> [Int] {
        let path = "/subjects/\(Self.encode(subject))/versions\(includeDeleted ? "?deleted=true" : "")"
        return try Self.integers(try await send("GET", path), path: path)
    }

    /// Soft-deletes (or, after that, permanently deletes) a subject; returns the versions deleted.
    public func deleteSubject(_ subject: String, permanent: Bool = false) async throws(RegistryClientError) -> [Int] {
        let path = "/subjects/\(Self.encode(subject))\(permanent ? "?permanent=true" : "")"
        let deleted = try Self.integers(try await send("DELETE", path), path: path)
        versions.remove(VersionKey(subject: subject, version: .latest))
        return deleted
    }

    public func deleteVersion(_ version: SchemaVersion, of subject: String, permanent: Bool = false) async throws(RegistryClientError) -> Int {
        let path = "/subjects/\(Self.encode(subject))/versions/\(version)\(permanent ? "?permanent=true" : "")"
        let answer = try await send("DELETE", path)
        versions.remove(VersionKey(subject: subject, version: .latest))
        versions.remove(VersionKey(subject: subject, version: version))
        guard let deleted = answer.int64Value.flatMap({ Int(exactly: $0) }) else {
            throw .invalidResponse(message: "expected a version number, got \(answer.serialized())", path: path)
        }
        return deleted
    }

    /// Ids of schemas that reference this version.
    public func referencedBy(subject: String, version: Int) async throws(RegistryClientError) -> [Int] {
        let path = "/subjects/\(Self.encode(subject))/versions/\(version)/referencedby"
        return try Self.integers(try await send("GET", path), path: path)
    }

    // MARK: Configuration

    /// The compatibility level of `subject` (nil: the global level). With `fallBackToGlobal`, a
    /// subject without its own level reports the global one.
    public func compatibilityLevel(subject: String? = nil, fallBackToGlobal: Bool = true) async throws(RegistryClientError) -> CompatibilityLevel {
        let path = subject.map { "/config/\(Self.encode($0))\(fallBackToGlobal ? "?defaultToGlobal=true" : "")" } ?? "/config"
        let answer = try await send("GET", path)
        guard case let .string(name)? = answer.objectValue?["compatibilityLevel"], let level = CompatibilityLevel(name: name) else {
            throw .invalidResponse(message: "no compatibilityLevel in \(answer.serialized())", path: path)
        }
        return level
    }

    public func setCompatibilityLevel(_ level: CompatibilityLevel, subject: String? = nil) async throws(RegistryClientError) {
        let path = subject.map { "/config/\(Self.encode($0))" } ?? "/config"
        _ = try await send("PUT", path, body: ["compatibility": .string(level.rawValue)])
    }

    /// Removes the subject's own level (or resets the global one); returns the level removed.
    public func deleteCompatibilityLevel(subject: String? = nil) async throws(RegistryClientError) -> CompatibilityLevel {
        let path = subject.map { "/config/\(Self.encode($0))" } ?? "/config"
        let answer = try await send("DELETE", path)
        guard case let .string(name)? = answer.objectValue?["compatibilityLevel"], let level = CompatibilityLevel(name: name) else {
            throw .invalidResponse(message: "no compatibilityLevel in \(answer.serialized())", path: path)
        }
        return level
    }

    public func mode(subject: String? = nil) async throws(RegistryClientError) -> String {
        let path = subject.map { "/mode/\(Self.encode($0))?defaultToGlobal=true" } ?? "/mode"
        let answer = try await send("GET", path)
        guard case let .string(mode)? = answer.objectValue?["mode"] else {
            throw .invalidResponse(message: "no mode in \(answer.serialized())", path: path)
        }
        return mode
    }

    public func setMode(_ mode: String, subject: String? = nil) async throws(RegistryClientError) {
        let path = subject.map { "/mode/\(Self.encode($0))" } ?? "/mode"
        _ = try await send("PUT", path, body: ["mode": .string(mode)])
    }

    /// Asks the registry whether `schema` is compatible with a version of `subject` (or, with nil,
    /// with every version its level names). Returns the verdict and the registry's messages.
    public func testCompatibility(
        _ schema: RegistrySchema, subject: String, version: SchemaVersion? = .latest
    ) async throws(RegistryClientError) -> (isCompatible: Bool, messages: [String]) {
        let path = "/compatibility/subjects/\(Self.encode(subject))/versions\(version.map { "/\($0)" } ?? "")?verbose=true"
        let answer = try await send("POST", path, body: Self.body(schema))
        guard case let .bool(compatible)? = answer.objectValue?["is_compatible"] else {
            throw .invalidResponse(message: "no is_compatible in \(answer.serialized())", path: path)
        }
        let messages = answer.objectValue?["messages"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return (compatible, messages)
    }
}

// MARK: Wire format

extension SchemaRegistryClient {
    /// Percent-encodes everything but unreserved characters: subjects in URL paths (so `/`, spaces
    /// and Unicode survive), query values, and OAuth's form fields and basic credentials (RFC 6749
    /// Appendix B).
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func body(_ schema: RegistrySchema) -> JSONValue {
        .object(.init(uniqueKeysWithValues: RegistrySchemaJSON.members(
            text: schema.text, type: schema.type, references: schema.references, metadata: schema.metadata)))
    }

    /// The `guid` member of an answer, when present and well-formed.
    static func guid(in answer: JSONValue) -> SchemaGUID? {
        answer.objectValue?["guid"]?.stringValue.flatMap { SchemaGUID($0) }
    }

    static func schema(from answer: JSONValue, path: String) throws(RegistryClientError) -> RegistrySchema {
        guard let object = answer.objectValue, case let .string(text)? = object["schema"] else {
            throw .invalidResponse(message: "no schema in the answer", path: path)
        }
        var type = SchemaType.avro
        if case let .string(name)? = object["schemaType"] {
            guard let parsed = SchemaType(rawValue: name) else { throw .invalidResponse(message: "unknown schemaType \(name)", path: path) }
            type = parsed
        }
        var references: [SchemaReference] = []
        for item in object["references"]?.arrayValue ?? [] {
            guard let reference = SchemaReference(jsonValue: item) else { throw .invalidResponse(message: "malformed reference", path: path) }
            references.append(reference)
        }
        var metadata: SchemaMetadata?
        if let value = object["metadata"], value != .null {
            do { metadata = try SchemaMetadata(jsonValue: value) } catch { throw .invalidResponse(message: error.description, path: path) }
        }
        return RegistrySchema(text: text, type: type, references: references, metadata: metadata)
    }

    static func registered(from answer: JSONValue, path: String) throws(RegistryClientError) -> RegisteredSchema {
        let object = answer.objectValue
        guard case let .string(subject)? = object?["subject"], let version = object?["version"]?.int64Value,
            let id = object?["id"]?.int64Value, let narrowVersion = Int(exactly: version), let narrowID = Int(exactly: id)
        else { throw .invalidResponse(message: "expected subject, version and id in \(answer.serialized().prefix(200))", path: path) }
        return RegisteredSchema(
            subject: subject, version: narrowVersion, id: narrowID, schema: try schema(from: answer, path: path), guid: guid(in: answer))
    }

    static func strings(_ answer: JSONValue, path: String) throws(RegistryClientError) -> [String] {
        guard let items = answer.arrayValue?.compactMap(\.stringValue), items.count == answer.arrayValue?.count else {
            throw .invalidResponse(message: "expected an array of strings", path: path)
        }
        return items
    }

    static func integers(_ answer: JSONValue, path: String) throws(RegistryClientError) -> [Int] {
        guard let items = answer.arrayValue?.compactMap({ $0.int64Value.flatMap { Int(exactly: $0) } }), items.count == answer.arrayValue?.count else {
            throw .invalidResponse(message: "expected an array of integers", path: path)
        }
        return items
    }
}
