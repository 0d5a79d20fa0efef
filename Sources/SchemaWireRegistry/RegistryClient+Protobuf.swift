import Foundation
import SchemaWireCore
import SchemaWireProtobuf

extension SchemaRegistryClient {
    /// The registry form of a Protobuf schema: its text, with each non-built-in import as a
    /// reference to the subject `strategy` names, at the version given in `versions`.
    static func registrySchema(
        text: String, imports: [ProtoImport], versions: [String: Int], strategy: ReferenceSubjectNameStrategy = .importPath
    ) -> RegistrySchema {
        let references = imports.compactMap { item in
            versions[item.path].map { SchemaReference(name: item.path, subject: strategy.subject(importPath: item.path), version: $0) }
        }
        return RegistrySchema(text: text, type: .protobuf, references: references)
    }

    /// Registers a Protobuf schema with its imports: every imported file that is not a well-known
    /// type first, each under the subject `referenceStrategy` names (dependencies before
    /// dependents), then `schema` itself under `subject` with references to them. Returns the
    /// schema's id.
    ///
    /// Each registration runs the client-side BACKWARD check, imports included.
    public func registerProtobuf(
        _ schema: ProtoSchema, subject: String, normalize: Bool = false, referenceStrategy: ReferenceSubjectNameStrategy = .importPath
    ) async throws(RegistryClientError) -> Int {
        try await registerProtobufSchema(schema, subject: subject, normalize: normalize, referenceStrategy: referenceStrategy).id
    }

    /// As ``registerProtobuf(_:subject:normalize:referenceStrategy:)``; with `register` false,
    /// only looks the files up (Confluent's `auto.register.schemas=false`). Returns id and GUID.
    public func registerProtobufSchema(
        _ schema: ProtoSchema, subject: String, normalize: Bool = false, referenceStrategy: ReferenceSubjectNameStrategy = .importPath,
        register: Bool = true
    ) async throws(RegistryClientError) -> SchemaRegistration {
        let root = try await registeredImports(of: schema, normalize: normalize, referenceStrategy: referenceStrategy, register: register)
        return register
            ? try await registerSchema(root, subject: subject, normalize: normalize)
            : try await registration(of: root, subject: subject, normalize: normalize)
    }

    /// Registers (or with `register` false, looks up) every file `schema` imports that is not
    /// built in, each under the subject `referenceStrategy` names, dependencies first, and returns
    /// the registry form of `schema` itself with a reference to each: ready to register with
    /// metadata of its own, or to check.
    ///
    /// - Parameter enforceCompatibility: check each imported file locally before registering it.
    public func registeredImports(
        of schema: ProtoSchema, normalize: Bool = false, referenceStrategy: ReferenceSubjectNameStrategy = .importPath, register: Bool = true,
        enforceCompatibility: Bool = true
    ) async throws(RegistryClientError) -> RegistrySchema {
        var versions: [String: Int] = [:]
        for dependency in schema.dependencies {
            guard let source = schema.importSources[dependency.path] else { continue }
            // Normalized here as the registry normalizes, so both sides name the same text.
            let text = normalize ? dependency.normalizedSource : source
            let registrySchema = Self.registrySchema(text: text, imports: dependency.imports, versions: versions, strategy: referenceStrategy)
            let referenceSubject = referenceStrategy.subject(importPath: dependency.path)
            if register {
                _ = try await registerSchema(registrySchema, subject: referenceSubject, normalize: normalize, enforceCompatibility: enforceCompatibility)
            }
            versions[dependency.path] = try await lookup(registrySchema, subject: referenceSubject, normalize: normalize).version
        }
        return Self.registrySchema(
            text: normalize ? schema.normalizedSource : schema.source, imports: schema.file.imports, versions: versions, strategy: referenceStrategy
        )
    }

    /// The writer schema of `id` parsed as Protobuf, its references fetched and linked.
    public func protobufSchema(id: Int) async throws(RegistryClientError) -> ProtoSchema {
        try await linkedProtobuf(try await schema(id: id), label: "schema \(id)")
    }

    /// The writer schema a record's framing names (id or GUID), parsed as Protobuf and linked.
    public func protobufSchema(_ identifier: SchemaIdentifier) async throws(RegistryClientError) -> ProtoSchema {
        try await linkedProtobuf(try await schema(identifier), label: identifier.description)
    }

    private func linkedProtobuf(_ registered: RegistrySchema, label: String) async throws(RegistryClientError) -> ProtoSchema {
        guard registered.type == .protobuf else {
            throw .invalidSchema(message: "\(label) is \(registered.type.rawValue), not PROTOBUF", subject: nil)
        }
        return try await parseProtobuf(registered, subject: nil)
    }
}
