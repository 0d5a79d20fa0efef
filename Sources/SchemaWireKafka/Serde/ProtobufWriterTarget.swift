import SchemaWireCore
import SchemaWireProtobuf
import SchemaWireRegistry

/// Where a Protobuf serializer's records go: the schema id (and GUID for header framing) and the
/// message-index path of the message inside that schema. Protobuf's wire format does not depend
/// on the schema, so a value written for another version of its file needs no rewriting — only
/// the index path of its message in that version.
struct ProtobufWriterTarget: Sendable {
    let id: Int32
    var guid: SchemaGUID?
    var framing: SchemaIDFraming
    let messageIndexes: [Int]

    /// Finds (or registers) the target for message `name` of `own` under `subject`, in the order
    /// Confluent's serializers use: a fixed id, latest-with-metadata, latest, then `own` itself.
    static func resolve(
        own: ProtoSchema, messageName name: String, registry: SchemaRegistryClient, configuration: KafkaSerdeConfiguration, isKey: Bool,
        subject: String, topic: String
    ) async throws(KafkaError) -> ProtobufWriterTarget {
        func failure(_ text: String) -> KafkaError { .serialization(topic: topic, partition: nil, offset: nil, message: "subject \(subject): \(text)") }
        let framing = configuration.schemaIDFraming(isKey: isKey)
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
            var guid = chosen.guid
            if framing == .header, guid == nil { guid = try await registry.guid(ofID: chosen.id) }
            return ProtobufWriterTarget(id: try ConfluentAvroFrame.checked(chosen.id, topic: topic), guid: guid, framing: framing, messageIndexes: indexes)
        } catch let error as KafkaError {
            throw error
        } catch {
            throw failure("\(error)")
        }
    }

    /// A writer holding the framing (prefix, or nothing with `headers` gaining the GUID header).
    func start(isKey: Bool, topic: String, headers: inout [KafkaHeader]) throws(KafkaError) -> ByteWriter {
        try RecordFraming.start(framing, id: id, guid: guid, messageIndexes: messageIndexes, isKey: isKey, topic: topic, headers: &headers)
    }
}
