import SchemaWireAvro
import SchemaWireCore

extension SchemaRegistryClient {
    /// The deepest chain of schema references followed (a cycle stops here).
    static let maximumReferenceDepth = 32

    /// Checks `schema` against `subject`'s registered versions on this side, the check
    /// ``register(_:subject:normalize:enforceCompatibility:)`` runs first: always BACKWARD against
    /// the latest version, plus the subject's own level where that is stricter. A level of NONE
    /// on the registry does not switch the BACKWARD check off.
    ///
    /// Schemas of languages without a local engine yet (Protobuf, JSON) pass; the registry decides.
    public func localCompatibility(of schema: RegistrySchema, subject: String) async throws(RegistryClientError) -> CompatibilityResult {
        guard schema.type == .avro else { return CompatibilityResult(level: .none, incompatibilities: [], checkedVersions: []) }
        let registered: [Int]
        do {
            registered = try await versions(of: subject)
        } catch where error.code == 40401 {
            registered = []
        }
        let new = try await parseAvro(schema, subject: subject)
        guard !registered.isEmpty else { return CompatibilityResult(level: .backward, incompatibilities: [], checkedVersions: []) }

        let serverLevel: CompatibilityLevel
        do {
            serverLevel = try await compatibilityLevel(subject: subject)
        } catch where error.code == 40401 || error.code == 40408 {
            serverLevel = .backward
        }
        let stricter = ![.none, .backward].contains(serverLevel)
        let needed = stricter && serverLevel.isTransitive ? registered : [registered[registered.count - 1]]
        var previous: [(label: String, schema: AvroSchema)] = []
        for number in needed {
            let version = try await version(.number(number), of: subject)
            guard version.schema.type == .avro else {
                let change = Incompatibility(
                    kind: .typeMismatch, path: "", message: "Version \(number) of \(subject) is \(version.schema.type.rawValue), not AVRO.",
                    hint: "register a different schema type under a new subject.", readerFragment: "AVRO",
                    writerFragment: version.schema.type.rawValue, direction: .newReadsOld, version: String(number))
                return CompatibilityResult(level: .backward, incompatibilities: [change], checkedVersions: [String(number)])
            }
            previous.append((String(number), try await parseAvro(version.schema, subject: subject)))
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
