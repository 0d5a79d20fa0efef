import SchemaWireAvro
import SchemaWireCore
import SchemaWireRegistry

/// Where an Avro serializer's records go: the schema id to frame them with and, when that id's
/// schema is not the value's own (`use.latest.version`, `use.schema.id`), the resolution that
/// rewrites values into it, so the bytes always match the id in front of them.
struct AvroWriterTarget: Sendable {
    let id: Int32
    /// The schema's GUID, resolved only for header framing.
    var guid: SchemaGUID?
    var framing: SchemaIDFraming = .prefix
    let rewrite: AvroDatumReader?

    /// Finds (or registers) the target for `own` under `subject`, as `configuration` says, in the
    /// order Confluent's serializers use: a fixed id, then latest-with-metadata, then latest, then
    /// the value's own schema.
    static func resolve(
        own: AvroSchema, registry: SchemaRegistryClient, configuration: KafkaSerdeConfiguration, isKey: Bool, subject: String, topic: String
    ) async throws(KafkaError) -> AvroWriterTarget {
        func failure(_ text: String) -> KafkaError { .serialization(topic: topic, partition: nil, offset: nil, message: "subject \(subject): \(text)") }
        do {
            var result: AvroWriterTarget
            if let fixed = configuration.useSchemaID {
                let schema = try AvroSchema(parsing: try await registry.schema(id: fixed).text)
                result = try target(own, fixed, schema, strict: configuration.idCompatibilityStrict, "schema id \(fixed)", topic: topic)
            } else if let metadata = configuration.useLatestWithMetadata {
                let chosen = try await registry.latest(subject: subject, withMetadata: metadata)
                let schema = try AvroSchema(parsing: chosen.schema.text)
                result = try target(
                    own, chosen.id, schema, strict: configuration.latestCompatibilityStrict, "version \(chosen.version) (latest with metadata)", topic: topic)
                result.guid = chosen.guid
            } else if configuration.useLatestVersion {
                let latest = try await registry.latest(subject: subject)
                let schema = try AvroSchema(parsing: latest.schema.text)
                result = try target(own, latest.id, schema, strict: configuration.latestCompatibilityStrict, "version \(latest.version) (latest)", topic: topic)
                result.guid = latest.guid
            } else {
                // Normalized here as the registry normalizes, so both sides name the same text.
                let text = RegistrySchema(text: configuration.normalizeSchemas ? own.normalizedForm : own.jsonString())
                let registration = configuration.autoRegisterSchemas
                    ? try await registry.registerSchema(text, subject: subject, normalize: configuration.normalizeSchemas)
                    : try await registry.registration(of: text, subject: subject, normalize: configuration.normalizeSchemas)
                result = AvroWriterTarget(id: try ConfluentAvroFrame.checked(registration.id, topic: topic), guid: registration.guid, rewrite: nil)
            }
            result.framing = configuration.schemaIDFraming(isKey: isKey)
            if result.framing == .header, result.guid == nil { result.guid = try await registry.guid(ofID: Int(result.id)) }
            return result
        } catch let error as KafkaError {
            throw error
        } catch {
            throw failure("\(error)")
        }
    }

    private static func target(
        _ own: AvroSchema, _ id: Int, _ schema: AvroSchema, strict: Bool, _ label: String, topic: String
    ) throws(KafkaError) -> AvroWriterTarget {
        let checkedID = try ConfluentAvroFrame.checked(id, topic: topic)
        guard schema.canonicalForm != own.canonicalForm else { return AvroWriterTarget(id: checkedID, rewrite: nil) }
        if strict {
            let result = own.compatibility(against: [(label: label, schema: schema)], level: .backward)
            if let first = result.incompatibilities.first {
                throw .serialization(
                    topic: topic, partition: nil, offset: nil,
                    message: "\(own.root.fullName ?? "the value's schema") cannot read \(label): \(first.message) (\(result.incompatibilities.count) problem(s))")
            }
        }
        do {
            return AvroWriterTarget(id: checkedID, rewrite: try AvroDatumReader(writer: own, reader: schema))
        } catch {
            throw .serialization(topic: topic, partition: nil, offset: nil, message: "values cannot be written as \(label): \(error)")
        }
    }

    /// Writes `encoded` (the value in its own schema) after the header, rewritten if needed.
    func write(_ encoded: (inout ByteWriter) throws(AvroError) -> Void, into writer: inout ByteWriter) throws(AvroError) {
        guard let rewrite else { return try encoded(&writer) }
        var own = ByteWriter()
        try encoded(&own)
        try rewrite.reader.encode(try rewrite.decode(own.bytes), into: &writer)
    }
}
