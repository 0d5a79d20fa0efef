import SchemaWireAvro
import SchemaWireCore
import SchemaWireRegistry
import CoreMetrics
import Synchronization

/// Serializes generated Avro types in Confluent's wire format (magic 0, schema id big-endian,
/// Avro binary), registering the type's schema under the subject its strategy names — or, as
/// ``KafkaSerdeConfiguration`` says, framing with the subject's latest schema or a fixed id.
///
/// The first record resolves the schema id; every later record uses the cached one, so a warm
/// serializer makes no registry request.
public struct KafkaAvroSerializer<Value: AvroGeneratedType>: Sendable {
    public let registry: SchemaRegistryClient
    public let configuration: KafkaSerdeConfiguration
    public let isKey: Bool
    /// Targets by topic (the strategy fixes the subject per topic), so that a warm serializer
    /// neither asks the registry nor builds a subject name or renders its schema.
    private let targets = SerdeCache<String, AvroWriterTarget>()
    /// Counts records and failures (see the metrics list in the SchemaWireSerde documentation).
    @usableFromInline let counters: SerdeCounters

    /// - Parameter metrics: counts records and failures; the process-wide factory by default.
    public init(registry: SchemaRegistryClient, configuration: KafkaSerdeConfiguration, isKey: Bool = false, metrics: any MetricsFactory = MetricsSystem.factory) {
        counters = SerdeCounters(format: "avro", operation: "serialize", isKey: isKey, factory: metrics)
        self.registry = registry
        self.configuration = configuration
        self.isKey = isKey
    }

    public init(registry: SchemaRegistryClient, strategy: SubjectNameStrategy = .topicName, isKey: Bool = false, autoRegister: Bool = true) {
        var configuration = KafkaSerdeConfiguration(subjectNameStrategy: strategy)
        configuration.autoRegisterSchemas = autoRegister
        self.init(registry: registry, configuration: configuration, isKey: isKey)
    }

    /// The subject naming in force for this serializer's side (key or value).
    public var strategy: SubjectNameStrategy { configuration.subjectNameStrategy(isKey: isKey) }

    /// The framed bytes of `value` for `topic`; nil stays nil (a tombstone is never framed).
    /// With header framing, `headers` gains the schema-id header the record must carry.
    ///
    /// Inlinable, so that the value is encoded where its type is known: called generically, each
    /// record would be copied through value witnesses.
    @inlinable
    public func serialize(_ value: Value?, topic: String, headers: inout [RecordHeader]) async throws(SerdeError) -> [UInt8]? {
        guard let value else { return nil }
        return try await counters.count { () throws(SerdeError) in
            let target = try await target(for: topic, schema: { Value.avroSchema })
            return try target.serialize(topic: topic, headers: &headers) { (writer: inout ByteWriter) throws(AvroError) in try value.avroEncode(to: &writer) }
        }
    }

    /// The prefix-framed bytes of `value` for `topic`; nil stays nil. A serializer configured for
    /// header framing refuses this call rather than drop the header: use ``serialize(_:topic:headers:)``.
    @inlinable
    public func serialize(_ value: Value?, topic: String) async throws(SerdeError) -> [UInt8]? {
        try RecordFraming.requirePrefix(configuration, isKey: isKey)
        var headers: [RecordHeader] = []
        return try await serialize(value, topic: topic, headers: &headers)
    }

    /// Where records for `topic` go: cached, or resolved (registered) once. Not generic, so that
    /// the cache runs specialized.
    @usableFromInline
    func target(for topic: String, schema: () -> AvroSchema) async throws(SerdeError) -> AvroWriterTarget {
        try await targets.value(for: topic) { () throws(SerdeError) in
            let own = schema()
            let subject = strategy.subject(topic: topic, isKey: isKey, recordName: own.root.fullName)
            return try await AvroWriterTarget.resolve(
                own: own, registry: registry, configuration: configuration, isKey: isKey, subject: subject, topic: topic)
        }
    }
}

/// Reads Confluent-framed Avro into a generated type: fetches the writer's schema by id (cached
/// forever) and resolves it to the type's own schema, so consumers read data written by older or
/// newer compatible producers.
public struct KafkaAvroDeserializer<Value: AvroGeneratedType>: Sendable {
    public let registry: SchemaRegistryClient
    /// Reads record keys (framed by `__key_schema_id` or a prefix) instead of values.
    public let isKey: Bool
    private let resolvers = ResolverCache()
    private let counters: SerdeCounters

    /// - Parameter metrics: counts records and failures; the process-wide factory by default.
    public init(registry: SchemaRegistryClient, isKey: Bool = false, metrics: any MetricsFactory = MetricsSystem.factory) {
        counters = SerdeCounters(format: "avro", operation: "deserialize", isKey: isKey, factory: metrics)
        self.registry = registry
        self.isKey = isKey
    }

    /// The value (or key) of a consumed record, given its key or value bytes and its headers;
    /// nil for a tombstone or a null key. Bad frames, unknown ids and undecodable payloads are
    /// ``SerdeError/serialization(topic:partition:offset:message:)`` naming the record.
    public func deserialize(
        _ bytes: [UInt8]?, headers: [RecordHeader] = [], topic: String, partition: Int32? = nil, offset: Int64? = nil
    ) async throws(SerdeError) -> Value? {
        try await counters.count { () throws(SerdeError) in try await read(bytes, headers: headers, origin: RecordOrigin(topic: topic, partition: partition, offset: offset)) }
    }

    private func read(_ bytes: [UInt8]?, headers: [RecordHeader], origin: RecordOrigin) async throws(SerdeError) -> Value? {
        guard let (id, _, payload) = try RecordFraming.read(bytes, headers: headers, isKey: isKey, hasMessageIndexes: false, origin: origin) else {
            return nil
        }
        let resolver: AvroDatumReader?
        if let cached = resolvers.resolver(for: id) {
            resolver = cached
        } else {
            let writerSchema = try await registry.avroWriterSchema(id, for: origin)
            do {
                resolver = writerSchema.canonicalForm == Value.avroSchema.canonicalForm
                    ? nil : try AvroDatumReader(writer: writerSchema, reader: Value.avroSchema)
            } catch {
                throw origin.failure("writer \(id) cannot be read as \(Value.self): \(error)")
            }
            resolvers.store(resolver, for: id)
        }
        do {
            guard let resolver else {
                var reader = AvroBinaryReader(ByteReader(payload.bytes, startOffset: payload.offset))
                let value = try Value(avroFrom: &reader)
                try reader.expectEnd()
                return value
            }
            return try AvroDecoder().decode(Value.self, from: payload.copied, resolving: resolver)
        } catch {
            throw origin.failure("\(error)")
        }
    }
}

/// Resolution plans by writer schema (nil: the writer's schema is the reader's, use the fast path).
final class ResolverCache: Sendable {
    private let resolvers = Mutex<[SchemaIdentifier: AvroDatumReader?]>([:])

    func resolver(for id: SchemaIdentifier) -> AvroDatumReader?? { resolvers.withLock { $0[id] } }
    func store(_ resolver: AvroDatumReader?, for id: SchemaIdentifier) { resolvers.withLock { $0[id] = resolver } }
}
