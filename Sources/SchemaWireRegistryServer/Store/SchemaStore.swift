import SchemaWireCore

/// Where the registry keeps its state. The SQLite store is the default; the protocol is the seam a
/// replicated store (Confluent's `_schemas` compacted-topic design) plugs into.
///
/// Each method is atomic: `register` in particular reads the subject's versions, runs `validate`
/// and writes the new version in one transaction, so concurrent registrations never produce
/// duplicate ids or versions.
protocol SchemaStore: Sendable {
    /// Registers `candidate` under `subject`, or returns the existing id when the subject already
    /// has it. `validate` sees the subject's live versions (oldest first) and may throw to refuse.
    func register(
        _ candidate: SchemaCandidate, subject: String, validate: ([SubjectVersion]) throws -> Void
    ) throws -> (id: Int, version: Int, isNew: Bool)

    func schema(id: Int) throws -> StoredSchema?
    func schemaID(guid: String) throws -> Int?
    func schemaID(identity: String) throws -> Int?
    func subjects(includeDeleted: Bool) throws -> [String]
    /// A subject's versions, oldest first.
    func versions(subject: String, includeDeleted: Bool) throws -> [SubjectVersion]
    /// Every (subject, version) using a schema id.
    func usages(schemaID: Int, includeDeleted: Bool) throws -> [SubjectVersion]
    /// Ids of schemas that reference `subject` at `version`.
    func referencingSchemaIDs(subject: String, version: Int) throws -> [Int]

    /// Soft-deletes `versions` of `subject`, or with `permanent` removes them; with
    /// `refusingReferenced`, throws ``StoreConflict/referenced(subject:version:)`` instead when a
    /// live schema references one of them, checked in the same transaction as the delete (a
    /// registration referencing a version cannot slip in between).
    func delete(subject: String, versions: [Int], permanent: Bool, refusingReferenced: Bool) throws

    func compatibility(subject: String?) throws -> CompatibilityLevel?
    func setCompatibility(_ level: CompatibilityLevel?, subject: String?) throws
    func mode(subject: String?) throws -> RegistryMode?
    func setMode(_ mode: RegistryMode?, subject: String?) throws
}

/// A write the store refused because of what another write did first.
enum StoreConflict: Error {
    /// A live schema references this version.
    case referenced(subject: String, version: Int)
    /// A registration references a version that is gone (deleted while it was being checked).
    case missingReference(name: String, subject: String, version: Int)

    var registryError: RegistryError {
        switch self {
        case let .referenced(subject, version): return .referenceExists(subject, version)
        case let .missingReference(name, subject, version):
            return .invalidSchema("reference \"\(name)\" names subject '\(subject)' version \(version), which does not exist")
        }
    }
}
