import SchemaWireAvro
import SchemaWireCore
import SchemaWireProtobuf

extension SchemaRegistryClient {
    /// The deepest chain of schema references followed (a cycle stops here).
    static let maximumReferenceDepth = 32

    /// Checks `schema` against `subject`'s registered versions on this side, the check
    /// ``register(_:subject:normalize:enforceCompatibility:)`` runs first: always BACKWARD against
    /// the latest version, plus the subject's own level where that is stricter. A level of NONE
    /// on the registry does not switch the BACKWARD check off.
    ///
    /// Avro and Protobuf are checked here; JSON Schema passes (the registry decides).
    public func localCompatibility(of schema: RegistrySchema, subject: String) async throws(RegistryClientError) -> CompatibilityResult {
        guard schema.type != .json else { return CompatibilityResult(level: .none, incompatibilities: [], checkedVersions: []) }
        let registered: [Int]
        do {
            registered = try await versions(of: subject)
        } catch where error.code == 40401 {
            registered = []
        }
        let new = try await parseLocal(schema, subject: subject)
        guard !registered.isEmpty else { return CompatibilityResult(level: .backward, incompatibilities: [], checkedVersions: []) }

        let serverLevel: CompatibilityLevel
        do {
            serverLevel = try await compatibilityLevel(subject: subject)
        } catch where error.code == 40401 || error.code == 40408 {
            serverLevel = .backward
        }
        let stricter = ![.none, .backward].contains(serverLevel)
        let needed = stricter && serverLevel.isTransitive ? registered : [registered[registered.count - 1]]
        var previous: [(label: String, schema: LocalSchema)] = []
        for number in needed {
            let version = try await version(.number(number), of: subject)
            guard version.schema.type == schema.type else {
                let change = Incompatibility(
                    kind: .typeMismatch, path: "", message: "Version \(number) of \(subject) is \(version.schema.type.rawValue), not \(schema.type.rawValue).",
                    hint: "register a different schema type under a new subject.", readerFragment: schema.type.rawValue,
                    writerFragment: version.schema.type.rawValue, direction: .newReadsOld, version: String(number))
                return CompatibilityResult(level: .backward, incompatibilities: [change], checkedVersions: [String(number)])
            }
            previous.append((String(number), try await parseLocal(version.schema, subject: subject)))
        }
        var result = new.compatibility(against: previous, level: .backward)
        if stricter {
            let strict = new.compatibility(against: previous, level: serverLevel)
            result = CompatibilityResult(
                level: serverLevel,
                incompatibilities: result.incompatibilities + strict.incompatibilities.filter { !result.incompatibilities.contains($0) },
                checkedVersions: strict.checkedVersions)
        }
        return result
    }

    /// A schema parsed in the language the client can check locally.
    enum LocalSchema {
        case avro(AvroSchema)
        case protobuf(ProtoSchema)

        func compatibility(against previous: [(label: String, schema: LocalSchema)], level: CompatibilityLevel) -> CompatibilityResult {
            switch self {
            case let .avro(schema):
                return schema.compatibility(against: previous.compactMap { if case let .avro(old) = $0.schema { ($0.label, old) } else { nil } }, level: level)
            case let .protobuf(schema):
                return schema.compatibility(against: previous.compactMap { if case let .protobuf(old) = $0.schema { ($0.label, old) } else { nil } }, level: level)
            }
        }
    }

    func parseLocal(_ schema: RegistrySchema, subject: String?) async throws(RegistryClientError) -> LocalSchema {
        schema.type == .protobuf ? .protobuf(try await parseProtobuf(schema, subject: subject)) : .avro(try await parseAvro(schema, subject: subject))
    }

    /// Parses a Protobuf schema, fetching the files it imports (its references, recursively)
    /// first; well-known types are built in.
    public func parseProtobuf(_ schema: RegistrySchema, subject: String?) async throws(RegistryClientError) -> ProtoSchema {
        var sources: [String: String] = [:]
        var pending = schema.references.map { ($0, 0) }
        while let (reference, depth) = pending.popLast() {
            guard depth <= Self.maximumReferenceDepth else {
                throw .invalidSchema(message: "references nest deeper than \(Self.maximumReferenceDepth) levels (a cycle?)", subject: subject)
            }
            guard sources[reference.name] == nil else { continue }
            let referenced = try await version(.number(reference.version), of: reference.subject)
            sources[reference.name] = referenced.schema.text
            pending += referenced.schema.references.map { ($0, depth + 1) }
        }
        var root = "schema.proto"
        while sources[root] != nil { root = "_" + root }
        do {
            return try ProtoSchema(parsing: schema.text, path: root, references: sources)
        } catch {
            throw .invalidSchema(message: error.description, subject: subject)
        }
    }

    /// Parses an Avro schema, fetching the schemas it references (recursively) first.
    func parseAvro(_ schema: RegistrySchema, subject: String?, depth: Int = 0) async throws(RegistryClientError) -> AvroSchema {
        guard depth <= Self.maximumReferenceDepth else {
            throw .invalidSchema(message: "references nest deeper than \(Self.maximumReferenceDepth) levels (a cycle?)", subject: subject)
        }
        var references: [AvroSchema] = []
        for reference in schema.references {
            let referenced = try await version(.number(reference.version), of: reference.subject)
            references.append(try await parseAvro(referenced.schema, subject: reference.subject, depth: depth + 1))
        }
        do {
            return try AvroSchema(parsing: schema.text, references: references)
        } catch {
            throw .invalidSchema(message: error.description, subject: subject)
        }
    }
}
