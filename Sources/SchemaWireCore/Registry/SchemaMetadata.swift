/// Metadata registered with a schema version (Confluent's data-contract `metadata`): properties
/// that let clients pick a version by meaning rather than by number (`use.latest.with.metadata`,
/// e.g. `application.major.version=2`), tags on schema paths, and the names of sensitive fields.
///
/// Metadata is part of a schema's identity: the same text with other metadata is another schema.
public struct SchemaMetadata: Hashable, Sendable {
    public var properties: [String: String]
    /// Tags by schema path (`Order.card` → `["PII"]`).
    public var tags: [String: [String]]
    public var sensitive: [String]

    public init(properties: [String: String] = [:], tags: [String: [String]] = [:], sensitive: [String] = []) {
        self.properties = properties
        self.tags = tags
        self.sensitive = sensitive
    }

    /// Whether every pair of `wanted` is among the properties.
    public func matches(_ wanted: [String: String]) -> Bool {
        wanted.allSatisfy { properties[$0.key] == $0.value }
    }

    /// The REST form, keys sorted so that equal metadata always serializes to the same text.
    public var jsonValue: JSONValue {
        var members: [(String, JSONValue)] = []
        if !tags.isEmpty {
            members.append(("tags", .object(.init(uniqueKeysWithValues: tags.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map(JSONValue.string))) }))))
        }
        if !properties.isEmpty {
            members.append(("properties", .object(.init(uniqueKeysWithValues: properties.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))))
        }
        if !sensitive.isEmpty { members.append(("sensitive", .array(sensitive.sorted().map(JSONValue.string)))) }
        return .object(.init(uniqueKeysWithValues: members))
    }

    /// Reads the REST form; the error names the member that is malformed.
    public init(jsonValue: JSONValue) throws(SchemaMetadataError) {
        guard case let .object(object) = jsonValue else { throw SchemaMetadataError(member: "metadata", expected: "an object") }
        var properties: [String: String] = [:]
        if let value = object["properties"], value != .null {
            guard case let .object(items) = value else { throw SchemaMetadataError(member: "metadata.properties", expected: "an object of strings") }
            for (name, item) in items {
                guard case let .string(text) = item else { throw SchemaMetadataError(member: "metadata.properties.\(name)", expected: "a string") }
                properties[name] = text
            }
        }
        var tags: [String: [String]] = [:]
        if let value = object["tags"], value != .null {
            guard case let .object(items) = value else { throw SchemaMetadataError(member: "metadata.tags", expected: "an object of string arrays") }
            for (path, item) in items {
                guard let names = item.arrayValue?.compactMap(\.stringValue), names.count == item.arrayValue?.count else {
                    throw SchemaMetadataError(member: "metadata.tags.\(path)", expected: "an array of strings")
                }
                tags[path] = names
            }
        }
        var sensitive: [String] = []
        if let value = object["sensitive"], value != .null {
            guard let names = value.arrayValue?.compactMap(\.stringValue), names.count == value.arrayValue?.count else {
                throw SchemaMetadataError(member: "metadata.sensitive", expected: "an array of strings")
            }
            sensitive = names
        }
        self.init(properties: properties, tags: tags, sensitive: sensitive)
    }
}

/// Metadata that is not in the REST form.
public struct SchemaMetadataError: Error, Sendable, CustomStringConvertible {
    public var member: String
    public var expected: String
    public var description: String { "\(member) must be \(expected)" }
}
