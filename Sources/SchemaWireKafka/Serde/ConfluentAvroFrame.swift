import SchemaWireAvro
import SchemaWireCore
import SchemaWireRegistry

/// The steps every serde shares: the checked id and header on the way out, the header,
/// payload and writer schema on the way in, and errors that say which record.
enum ConfluentAvroFrame {
    /// A registry id as the 4-byte id of the frame.
    static func checked(_ id: Int, topic: String) throws(KafkaError) -> Int32 {
        guard let schemaID = Int32(exactly: id) else {
            throw .serialization(topic: topic, partition: nil, offset: nil, message: "schema id \(id) out of range")
        }
        return schemaID
    }

    /// A serialization error about a consumed record, with its coordinates.
    static func failure(_ message: KafkaConsumerMessage, _ text: String) -> KafkaError {
        .serialization(topic: message.topic, partition: message.partition, offset: message.offset, message: text)
    }

    /// The writer schema's identifier and the Avro payload of a framed key or value (header or
    /// prefix framing); nil when it is null.
    static func read(_ message: KafkaConsumerMessage, isKey: Bool) throws(KafkaError) -> (schema: SchemaIdentifier, payload: [UInt8])? {
        guard let (schema, _, payload) = try RecordFraming.read(message, isKey: isKey, hasMessageIndexes: false) else { return nil }
        return (schema, payload)
    }

    /// The writer's schema, parsed (the registry client caches it).
    static func writerSchema(_ schema: SchemaIdentifier, registry: SchemaRegistryClient, for message: KafkaConsumerMessage) async throws(KafkaError) -> AvroSchema {
        let writer: RegistrySchema
        do { writer = try await registry.schema(schema) } catch { throw failure(message, "writer \(schema): \(error)") }
        do { return try AvroSchema(parsing: writer.text) } catch { throw failure(message, "writer \(schema): \(error)") }
    }
}
