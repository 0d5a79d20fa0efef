import SchemaWireCore
import SchemaWireProtobuf
import SchemaWireRegistry

/// Where a Protobuf serializer's records go: the frame for the schema id they carry, with the
/// message-index path of the message inside that schema. Protobuf's wire format does not depend
/// on the schema, so a value written for another version of its file needs no rewriting — only
/// the index path of its message in that version.
struct ProtobufWriterTarget: Sendable {
    let frame: RecordFrame

    /// Finds (or registers) the target for message `name` of `own` under `subject`, in the order
    /// Confluent's serializers use: a fixed id, latest-with-metadata, latest, then `own` itself.
    static func resolve(
        own: ProtoSchema, messageName name: String, registry: SchemaRegistryClient, configuration: KafkaSerdeConfiguration, isKey: Bool,
        subject: String, topic: String
    ) async throws(SerdeError) -> ProtobufWriterTarget {
        func failure(_ text: String) -> SerdeError { .serialization(topic: topic, partition: nil, offset: nil, message: "subject \(subject): \(text)") }
        do {
            let chosen: (id: Int, guid: SchemaGUID?, schema: ProtoSchema, strict: Bool, label: String)
            if let fixed = configuration.useSchemaID {
                chosen = (fixed, nil, try await registry.protobufSchema(id: fixed), configuration.idCompatibilityStrict, "schema id \(fixed)")
            } else if let metadata = configuration.useLatestWithMetadata {
                let version = try await registry.latest(subject: subject, withMetadata: metadata)
                let schema = try await registry.parseProtobuf(version.schema, subject: subject)
                chosen = (version.id, version.guid, schema, configuration.latestCompatibilityStrict, "version \(version.version) (latest with metadata)")
            } else if configuration.useLatestVersion {
                let version = try await registry.latest(subject: subject)
                let schema = try await registry.parseProtobuf(version.schema, subject: subject)
                chosen = (version.id, version.guid, schema, configuration.latestCompatibilityStrict, "version \(version.version) (latest)")
            } else {
                let registration = try await registry.registerProtobufSchema(
                    own, subject: subject, normalize: configuration.normalizeSchemas, referenceStrategy: configuration.referenceSubjectNameStrategy,
                    register: configuration.autoRegisterSchemas)
                chosen = (registration.id, registration.guid, own, false, "")
            }
            if chosen.strict {
                let result = own.compatibility(against: [(label: chosen.label, schema: chosen.schema)], level: .backward)
                if let first = result.incompatibilities.first {
                    throw failure("\(name) cannot read \(chosen.label): \(first.message) (\(result.incompatibilities.count) problem(s))")
                }
            }
            let indexes: [Int]
            do { indexes = try chosen.schema.messageIndexes(of: name) } catch {
                throw failure("\(chosen.label.isEmpty ? "the schema" : chosen.label) has no message \(name): \(error)")
            }
            let frame = try await RecordFrame.resolve(
                id: chosen.id, guid: chosen.guid, messageIndexes: indexes, registry: registry, configuration: configuration, isKey: isKey,
                topic: topic)
            return ProtobufWriterTarget(frame: frame)
        } catch let error as SerdeError {
            throw error
        } catch {
            throw failure("\(error)")
        }
    }
}
