import SchemaWireAvro
import SchemaWireCore
import SchemaWireRegistry

/// Where a consumed key or value came from, so that every error names the record.
struct RecordOrigin: Sendable {
    let topic: String
    let partition: Int32?
    let offset: Int64?

    /// A serialization error about this record.
    func failure(_ text: String) -> SerdeError {
        .serialization(topic: topic, partition: partition, offset: offset, message: text)
    }
}

/// The steps every serde shares: the checked id on the way out, the payload and writer schema on
/// the way in.
enum SerdeFailure {
    /// A registry id as the 4-byte id of the frame.
    static func checked(_ id: Int, topic: String) throws(SerdeError) -> Int32 {
        guard let schemaID = Int32(exactly: id) else {
            throw .serialization(topic: topic, partition: nil, offset: nil, message: "schema id \(id) out of range")
        }
        return schemaID
    }

    /// The writer's Avro schema, parsed (the registry client caches it).
    static func avroWriterSchema(_ schema: SchemaIdentifier, registry: SchemaRegistryClient, for origin: RecordOrigin) async throws(SerdeError) -> AvroSchema {
        let writer: RegistrySchema
        do { writer = try await registry.schema(schema) } catch { throw origin.failure("writer \(schema): \(error)") }
        do { return try AvroSchema(parsing: writer.text) } catch { throw origin.failure("writer \(schema): \(error)") }
    }
}
