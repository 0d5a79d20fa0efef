/// The schema languages a schema registry holds, named as the registry's `schemaType` names them.
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


extension SchemaReference {
    /// The reference as the registry's REST API writes it.
    public var jsonValue: JSONValue { ["name": .string(name), "subject": .string(subject), "version": .integer(version)] }

    /// Reads a reference from the REST API form; nil when a member is missing or mistyped.
    public init?(jsonValue: JSONValue) {
        guard case let .object(object) = jsonValue, case let .string(name)? = object["name"],
            case let .string(subject)? = object["subject"], let version = object["version"]?.int64Value,
            let narrow = Int(exactly: version)
        else { return nil }
        self.init(name: name, subject: subject, version: narrow)
    }
}

/// How the registry's REST API writes a schema inside an object, shared by the server, the client
/// and the CLI so they cannot drift apart.
public enum RegistrySchemaJSON {
    /// `schemaType` (omitted for AVRO, as the registry does), `references` (omitted when there are
    /// none), `metadata` (omitted when nil) and `schema`, in that order.
    public static func members(
        text: String, type: SchemaType, references: [SchemaReference], metadata: SchemaMetadata? = nil
    ) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = []
        if type != .avro { members.append(("schemaType", .string(type.rawValue))) }
        if !references.isEmpty { members.append(("references", .array(references.map(\.jsonValue)))) }
        if let metadata { members.append(("metadata", metadata.jsonValue)) }
        members.append(("schema", .string(text)))
        return members
    }
}
