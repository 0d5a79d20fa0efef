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
        for (reference, referenced) in try await referenceClosure(of: schema, subject: subject) where sources[reference.name] == nil {
            sources[reference.name] = referenced.text
        }
        var root = "schema.proto"
        while sources[root] != nil { root = "_" + root }
        do {
            return try ProtoSchema(parsing: schema.text, path: root, references: sources)
        } catch {
            throw .invalidSchema(message: error.description, subject: subject)
        }
    }

    /// Parses an Avro schema, fetching the schemas it references (recursively) first, so that
    /// named types from other subjects resolve.
    public func parseAvro(_ schema: RegistrySchema, subject: String?) async throws(RegistryClientError) -> AvroSchema {
        // Dependencies come first, so each referenced schema parses with its own references at hand.
        var parsed: [ReferenceKey: AvroSchema] = [:]
        for (reference, referenced) in try await referenceClosure(of: schema, subject: subject) {
            parsed[ReferenceKey(reference)] = try parseAvro(referenced, references: referenced.references.compactMap { parsed[ReferenceKey($0)] }, subject: reference.subject)
        }
        return try parseAvro(schema, references: schema.references.compactMap { parsed[ReferenceKey($0)] }, subject: subject)
    }

    private func parseAvro(_ schema: RegistrySchema, references: [AvroSchema], subject: String?) throws(RegistryClientError) -> AvroSchema {
        do {
            return try AvroSchema(parsing: schema.text, references: references)
        } catch {
            throw .invalidSchema(message: error.description, subject: subject)
        }
    }

    /// A reference's target: the subject and version it names.
    struct ReferenceKey: Hashable, CustomStringConvertible {
        var subject: String
        var version: Int
        init(_ reference: SchemaReference) { (subject, version) = (reference.subject, reference.version) }
        var description: String { "\(subject) version \(version)" }
    }

    /// Every schema `schema` references, directly or through others, each fetched once (a schema
    /// two others share is not fetched twice), dependencies before the schemas that need them. A
    /// reference back to a schema on the current path is refused with the cycle spelled out;
    /// a registry cannot send the client into an endless walk.
    func referenceClosure(of schema: RegistrySchema, subject: String?) async throws(RegistryClientError) -> [(SchemaReference, RegistrySchema)] {
        var ordered: [(SchemaReference, RegistrySchema)] = []
        var done: Set<ReferenceKey> = []
        var path: [ReferenceKey] = []

        func visit(_ reference: SchemaReference) async throws(RegistryClientError) {
            let key = ReferenceKey(reference)
            if let start = path.firstIndex(of: key) {
                let cycle = (path[start...] + [key]).map(\.description).joined(separator: " → ")
                throw .invalidSchema(message: "schema references form a cycle: \(cycle)", subject: subject)
            }
            guard !done.contains(key) else { return }
            guard path.count < Self.maximumReferenceDepth else {
                throw .invalidSchema(message: "references nest deeper than \(Self.maximumReferenceDepth) levels at \(key)", subject: subject)
            }
            path.append(key)
            let referenced = try await version(.number(reference.version), of: reference.subject).schema
            for next in referenced.references { try await visit(next) }
            path.removeLast()
            done.insert(key)
            ordered.append((reference, referenced))
        }

        for reference in schema.references { try await visit(reference) }
        return ordered
    }
}
