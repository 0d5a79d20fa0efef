/// The schema languages the registry stores, named as the registry's `schemaType` names them.
public enum SchemaType: String, CaseIterable, Sendable, Codable {
    case avro = "AVRO"
    case protobuf = "PROTOBUF"
    case json = "JSON"
}

/// A reference from one schema to a named type or file registered under another subject.
public struct SchemaReference: Hashable, Sendable {
    /// The name the referencing schema uses (an Avro full name, or a `.proto` import path).
    public var name: String
    public var subject: String
    public var version: Int

    public init(name: String, subject: String, version: Int) {
        self.name = name
        self.subject = subject
        self.version = version
    }
}

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
