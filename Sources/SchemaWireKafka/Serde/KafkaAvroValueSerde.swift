import SchemaWireAvro
import SchemaWireCore
import SchemaWireRegistry

/// Confluent-framed Avro for values known only at run time (`AvroValue` and a schema), as the CLI
/// and generic tools need.
public struct KafkaAvroValueSerializer: Sendable {
    public let registry: SchemaRegistryClient
    public let schema: AvroSchema
    public let strategy: SubjectNameStrategy
    public let isKey: Bool

    public init(registry: SchemaRegistryClient, schema: AvroSchema, strategy: SubjectNameStrategy = .topicName, isKey: Bool = false) {
        self.registry = registry
        self.schema = schema
        self.strategy = strategy
        self.isKey = isKey
    }

    /// The framed bytes of `value`; registers the schema on first use (client-side BACKWARD check included).
    public func serialize(_ value: AvroValue, topic: String) async throws(KafkaError) -> [UInt8] {
        let subject = strategy.subject(topic: topic, isKey: isKey, recordName: schema.root.fullName)
        let id: Int
        do {
            id = try await registry.register(RegistrySchema(text: schema.jsonString()), subject: subject)
        } catch {
            throw .serialization(topic: topic, partition: nil, offset: nil, message: "subject \(subject): \(error)")
        }
        var writer = ByteWriter(capacity: 128)
        ConfluentFraming.writeHeader(schemaID: Int32(truncatingIfNeeded: id), into: &writer)
        do { try schema.encode(value, into: &writer) } catch {
            throw .serialization(topic: topic, partition: nil, offset: nil, message: error.description)
        }
        return writer.bytes
    }
}

/// Reads Confluent-framed Avro with the writer's own schema (fetched by id and cached).
public struct KafkaAvroValueDeserializer: Sendable {
    public let registry: SchemaRegistryClient

    public init(registry: SchemaRegistryClient) {
        self.registry = registry
    }

    /// The value and the schema it was written with; nil for a tombstone.
    public func deserialize(_ message: KafkaConsumerMessage) async throws(KafkaError) -> (value: AvroValue, schema: AvroSchema)? {
        guard let bytes = message.value else { return nil }
        func fail(_ text: String) -> KafkaError {
            .serialization(topic: message.topic, partition: message.partition, offset: message.offset, message: text)
        }
        let header: ConfluentFraming.Header
        do { header = try ConfluentFraming.readHeader(bytes) } catch { throw fail(error.description) }
        let writer: RegistrySchema
        do { writer = try await registry.schema(id: Int(header.schemaID)) } catch { throw fail("writer schema \(header.schemaID): \(error)") }
        do {
            let schema = try AvroSchema(parsing: writer.text)
            return (try schema.decode(Array(bytes[header.payloadOffset...])), schema)
        } catch {
            throw fail("\(error)")
        }
    }
}
