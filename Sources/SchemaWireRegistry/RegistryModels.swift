import SchemaWireCore

/// A schema as a registry holds it: text, language and references to other subjects' schemas.
public struct RegistrySchema: Hashable, Sendable {
    public var text: String
    public var type: SchemaType
    public var references: [SchemaReference]

    public init(text: String, type: SchemaType = .avro, references: [SchemaReference] = []) {
        self.text = text
        self.type = type
        self.references = references
    }
}

/// A schema registered under a subject at a version.
public struct RegisteredSchema: Hashable, Sendable {
    public var subject: String
    public var version: Int
    public var id: Int
    public var schema: RegistrySchema

    public init(subject: String, version: Int, id: Int, schema: RegistrySchema) {
        self.subject = subject
        self.version = version
        self.id = id
        self.schema = schema
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
