import Dispatch
import Foundation
import Hummingbird
import Logging
import SchemaWireCore

/// Routes registry requests to ``SchemaRegistry``. Routing is done on percent-decoded path
/// segments so that subjects containing `/` work; store calls run off the cooperative pool, and
/// work on submitted schemas (parsing the body, the schema, checking it) on lanes of its own.
struct RegistryResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let registry: SchemaRegistry
    let authenticator: BasicAuthenticator?
    let bearerAuthenticator: BearerAuthenticator?
    let maximumRequestBytes: Int
    let lanes: WorkLanes
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            if !(await allows(request)) {
                var unauthorized = Response.registryError(.unauthorized)
                unauthorized.headers[.wwwAuthenticate] = bearerAuthenticator == nil ? "Basic realm=\"schemawire\"" : "Bearer realm=\"schemawire\""
                response = unauthorized
            } else {
                response = try await route(request)
            }
        } catch {
            if let detail = (error as? RegistryError)?.detail { logger.error("store failure", metadata: ["detail": "\(detail)"]) }
            var failure = Response.registryError(error)
            // The body was drained to its end: closing now is clean, and the client reads the 413.
            if (error as? RegistryError)?.status == 413 { failure.headers[.connection] = "close" }
            response = failure
        }
        let elapsed = ContinuousClock.now - start
        logger.info("request", metadata: [
            "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
            "ms": "\(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)",
        ])
        return response
    }

    /// Open when no authenticator is configured; otherwise either kind of credentials passes.
    private func allows(_ request: Request) async -> Bool {
        guard authenticator != nil || bearerAuthenticator != nil else { return true }
        if let authenticator, authenticator.allows(request) { return true }
        guard let bearerAuthenticator else { return false }
        return await bearerAuthenticator.allows(request)
    }

    /// Which lane blocking work runs on.
    enum Lane {
        /// Store reads and other short work.
        case reads
        /// Work on a submitted schema, however large.
        case schemas
    }

    /// Runs blocking registry and store work off the cooperative pool, on `lane`, and resumes with
    /// its result; store failures become error 50001.
    private func offload<Value: Sendable>(_ lane: Lane = .reads, _ body: @escaping @Sendable () throws -> Value) async throws(RegistryError) -> Value {
        let queue = lane == .reads ? lanes.readQueue : lanes.schemaQueue
        let result: Result<Value, RegistryError> = await withCheckedContinuation { continuation in
            queue.async {
                do {
                    continuation.resume(returning: .success(try body()))
                } catch let error as RegistryError {
                    continuation.resume(returning: .failure(error))
                } catch {
                    continuation.resume(returning: .failure(.store(error)))
                }
            }
        }
        return try result.get()
    }

    private func route(_ request: Request) async throws(RegistryError) -> Response {
        let segments = pathSegments(request.uri.path)
        let query = queryParameters(request.uri.query)
        let method = request.method
        let registry = self.registry
        switch (method, segments.count, segments.first) {
        case (.get, 0, _):
            return .registryJSON([:])
        case (.get, 1, "subjects"):
            let deleted = query.flag("deleted")
            return .registryJSON(.array(try await offload { try registry.store.subjects(includeDeleted: deleted) }.map(JSONValue.string)))
        case (_, 2, "subjects"):
            return try await subject(request, segments[1], query)
        case (.get, 3, "subjects") where segments[2] == "metadata":
            return try await latestWithMetadata(segments[1], request.uri.query, query)
        case (_, 3, "subjects") where segments[2] == "versions":
            return try await versions(request, segments[1], query)
        case (_, 4, "subjects") where segments[2] == "versions":
            return try await version(request, segments[1], try VersionSelector(segments[3]), query)
        case (.get, 5, "subjects") where segments[2] == "versions" && segments[4] == "schema":
            let selector = try VersionSelector(segments[3])
            let (_, stored) = try await offload { try registry.version(segments[1], selector, includeDeleted: query.flag("deleted")) }
            return .rawSchema(stored.text)
        case (.get, 5, "subjects") where segments[2] == "versions" && segments[4] == "referencedby":
            let selector = try VersionSelector(segments[3])
            let ids = try await offload {
                let (version, _) = try registry.version(segments[1], selector, includeDeleted: true)
                return try registry.store.referencingSchemaIDs(subject: segments[1], version: version.version)
            }
            return .registryJSON(.array(ids.map { .integer($0) }))
        case (.get, _, "schemas"):
            return try await schemas(segments, query)
        case (.post, 4, "compatibility") where segments[1] == "subjects" && segments[3] == "versions",
            (.post, 5, "compatibility") where segments[1] == "subjects" && segments[3] == "versions":
            return try await compatibility(request, segments[2], segments.count == 5 ? try VersionSelector(segments[4]) : nil, query)
        case (_, 1, "config"), (_, 2, "config"):
            return try await config(request, segments.count == 2 ? segments[1] : nil, query)
        case (_, 1, "mode"), (_, 2, "mode"):
            return try await mode(request, segments.count == 2 ? segments[1] : nil, query)
        default:
            throw .notFound(request.uri.path)
        }
    }

    private func versionJSON(_ version: SubjectVersion, _ stored: StoredSchema, text: String? = nil) -> JSONValue {
        var object: [(String, JSONValue)] = [
            ("subject", .string(version.subject)), ("version", .integer(version.version)), ("id", .integer(stored.id)),
            ("guid", .string(stored.guid)),
        ]
        object += RegistrySchemaJSON.members(text: text ?? stored.text, type: stored.type, references: stored.references, metadata: stored.metadata)
        return .object(.init(uniqueKeysWithValues: object))
    }

    /// `GET /subjects/{subject}/metadata?key=K&value=V…`: the newest version whose metadata holds
    /// every pair (keys and values pair up in order, as Confluent's clients send them).
    private func latestWithMetadata(_ subject: String, _ rawQuery: String?, _ query: [String: String]) async throws(RegistryError) -> Response {
        let pairs = queryPairs(rawQuery)
        let keys = pairs.filter { $0.name == "key" }.map(\.value)
        let values = pairs.filter { $0.name == "value" }.map(\.value)
        guard keys.count == values.count else {
            throw .unprocessable("metadata lookup needs one value per key (got \(keys.count) key(s), \(values.count) value(s))")
        }
        let wanted = Dictionary(zip(keys, values), uniquingKeysWith: { _, last in last })
        let registry = self.registry
        let (version, stored, text) = try await offload {
            let (version, stored) = try registry.latest(subject, withMetadata: wanted, includeDeleted: query.flag("deleted"))
            return (version, stored, try registry.text(of: stored, format: query["format"]))
        }
        return .registryJSON(versionJSON(version, stored, text: text))
    }

    private func subject(_ request: Request, _ subject: String, _ query: [String: String]) async throws(RegistryError) -> Response {
        let registry = self.registry
        switch request.method {
        case .post:
            let body = try await RequestBody.read(request, limit: maximumRequestBytes)
            let (version, stored) = try await offload(.schemas) {
                let submission = try submission(try RequestBody.object(body), normalize: query.flag("normalize"))
                return try registry.lookup(subject, submission, includeDeleted: query.flag("deleted"))
            }
            return .registryJSON(versionJSON(version, stored))
        case .delete:
            let versions = try await offload { try registry.deleteSubject(subject, permanent: query.flag("permanent")) }
            return .registryJSON(.array(versions.map { .integer($0) }))
        default:
            throw .methodNotAllowed(request.method.rawValue)
        }
    }

    private func versions(_ request: Request, _ subject: String, _ query: [String: String]) async throws(RegistryError) -> Response {
        let registry = self.registry
        switch request.method {
        case .get:
            let versions = try await offload {
                let versions = try registry.store.versions(subject: subject, includeDeleted: query.flag("deleted"))
                guard !versions.isEmpty else { throw RegistryError.subjectNotFound(subject) }
                return versions
            }
            return .registryJSON(.array(versions.map { .integer($0.version) }))
        case .post:
            let body = try await RequestBody.read(request, limit: maximumRequestBytes)
            let (version, stored) = try await offload(.schemas) {
                let submission = try submission(try RequestBody.object(body), normalize: query.flag("normalize"))
                let (id, version) = try registry.register(subject: subject, submission)
                return (version, try registry.storedSchema(id: id))
            }
            return .registryJSON(["id": .integer(stored.id), "guid": .string(stored.guid), "version": .integer(version)])
        default:
            throw .methodNotAllowed(request.method.rawValue)
        }
    }

    private func version(_ request: Request, _ subject: String, _ selector: VersionSelector, _ query: [String: String]) async throws(RegistryError) -> Response {
        let registry = self.registry
        switch request.method {
        case .get:
            let (version, stored, text) = try await offload {
                let (version, stored) = try registry.version(subject, selector, includeDeleted: query.flag("deleted"))
                return (version, stored, try registry.text(of: stored, format: query["format"]))
            }
            return .registryJSON(versionJSON(version, stored, text: text))
        case .delete:
            let version = try await offload { try registry.deleteVersion(subject, selector, permanent: query.flag("permanent")) }
            return .registryJSON(.integer(version))
        default:
            throw .methodNotAllowed(request.method.rawValue)
        }
    }

    private func schemas(_ segments: [String], _ query: [String: String]) async throws(RegistryError) -> Response {
        let registry = self.registry
        if segments == ["schemas", "types"] {
            return .registryJSON(.array(SchemaType.allCases.reversed().map { .string($0.rawValue) }))
        }
        if segments.count == 3, segments[1] == "guids" {
            let (stored, text) = try await offload {
                let stored = try registry.storedSchema(guid: segments[2])
                return (stored, try registry.text(of: stored, format: query["format"]))
            }
            return .registryJSON(schemaJSON(stored, text: text))
        }
        guard segments.count >= 3, segments.count <= 4, segments[1] == "ids" else { throw .notFound("/" + segments.joined(separator: "/")) }
        guard let id = Int(segments[2]) else { throw .schemaNotFound() }
        let (stored, text) = try await offload {
            let stored = try registry.storedSchema(id: id)
            return (stored, try registry.text(of: stored, format: query["format"]))
        }
        switch segments.count == 4 ? segments[3] : nil {
        case nil:
            return .registryJSON(schemaJSON(stored, text: text))
        case "schema"?:
            return .rawSchema(stored.text)
        case "versions"?:
            let usages = try await offload { try registry.store.usages(schemaID: id, includeDeleted: query.flag("deleted")) }
            return .registryJSON(.array(usages.map { ["subject": .string($0.subject), "version": .integer($0.version)] }))
        default:
            throw .notFound("/" + segments.joined(separator: "/"))
        }
    }

    /// A schema without subject or version (`/schemas/ids/…`, `/schemas/guids/…`).
    private func schemaJSON(_ stored: StoredSchema, text: String) -> JSONValue {
        let members = [("id", JSONValue.integer(stored.id)), ("guid", .string(stored.guid))]
            + RegistrySchemaJSON.members(text: text, type: stored.type, references: stored.references, metadata: stored.metadata)
        return .object(.init(uniqueKeysWithValues: members))
    }

    private func compatibility(_ request: Request, _ subject: String, _ selector: VersionSelector?, _ query: [String: String]) async throws(RegistryError) -> Response {
        let registry = self.registry
        let body = try await RequestBody.read(request, limit: maximumRequestBytes)
        let result = try await offload(.schemas) {
            try registry.testCompatibility(subject, selector, try submission(try RequestBody.object(body), normalize: query.flag("normalize")))
        }
        var object: [(String, JSONValue)] = [("is_compatible", .bool(result.isCompatible))]
        if query.flag("verbose") {
            object.append(("messages", .array(result.isCompatible ? [] : SchemaRegistry.messages(result).map(JSONValue.string))))
        }
        return .registryJSON(.object(.init(uniqueKeysWithValues: object)))
    }

    private func config(_ request: Request, _ subject: String?, _ query: [String: String]) async throws(RegistryError) -> Response {
        let registry = self.registry
        switch request.method {
        case .get:
            let level = try await offload {
                if let level = try registry.store.compatibility(subject: subject) { return level }
                if let subject, !query.flag("defaultToGlobal") { throw RegistryError.compatibilityNotConfigured(subject) }
                return try registry.store.compatibility(subject: nil) ?? .default
            }
            return .registryJSON(["compatibilityLevel": .string(level.rawValue)])
        case .put:
            let object = try RequestBody.object(try await RequestBody.read(request, limit: maximumRequestBytes))
            guard case let .string(name)? = object["compatibility"] ?? object["compatibilityLevel"], let level = CompatibilityLevel(name: name) else {
                throw .invalidCompatibilityLevel
            }
            try await offload { try registry.store.setCompatibility(level, subject: subject) }
            return .registryJSON(["compatibility": .string(level.rawValue)])
        case .delete:
            let previous = try await offload {
                let current = try registry.store.compatibility(subject: subject)
                if let subject, current == nil { throw RegistryError.compatibilityNotConfigured(subject) }
                try registry.store.setCompatibility(nil, subject: subject)
                return current ?? .default
            }
            return .registryJSON(["compatibilityLevel": .string(previous.rawValue)])
        default:
            throw .methodNotAllowed(request.method.rawValue)
        }
    }

    private func mode(_ request: Request, _ subject: String?, _ query: [String: String]) async throws(RegistryError) -> Response {
        let registry = self.registry
        switch request.method {
        case .get:
            let mode = try await offload {
                if let mode = try registry.store.mode(subject: subject) { return mode }
                if let subject, !query.flag("defaultToGlobal") { throw RegistryError.modeNotConfigured(subject) }
                return try registry.store.mode(subject: nil) ?? .readWrite
            }
            return .registryJSON(["mode": .string(mode.rawValue)])
        case .put:
            let object = try RequestBody.object(try await RequestBody.read(request, limit: maximumRequestBytes))
            guard case let .string(name)? = object["mode"], let mode = RegistryMode(rawValue: name.uppercased()) else { throw .invalidMode }
            try await offload { try registry.store.setMode(mode, subject: subject) }
            return .registryJSON(["mode": .string(mode.rawValue)])
        case .delete:
            guard let subject else { throw .methodNotAllowed(request.method.rawValue) }
            let previous = try await offload {
                guard let current = try registry.store.mode(subject: subject) else { throw RegistryError.modeNotConfigured(subject) }
                try registry.store.setMode(nil, subject: subject)
                return current
            }
            return .registryJSON(["mode": .string(previous.rawValue)])
        default:
            throw .methodNotAllowed(request.method.rawValue)
        }
    }
}

extension Response {
    /// Any error as a registry error response (unexpected ones as 50001).
    static func registryError(_ error: any Error) -> Response {
        .registryError((error as? RegistryError) ?? .store(error))
    }
}
