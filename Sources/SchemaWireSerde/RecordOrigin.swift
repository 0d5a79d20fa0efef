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

extension SchemaRegistryClient {
    /// The Avro schema that wrote the record at `origin`, parsed (the client caches the text);
    /// failures name the record.
    func avroWriterSchema(_ schema: SchemaIdentifier, for origin: RecordOrigin) async throws(SerdeError) -> AvroSchema {
        let writer: RegistrySchema
        do { writer = try await self.schema(schema) } catch { throw origin.failure("writer \(schema): \(error)") }
        do { return try AvroSchema(parsing: writer.text) } catch { throw origin.failure("writer \(schema): \(error)") }
    }
}
