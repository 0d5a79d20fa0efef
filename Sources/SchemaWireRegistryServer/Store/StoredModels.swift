import SchemaWireCore

/// A registered schema: immutable once it has an id.
struct StoredSchema: Sendable {
    var id: Int
    var type: SchemaType
    var text: String
    var references: [SchemaReference]
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
    /// Schemas with the same identity are the same schema (same id everywhere).
    var identity: String
}

/// The registry's operating modes.
public enum RegistryMode: String, CaseIterable, Sendable {
    case readWrite = "READWRITE"
    case readOnly = "READONLY"
    case `import` = "IMPORT"
}
