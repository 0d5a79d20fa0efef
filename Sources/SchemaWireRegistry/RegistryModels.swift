import SchemaWireCore

/// A schema as a registry holds it: text, language and references to other subjects' schemas.
public struct RegistrySchema: Hashable, Sendable {
    public var text: String
    public var type: SchemaType
    public var references: [SchemaReference]
    /// Registered with the schema and part of its identity (``SchemaMetadata``).
    public var metadata: SchemaMetadata?

    public init(text: String, type: SchemaType = .avro, references: [SchemaReference] = [], metadata: SchemaMetadata? = nil) {
        self.text = text
        self.type = type
        self.references = references
        self.metadata = metadata
    }
}

/// What registering a schema tells: its id, and the GUID and version where the registry says them.
public struct SchemaRegistration: Hashable, Sendable {
    public var id: Int
    /// The GUID header framing needs (Confluent Platform 8 and SchemaWire's registry send it).
    public var guid: SchemaGUID?
    public var version: Int?

    public init(id: Int, guid: SchemaGUID? = nil, version: Int? = nil) {
        self.id = id
        self.guid = guid
        self.version = version
    }
}

/// A schema registered under a subject at a version.
public struct RegisteredSchema: Hashable, Sendable {
    public var subject: String
    public var version: Int
    public var id: Int
    public var schema: RegistrySchema
    /// The schema's GUID, when the registry sends one.
    public var guid: SchemaGUID?

    public init(subject: String, version: Int, id: Int, schema: RegistrySchema, guid: SchemaGUID? = nil) {
        self.subject = subject
        self.version = version
        self.id = id
        self.schema = schema
        self.guid = guid
    }
}

/// A version of a subject: a number or the latest.
public enum SchemaVersion: Hashable, Sendable, CustomStringConvertible {
    case latest
    case number(Int)

    public var description: String {
        switch self {
        case .latest: return "latest"
        case let .number(number): return String(number)
        }
    }
}

/// How a Protobuf import becomes the subject it is registered under (Confluent's
/// `reference.subject.name.strategy`).
public enum ReferenceSubjectNameStrategy: String, Hashable, Sendable, CaseIterable {
    /// The import path itself: `shop/money.proto` (Confluent's default).
    case importPath = "DefaultReferenceSubjectNameStrategy"
    /// The import path as a dotted name without `.proto`: `shop.money`.
    case qualified = "QualifiedReferenceSubjectNameStrategy"

    /// The subject for the file imported as `path`.
    public func subject(importPath path: String) -> String {
        switch self {
        case .importPath: return path
        case .qualified:
            let bare = path.hasSuffix(".proto") ? String(path.dropLast(".proto".count)) : path
            return bare.replacingOccurrences(of: "/", with: ".")
        }
    }
}

/// How a topic and record name become a registry subject (Confluent's `*.subject.name.strategy`).
public enum SubjectNameStrategy: String, Hashable, Sendable, CaseIterable {
    /// `<topic>-key` / `<topic>-value`: one schema per topic (the default).
    case topicName = "TopicNameStrategy"
    /// `<record full name>`: one schema per record type, across topics.
    case recordName = "RecordNameStrategy"
    /// `<topic>-<record full name>`: several record types per topic.
    case topicRecordName = "TopicRecordNameStrategy"

    /// The subject for a key or value of `recordName` on `topic`.
    public func subject(topic: String, isKey: Bool, recordName: String?) -> String {
        switch self {
        case .topicName: return topic + (isKey ? "-key" : "-value")
        case .recordName: return recordName ?? topic + (isKey ? "-key" : "-value")
        case .topicRecordName: return recordName.map { "\(topic)-\($0)" } ?? topic + (isKey ? "-key" : "-value")
        }
    }
}
