import ArgumentParser
import SchemaWireCore
import SchemaWireRegistry

/// `schemawire registry get`: one schema, by id or by subject and version.
struct RegistryGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Print a schema as the registry answers it (JSON).")

    @OptionGroup var connection: RegistryConnectionOptions

    @Option(help: "The schema id.")
    var id: Int?

    @Option(help: "The subject.")
    var subject: String?

    @Option(help: "The version number or 'latest' (with --subject; default latest).")
    var version: String = "latest"

    func validate() throws {
        guard (id == nil) != (subject == nil) else { throw ValidationError("give either --id or --subject") }
        guard version == "latest" || Int(version).map({ $0 > 0 }) == true else { throw ValidationError("--version must be a positive number or 'latest'") }
    }

    func run() async throws {
        let client = try connection.client()
        if let id {
            let schema = try await registryCall { () throws(RegistryClientError) in try await client.schema(id: id) }
            var object: [(String, JSONValue)] = [("id", .integer(id))]
            object += RegistrySchemaJSON.members(text: schema.text, type: schema.type, references: schema.references, metadata: schema.metadata)
            print(JSONValue.object(.init(uniqueKeysWithValues: object)).serialized())
        } else if let subject {
            let selector: SchemaVersion = Int(version).map { .number($0) } ?? .latest
            let registered = try await registryCall { () throws(RegistryClientError) in try await client.version(selector, of: subject) }
            print(registeredJSON(registered).serialized())
        }
    }
}

/// `schemawire registry subjects`: every subject, one per line or as JSON.
struct RegistrySubjectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "subjects", abstract: "List subjects.")

    @OptionGroup var connection: RegistryConnectionOptions

    @Flag(help: "Include soft-deleted subjects.")
    var deleted = false

    @Option(help: "text (one per line) or json.")
    var format: ListFormat = .text

    func run() async throws {
        let client = try connection.client()
        let subjects = try await registryCall { () throws(RegistryClientError) in try await client.subjects(includeDeleted: deleted) }
        print(format.render(subjects.map(JSONValue.string)))
    }
}

/// `schemawire registry versions`: a subject's versions.
struct RegistryVersionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "versions", abstract: "List a subject's versions.")

    @OptionGroup var connection: RegistryConnectionOptions

    @Option(help: "The subject.")
    var subject: String

    @Flag(help: "Include soft-deleted versions.")
    var deleted = false

    @Option(help: "text (one per line) or json.")
    var format: ListFormat = .text

    func run() async throws {
        let client = try connection.client()
        let versions = try await registryCall { () throws(RegistryClientError) in try await client.versions(of: subject, includeDeleted: deleted) }
        print(format.render(versions.map { JSONValue.integer($0) }))
    }
}

/// `schemawire registry config`: read, set or remove a compatibility level.
struct RegistryConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show, set (--set) or remove (--delete) the global or a subject's compatibility level.")

    @OptionGroup var connection: RegistryConnectionOptions

    @Option(help: "The subject (default: the global level).")
    var subject: String?

    @Option(help: "Set this level: NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE.")
    var set: String?

    @Flag(help: "Remove the subject's level (or reset the global one).")
    var delete = false

    func validate() throws {
        if let set, CompatibilityLevel(name: set) == nil { throw ValidationError("unknown level \"\(set)\"") }
        if set != nil && delete { throw ValidationError("give either --set or --delete") }
    }

    func run() async throws {
        let client = try connection.client()
        if let level = set.flatMap(CompatibilityLevel.init(name:)) {
            try await registryCall { () throws(RegistryClientError) in try await client.setCompatibilityLevel(level, subject: subject) }
            print(JSONValue.object(["compatibility": .string(level.rawValue)]).serialized())
        } else if delete {
            let removed = try await registryCall { () throws(RegistryClientError) in try await client.deleteCompatibilityLevel(subject: subject) }
            print(JSONValue.object(["compatibilityLevel": .string(removed.rawValue)]).serialized())
        } else {
            let level = try await registryCall { () throws(RegistryClientError) in try await client.compatibilityLevel(subject: subject) }
            print(JSONValue.object(["compatibilityLevel": .string(level.rawValue)]).serialized())
        }
    }
}

/// `schemawire registry delete`: soft- (or permanently) deletes a subject or one version.
struct RegistryDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a subject or a version (soft; --permanent after a soft delete).")

    @OptionGroup var connection: RegistryConnectionOptions

    @Option(help: "The subject.")
    var subject: String

    @Option(help: "One version (number or 'latest'); default the whole subject.")
    var version: String?

    @Flag(help: "Delete permanently (the registry requires a soft delete first).")
    var permanent = false

    func run() async throws {
        let client = try connection.client()
        if let version {
            guard let selector: SchemaVersion = version == "latest" ? .latest : Int(version).map({ .number($0) }) else {
                throw ValidationError("--version must be a number or 'latest'")
            }
            let deleted = try await registryCall { () throws(RegistryClientError) in try await client.deleteVersion(selector, of: subject, permanent: permanent) }
            print(deleted)
        } else {
            let deleted = try await registryCall { () throws(RegistryClientError) in try await client.deleteSubject(subject, permanent: permanent) }
            print(JSONValue.array(deleted.map { .integer($0) }).serialized())
        }
    }
}
