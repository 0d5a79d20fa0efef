import SchemaWireAvro
import SchemaWireCore
import SchemaWireRegistry

/// Where an Avro serializer's records go: the frame for the schema id they carry and, when that
/// id's schema is not the value's own (`use.latest.version`, `use.schema.id`), the resolution that
/// rewrites values into it, so the bytes always match the id in front of them.
///
/// A class: the serializer takes its target out of the cache for every record, and copying the
/// struct (with the resolution's schemas inline) was a fifth of serializing one.
@usableFromInline
final class AvroWriterTarget: Sendable {
    let frame: RecordFrame
    let rewrite: AvroDatumReader?

    init(frame: RecordFrame, rewrite: AvroDatumReader?) {
        self.frame = frame
        self.rewrite = rewrite
    }

    /// Finds (or registers) the target for `own` under `subject`, as `configuration` says, in the
    /// order Confluent's serializers use: a fixed id, then latest-with-metadata, then latest, then
    /// the value's own schema.
    static func resolve(
        own: AvroSchema, registry: SchemaRegistryClient, configuration: KafkaSerdeConfiguration, isKey: Bool, subject: String, topic: String
    ) async throws(SerdeError) -> AvroWriterTarget {
        func failure(_ text: String) -> SerdeError { .serialization(topic: topic, partition: nil, offset: nil, message: "subject \(subject): \(text)") }
        let chosen: (id: Int, guid: SchemaGUID?, rewrite: AvroDatumReader?)
        do {
            if let fixed = configuration.useSchemaID {
                let schema = try AvroSchema(parsing: try await registry.schema(id: fixed).text)
                chosen = (fixed, nil, try rewrite(own, into: schema, strict: configuration.idCompatibilityStrict, "schema id \(fixed)", topic: topic))
            } else if let metadata = configuration.useLatestWithMetadata {
                let version = try await registry.latest(subject: subject, withMetadata: metadata)
                let schema = try AvroSchema(parsing: version.schema.text)
                let label = "version \(version.version) (latest with metadata)"
                chosen = (version.id, version.guid, try rewrite(own, into: schema, strict: configuration.latestCompatibilityStrict, label, topic: topic))
            } else if configuration.useLatestVersion {
                let version = try await registry.latest(subject: subject)
                let schema = try AvroSchema(parsing: version.schema.text)
                let label = "version \(version.version) (latest)"
                chosen = (version.id, version.guid, try rewrite(own, into: schema, strict: configuration.latestCompatibilityStrict, label, topic: topic))
            } else {
                // Normalized here as the registry normalizes, so both sides name the same text.
                let text = RegistrySchema(text: configuration.normalizeSchemas ? own.normalizedForm : own.jsonString())
                let registration = configuration.autoRegisterSchemas
                    ? try await registry.registerSchema(text, subject: subject, normalize: configuration.normalizeSchemas)
                    : try await registry.registration(of: text, subject: subject, normalize: configuration.normalizeSchemas)
                chosen = (registration.id, registration.guid, nil)
            }
        } catch let error as SerdeError {
            throw error
        } catch {
            throw failure("\(error)")
        }
        let frame = try await RecordFrame.resolve(
            id: chosen.id, guid: chosen.guid, registry: registry, configuration: configuration, isKey: isKey, topic: topic)
        return AvroWriterTarget(frame: frame, rewrite: chosen.rewrite)
    }

    /// The resolution that rewrites values of `own` into `schema` (nil when they are the same),
    /// refusing, when `strict`, a target `own` cannot read.
    private static func rewrite(
        _ own: AvroSchema, into schema: AvroSchema, strict: Bool, _ label: String, topic: String
    ) throws(SerdeError) -> AvroDatumReader? {
        guard schema.canonicalForm != own.canonicalForm else { return nil }
        if strict {
            let result = own.compatibility(against: [(label: label, schema: schema)], level: .backward)
            if let first = result.incompatibilities.first {
                throw .serialization(
                    topic: topic, partition: nil, offset: nil,
                    message: "\(own.root.fullName ?? "the value's schema") cannot read \(label): \(first.message) (\(result.incompatibilities.count) problem(s))")
            }
        }
        do {
            return try AvroDatumReader(writer: own, reader: schema)
        } catch {
            throw .serialization(topic: topic, partition: nil, offset: nil, message: "values cannot be written as \(label): \(error)")
        }
    }

    /// The record bytes for `encoded` (the value in its own schema): the prefix, then the value,
    /// rewritten if needed, gathered on the stack so the returned array is the one allocation.
    /// `headers` gains the schema-id header (header framing) once the value is written.
    @usableFromInline
    func serialize(topic: String, headers: inout [RecordHeader], _ encoded: (inout ByteWriter) throws(AvroError) -> Void) throws(SerdeError) -> [UInt8] {
        let bytes: [UInt8]
        do {
            bytes = try ByteWriter.collect { (writer: inout ByteWriter) throws(AvroError) in
                writer.write(bytes: frame.prefix)
                try write(encoded, into: &writer)
            }
        } catch {
            throw .serialization(topic: topic, partition: nil, offset: nil, message: error.description)
        }
        if let header = frame.header { headers.append(header) }
        return bytes
    }

    /// Writes `encoded` (the value in its own schema) after the header, rewritten if needed.
    private func write(_ encoded: (inout ByteWriter) throws(AvroError) -> Void, into writer: inout ByteWriter) throws(AvroError) {
        guard let rewrite else { return try encoded(&writer) }
        try rewrite.reader.encode(try rewrite.decode(try ByteWriter.collect(encoded)), into: &writer)
    }
}
