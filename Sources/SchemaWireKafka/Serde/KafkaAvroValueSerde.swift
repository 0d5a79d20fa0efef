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
    /// Ids by topic (the strategy fixes the subject per topic), so that a warm serializer neither
    /// asks the registry nor builds a subject name or renders its schema.
    private let ids = SerdeCache<String, Int32>()

    public init(registry: SchemaRegistryClient, schema: AvroSchema, strategy: SubjectNameStrategy = .topicName, isKey: Bool = false) {
        self.registry = registry
        self.schema = schema
        self.strategy = strategy
        self.isKey = isKey
    }

    /// The framed bytes of `value`; registers the schema on first use (client-side BACKWARD check included).
    public func serialize(_ value: AvroValue, topic: String) async throws(KafkaError) -> [UInt8] {
        let (registry, schema) = (self.registry, self.schema)
        let id = try await ids.value(for: topic) { () throws(KafkaError) in
            let subject = strategy.subject(topic: topic, isKey: isKey, recordName: schema.root.fullName)
            return try await AvroWriterTarget.resolve(
                own: schema, registry: registry, configuration: KafkaSerdeConfiguration(), subject: subject, topic: topic).id
        }
        var writer = ConfluentAvroFrame.header(id)
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
        let (id, payload) = try ConfluentAvroFrame.read(message, bytes)
        let schema = try await ConfluentAvroFrame.writerSchema(id, registry: registry, for: message)
        do { return (try schema.decode(payload), schema) } catch { throw ConfluentAvroFrame.failure(message, error.description) }
    }
}
