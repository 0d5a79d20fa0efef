import SchemaWireCore

/// A registered schema: immutable once it has an id.
struct StoredSchema: Sendable {
    var id: Int
    /// The globally unique id that header framing (`__value_schema_id`) carries.
    var guid: String
    var type: SchemaType
    var text: String
    var references: [SchemaReference]
    var metadata: SchemaMetadata?
}

/// One version of a subject.
struct SubjectVersion: Sendable, Equatable {
    var subject: String
    var version: Int
    var schemaID: Int
    var deleted: Bool
}

/// A schema ready to be stored: its text plus the identity under which equal schemas share an id.
struct SchemaCandidate: Sendable {
    var type: SchemaType
    var text: String
    var references: [SchemaReference]
    var metadata: SchemaMetadata?
    /// Schemas with the same identity are the same schema (same id everywhere).
    var identity: String
    /// Confluent's derivation (text, references, metadata), so a schema has the GUID a Confluent
    /// registry gives it.
    var guid: String { SchemaGUID(confluentSchema: text, references: references, metadata: metadata).description }
}

/// The registry's operating modes.
public enum RegistryMode: String, CaseIterable, Sendable {
    case readWrite = "READWRITE"
    case readOnly = "READONLY"
    case `import` = "IMPORT"
}
