import SchemaWireCore
import SchemaWireProtobuf

extension SchemaRegistryClient {
    /// The registry form of a Protobuf schema: its text, with each non-built-in import as a
    /// reference to the subject of the same name (Confluent's default reference subject strategy)
    /// at the version given in `versions`.
    static func registrySchema(text: String, imports: [ProtoImport], versions: [String: Int]) -> RegistrySchema {
        let references = imports.compactMap { item in versions[item.path].map { SchemaReference(name: item.path, subject: item.path, version: $0) } }
        return RegistrySchema(text: text, type: .protobuf, references: references)
    }

    /// Registers a Protobuf schema with its imports: every imported file that is not a well-known
    /// type first, each under a subject named by its import path (dependencies before dependents),
    /// then `schema` itself under `subject` with references to them. Returns the schema's id.
    ///
    /// Each registration runs the client-side BACKWARD check, imports included.
    public func registerProtobuf(_ schema: ProtoSchema, subject: String, normalize: Bool = false) async throws(RegistryClientError) -> Int {
        var versions: [String: Int] = [:]
        for dependency in schema.dependencies {
            guard let text = schema.importSources[dependency.path] else { continue }
            let registrySchema = Self.registrySchema(text: text, imports: dependency.imports, versions: versions)
            _ = try await register(registrySchema, subject: dependency.path, normalize: normalize)
            versions[dependency.path] = try await lookup(registrySchema, subject: dependency.path, normalize: normalize).version
        }
        return try await register(Self.registrySchema(text: schema.source, imports: schema.file.imports, versions: versions), subject: subject, normalize: normalize)
    }

    /// The writer schema of `id` parsed as Protobuf, its references fetched and linked.
    public func protobufSchema(id: Int) async throws(RegistryClientError) -> ProtoSchema {
        let registered = try await schema(id: id)
        guard registered.type == .protobuf else {
            throw .invalidSchema(message: "schema \(id) is \(registered.type.rawValue), not PROTOBUF", subject: nil)
        }
        return try await parseProtobuf(registered, subject: nil)
    }
}
