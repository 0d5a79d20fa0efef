import Foundation
import SchemaWireAvro
import SchemaWireCore
import Synchronization

/// Which version of a subject a request names.
enum VersionSelector: Sendable, Equatable {
    case latest
    case number(Int)

    /// Parses `latest`, `-1` or a version number in [1, 2^31-1].
    init(_ text: String) throws(RegistryError) {
        if text == "latest" || text == "-1" {
            self = .latest
        } else if let number = Int(text), number >= 1, number <= Int(Int32.max) {
            self = .number(number)
        } else {
            throw .invalidVersion(text)
        }
    }
}

/// A schema as a request submits it.
struct SchemaSubmission: Sendable {
    var text: String
    var type: SchemaType
    var references: [SchemaReference]
    var metadata: SchemaMetadata?
    var normalize: Bool
}

/// Confluent Schema Registry's semantics over a ``SchemaStore``: global stable ids, per-subject
/// versions, soft then permanent deletes, references, and compatibility enforced on register.
final class SchemaRegistry: Sendable {
    let store: any SchemaStore
    /// How large a submitted schema may be.
    let limits: SchemaLimits
    /// Parsed and stored schemas by id: ids are immutable, so entries never go stale.
    private let parsed = Mutex<[Int: ParsedSchema]>([:])
    private let stored = Mutex<[Int: StoredSchema]>([:])
    private static let maximumReferenceDepth = 32
    /// How long a registration keeps retrying while other writers change its subject under it.
    private static let registrationDeadline = Duration.seconds(30)

    init(store: any SchemaStore, limits: SchemaLimits = .default) {
        self.store = store
        self.limits = limits
    }

    /// Runs a store call, reporting store failures as error 50001 and passing registry errors through.
    func io<Result>(_ body: () throws -> Result) throws(RegistryError) -> Result {
        do {
            return try body()
        } catch let error as RegistryError {
            throw error
        } catch {
            // A conflict with another write becomes its own answer (422); anything else is 50001.
            throw .store(error)
        }
    }

    // MARK: Parsing

    /// A registered schema by id, from memory after the first read.
    func storedSchema(id: Int) throws(RegistryError) -> StoredSchema {
        if let cached = stored.withLock({ $0[id] }) { return cached }
        guard let schema = try io({ try store.schema(id: id) }) else { throw .schemaNotFound(id) }
        stored.withLock { $0[id] = schema }
        return schema
    }

    func parsedSchema(id: Int, depth: Int = 0) throws(RegistryError) -> ParsedSchema {
        if let cached = parsed.withLock({ $0[id] }) { return cached }
        let stored = try storedSchema(id: id)
        let schema = try ParsedSchema(type: stored.type, text: stored.text, references: try resolve(stored.references, depth: depth + 1))
        parsed.withLock { $0[id] = schema }
        return schema
    }

    /// The parsed schemas that `references` name, each resolved recursively.
    func resolve(_ references: [SchemaReference], depth: Int = 0) throws(RegistryError) -> [ParsedSchema.Reference] {
        guard depth <= Self.maximumReferenceDepth else { throw .invalidSchema("references nest deeper than \(Self.maximumReferenceDepth) levels (a cycle?)") }
        var result: [ParsedSchema.Reference] = []
        for reference in references {
            let versions = try io { try store.versions(subject: reference.subject, includeDeleted: false) }
            guard let target = versions.first(where: { $0.version == reference.version }) else {
                throw .invalidSchema("reference \"\(reference.name)\" names subject '\(reference.subject)' version \(reference.version), which does not exist")
            }
            let parsed = try parsedSchema(id: target.schemaID, depth: depth)
            result.append(ParsedSchema.Reference(name: reference.name, text: try storedSchema(id: target.schemaID).text, schema: parsed))
        }
        return result
    }

    /// The schema text in the requested format: Protobuf as a base64 `FileDescriptorProto` for
    /// `serialized` (what Confluent's clients ask for), otherwise as registered.
    func text(of stored: StoredSchema, format: String?) throws(RegistryError) -> String {
        guard format == "serialized", stored.type == .protobuf, let schema = try parsedSchema(id: stored.id).protobuf else { return stored.text }
        do { return Base64.encode(try schema.fileDescriptorProto()) } catch { throw .invalidSchema(error.description) }
    }

    func parse(_ submission: SchemaSubmission) throws(RegistryError) -> (ParsedSchema, SchemaCandidate) {
        let schema = try ParsedSchema(type: submission.type, text: submission.text, references: try resolve(submission.references))
        try limits.check(schema)
        let text = schema.storedText(submission.text, normalize: submission.normalize)
        let identity = schema.identity(storedText: text, references: submission.references, metadata: submission.metadata, normalize: submission.normalize)
        let candidate = SchemaCandidate(
            type: submission.type, text: text, references: submission.references, metadata: submission.metadata, identity: identity)
        return (schema, candidate)
    }

    // MARK: Compatibility

    func effectiveCompatibility(subject: String) throws(RegistryError) -> CompatibilityLevel {
        try io { try store.compatibility(subject: subject) ?? store.compatibility(subject: nil) ?? .default }
    }

    /// Checks `schema` against `previous` versions at `level`; schema-type changes are incompatible.
    func check(_ schema: ParsedSchema, against previous: [SubjectVersion], level: CompatibilityLevel) throws(RegistryError) -> CompatibilityResult {
        var versions: [(label: String, schema: ParsedSchema)] = []
        for version in previous { versions.append(("\(version.version)", try parsedSchema(id: version.schemaID))) }
        if level != .none, let mismatch = versions.first(where: { $0.schema.type != schema.type }) {
            let incompatibility = Incompatibility(
                kind: .typeMismatch, path: "", message: "The schema type changes from \(mismatch.schema.type.rawValue) to \(schema.type.rawValue).",
                hint: "register a different schema type under a new subject.", readerFragment: schema.type.rawValue,
                writerFragment: mismatch.schema.type.rawValue, direction: .newReadsOld, version: mismatch.label)
            return CompatibilityResult(level: level, incompatibilities: [incompatibility], checkedVersions: [mismatch.label])
        }
        if let avro = schema.avro {
            return avro.compatibility(against: versions.compactMap { version in version.schema.avro.map { (version.label, $0) } }, level: level)
        }
        if let protobuf = schema.protobuf {
            return protobuf.compatibility(against: versions.compactMap { version in version.schema.protobuf.map { (version.label, $0) } }, level: level)
        }
        // JSON Schema has no compatibility engine: it is checked at level NONE.
        return CompatibilityResult(level: .none, incompatibilities: [], checkedVersions: [])
    }

    /// The messages the registry gives for incompatibilities, in Confluent's verbose style.
    static func messages(_ result: CompatibilityResult) -> [String] {
        result.incompatibilities.map { incompatibility in
            "{errorType:'\(incompatibility.kind)', description:'\(incompatibility.message)', additionalInfo:'\(incompatibility.path.isEmpty ? "/" : incompatibility.path)', oldSchemaVersion: \(incompatibility.version), fix:'\(incompatibility.hint)'}"
        } + ["{compatibility: '\(result.level.rawValue)'}"]
    }

    // MARK: Writes

    private func requireWritable(_ subject: String) throws(RegistryError) {
        let mode = try io { try store.mode(subject: subject) ?? store.mode(subject: nil) ?? .readWrite }
        if mode == .readOnly { throw .readOnly(subject) }
    }

    /// Registers a schema under `subject` (or returns its existing id there), refusing it with 409
    /// when it is not compatible with the subject's versions at the subject's level.
    func register(subject: String, _ submission: SchemaSubmission) throws(RegistryError) -> (id: Int, version: Int) {
        try requireWritable(subject)
        let (schema, candidate) = try parse(submission)
        let level = try effectiveCompatibility(subject: subject)
        let deadline = ContinuousClock.now + Self.registrationDeadline
        var pause = Duration.milliseconds(1)
        while ContinuousClock.now < deadline {
            let live = try io { try store.versions(subject: subject, includeDeleted: false) }
            let result = try check(schema, against: live, level: level)
            do {
                let outcome = try store.register(candidate, subject: subject) { current in
                    guard current == live else { throw StaleRead() }
                    guard result.isCompatible else {
                        throw RegistryError.incompatible(
                            "Schema being registered is incompatible with an earlier schema for subject \"\(subject)\", details: [\(Self.messages(result).joined(separator: ", "))]")
                    }
                }
                if outcome.isNew { parsed.withLock { $0[outcome.id] = schema } }
                return (outcome.id, outcome.version)
            } catch is StaleRead {
                // Another writer changed the subject: check against what it wrote, after a pause
                // that grows (with jitter) while the contention lasts.
                Thread.sleep(forTimeInterval: Double(pause.components.attoseconds) / 1e18 * Double.random(in: 0.5...1.5))
                pause = min(pause * 2, .milliseconds(100))
                continue
            } catch let error as RegistryError {
                throw error
            } catch {
                throw .store(error)
            }
        }
        throw RegistryError(status: 500, code: 50001, message: "Too many concurrent changes to subject '\(subject)'; retry the registration")
    }

    /// The subject changed between reading its versions and writing: check again.
    private struct StaleRead: Error {}

    func deleteSubject(_ subject: String, permanent: Bool) throws(RegistryError) -> [Int] {
        try requireWritable(subject)
        let all = try io { try store.versions(subject: subject, includeDeleted: true) }
        guard !all.isEmpty else { throw .subjectNotFound(subject) }
        let live = all.filter { !$0.deleted }
        if permanent {
            guard live.isEmpty else { throw .subjectNotSoftDeleted(subject) }
            try io { try store.delete(subject: subject, versions: all.map(\.version), permanent: true, refusingReferenced: false) }
            return all.map(\.version)
        }
        guard !live.isEmpty else { throw .subjectSoftDeleted(subject) }
        try io { try store.delete(subject: subject, versions: live.map(\.version), permanent: false, refusingReferenced: true) }
        return live.map(\.version)
    }

    func deleteVersion(_ subject: String, _ selector: VersionSelector, permanent: Bool) throws(RegistryError) -> Int {
        try requireWritable(subject)
        let all = try io { try store.versions(subject: subject, includeDeleted: true) }
        guard !all.isEmpty else { throw .subjectNotFound(subject) }
        let target: SubjectVersion?
        switch selector {
        case .latest: target = permanent ? all.last : all.last(where: { !$0.deleted })
        case let .number(number): target = all.first { $0.version == number }
        }
        guard let target else {
            if case let .number(number) = selector { throw .versionNotFound(number) }
            throw .subjectNotFound(subject)
        }
        if permanent {
            guard target.deleted else { throw .versionNotSoftDeleted(subject, target.version) }
        } else {
            guard !target.deleted else { throw .versionSoftDeleted(subject, target.version) }
        }
        try io { try store.delete(subject: subject, versions: [target.version], permanent: permanent, refusingReferenced: true) }
        return target.version
    }

    // MARK: Reads

    func version(_ subject: String, _ selector: VersionSelector, includeDeleted: Bool) throws(RegistryError) -> (SubjectVersion, StoredSchema) {
        let versions = try io { try store.versions(subject: subject, includeDeleted: includeDeleted) }
        guard !versions.isEmpty else { throw .subjectNotFound(subject) }
        let found: SubjectVersion?
        switch selector {
        case .latest: found = versions.last
        case let .number(number): found = versions.first { $0.version == number }
        }
        guard let found else {
            if case let .number(number) = selector { throw .versionNotFound(number) }
            throw .subjectNotFound(subject)
        }
        return (found, try storedSchema(id: found.schemaID))
    }

    /// Finds the version of `subject` holding `submission`. A submission without metadata also
    /// matches the newest version holding the same schema with metadata (clients that look up a
    /// schema by its text alone, as Confluent's serializers do, find it).
    func lookup(_ subject: String, _ submission: SchemaSubmission, includeDeleted: Bool) throws(RegistryError) -> (SubjectVersion, StoredSchema) {
        let versions = try io { try store.versions(subject: subject, includeDeleted: includeDeleted) }
        guard !versions.isEmpty else { throw .subjectNotFound(subject) }
        let (_, candidate) = try parse(submission)
        if let id = try io({ try store.schemaID(identity: candidate.identity) }), let found = versions.last(where: { $0.schemaID == id }) {
            return (found, try storedSchema(id: id))
        }
        if submission.metadata == nil {
            // The candidate's identity is already the bare one: it has no metadata.
            for version in versions.reversed() {
                let stored = try storedSchema(id: version.schemaID)
                guard stored.metadata != nil, stored.type == submission.type, stored.references == submission.references else { continue }
                let parsed = try parsedSchema(id: stored.id)
                let storedBare = parsed.identity(
                    storedText: parsed.storedText(stored.text, normalize: submission.normalize), references: stored.references, metadata: nil,
                    normalize: submission.normalize)
                if storedBare == candidate.identity { return (version, stored) }
            }
        }
        throw .schemaNotFound()
    }

    /// A registered schema by GUID (header framing's id).
    func storedSchema(guid: String) throws(RegistryError) -> StoredSchema {
        guard let canonical = SchemaGUID(guid)?.description, let id = try io({ try store.schemaID(guid: canonical) }) else {
            throw RegistryError(status: 404, code: 40403, message: "Schema with GUID \(guid) not found")
        }
        return try storedSchema(id: id)
    }

    /// The newest version of `subject` whose metadata holds every pair of `properties`
    /// (`use.latest.with.metadata`).
    func latest(_ subject: String, withMetadata properties: [String: String], includeDeleted: Bool) throws(RegistryError) -> (SubjectVersion, StoredSchema) {
        let versions = try io { try store.versions(subject: subject, includeDeleted: includeDeleted) }
        guard !versions.isEmpty else { throw .subjectNotFound(subject) }
        for version in versions.reversed() {
            let stored = try storedSchema(id: version.schemaID)
            if stored.metadata?.matches(properties) ?? properties.isEmpty { return (version, stored) }
        }
        let wanted = properties.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        throw RegistryError(status: 404, code: 40403, message: "No version of subject '\(subject)' has metadata \(wanted)")
    }

    /// Tests `submission` against one version, or (with nil) against every version the level names.
    func testCompatibility(_ subject: String, _ selector: VersionSelector?, _ submission: SchemaSubmission) throws(RegistryError) -> CompatibilityResult {
        let (schema, _) = try parse(submission)
        let level = try effectiveCompatibility(subject: subject)
        let live = try io { try store.versions(subject: subject, includeDeleted: false) }
        switch selector {
        case nil:
            return try check(schema, against: live, level: level)
        case .latest?:
            guard !live.isEmpty else { throw .subjectNotFound(subject) }
            return try check(schema, against: level.isTransitive ? live : [live[live.count - 1]], level: level)
        case let .number(number)?:
            guard !live.isEmpty else { throw .subjectNotFound(subject) }
            guard let version = live.first(where: { $0.version == number }) else { throw .versionNotFound(number) }
            return try check(schema, against: [version], level: level)
        }
    }
}
