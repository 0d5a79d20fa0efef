import SchemaWireAvro
import SchemaWireCore
import SchemaWireRegistry
import Synchronization

/// Serializes generated Avro types in Confluent's wire format (magic 0, schema id big-endian,
/// Avro binary), registering the type's schema under the subject its strategy names.
///
/// The first record registers (or finds) the schema; every later record uses the cached id, so a
/// warm serializer makes no registry request.
public struct KafkaAvroSerializer<Value: AvroGeneratedType>: Sendable {
    public let registry: SchemaRegistryClient
    public let strategy: SubjectNameStrategy
    public let isKey: Bool
    /// Register the schema when the subject does not have it (Confluent's `auto.register.schemas`).
    public let autoRegister: Bool
    /// Ids by topic (the strategy fixes the subject per topic), so that a warm serializer neither
    /// asks the registry nor builds a subject name or renders its schema.
    private let ids = SerdeCache<String, Int32>()

    public init(registry: SchemaRegistryClient, strategy: SubjectNameStrategy = .topicName, isKey: Bool = false, autoRegister: Bool = true) {
        self.registry = registry
        self.strategy = strategy
        self.isKey = isKey
        self.autoRegister = autoRegister
    }

    /// The framed bytes of `value` for `topic`; nil stays nil (a tombstone is never framed).
    public func serialize(_ value: Value?, topic: String) async throws(KafkaError) -> [UInt8]? {
        guard let value else { return nil }
        let (registry, autoRegister) = (self.registry, self.autoRegister)
        let id = try await ids.value(for: topic) { () throws(KafkaError) in
            let subject = strategy.subject(topic: topic, isKey: isKey, recordName: Value.avroSchema.root.fullName)
            return try await ConfluentAvroFrame.schemaID(
                registry: registry, schemaText: Value.avroSchema.jsonString(), subject: subject, topic: topic, autoRegister: autoRegister)
        }
        var writer = ConfluentAvroFrame.header(id)
        do { try value.avroEncode(to: &writer) } catch {
            throw .serialization(topic: topic, partition: nil, offset: nil, message: error.description)
        }
        return writer.bytes
    }
}

/// Reads Confluent-framed Avro into a generated type: fetches the writer's schema by id (cached
/// forever) and resolves it to the type's own schema, so consumers read data written by older or
/// newer compatible producers.
public struct KafkaAvroDeserializer<Value: AvroGeneratedType>: Sendable {
    public let registry: SchemaRegistryClient
    private let resolvers = ResolverCache()

    public init(registry: SchemaRegistryClient) {
        self.registry = registry
    }

    /// The value of a consumed record; nil for a tombstone. Bad frames, unknown ids and
    /// undecodable payloads are ``KafkaError/serialization(topic:partition:offset:message:)`` with
    /// the record's coordinates.
    public func deserialize(_ message: KafkaConsumerMessage) async throws(KafkaError) -> Value? {
        guard let bytes = message.value else { return nil }
        let (id, payload) = try ConfluentAvroFrame.read(message, bytes)
        let resolver: AvroDatumReader?
        if let cached = resolvers.resolver(for: id) {
            resolver = cached
        } else {
            let writerSchema = try await ConfluentAvroFrame.writerSchema(id, registry: registry, for: message)
            do {
                resolver = writerSchema.canonicalForm == Value.avroSchema.canonicalForm
                    ? nil : try AvroDatumReader(writer: writerSchema, reader: Value.avroSchema)
            } catch {
                throw ConfluentAvroFrame.failure(message, "writer schema \(id) cannot be read as \(Value.self): \(error)")
            }
            resolvers.store(resolver, for: id)
        }
        do {
            guard let resolver else { return try Value(avroEncoded: payload) }
            return try AvroDecoder().decode(Value.self, from: payload, resolving: resolver)
        } catch {
            throw ConfluentAvroFrame.failure(message, "\(error)")
        }
    }
}

/// Resolution plans by writer schema id (nil: the writer's schema is the reader's, use the fast path).
final class ResolverCache: Sendable {
    private let resolvers = Mutex<[Int: AvroDatumReader?]>([:])

    func resolver(for id: Int) -> AvroDatumReader?? { resolvers.withLock { $0[id] } }
    func store(_ resolver: AvroDatumReader?, for id: Int) { resolvers.withLock { $0[id] = resolver } }
}
