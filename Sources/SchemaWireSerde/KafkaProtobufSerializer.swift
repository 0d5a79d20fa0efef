import CoreMetrics
import SchemaWireCore
import SchemaWireProtobuf
import SchemaWireRegistry

/// Confluent-framed Protobuf for a generated message type: the file it was generated from (with
/// its imports as references) is registered once, and each value encodes itself directly.
public struct KafkaProtobufSerializer<Message: ProtoGeneratedMessage>: Sendable {
    public let registry: SchemaRegistryClient
    public let configuration: KafkaSerdeConfiguration
    public let isKey: Bool
    private let schema: ProtoSchema
    /// Targets by topic (the strategy fixes the subject per topic), so that a warm serializer
    /// neither asks the registry nor builds a subject name or renders its schema.
    private let targets = SerdeCache<String, ProtobufWriterTarget>()
    /// Counts records and failures (see the metrics list in the SchemaWireSerde documentation).
    @usableFromInline let counters: SerdeCounters

    /// - Parameter metrics: counts records and failures; the process-wide factory by default.
    public init(
        registry: SchemaRegistryClient, configuration: KafkaSerdeConfiguration, isKey: Bool = false, metrics: any MetricsFactory = MetricsSystem.factory
    ) throws(SerdeError) {
        counters = SerdeCounters(format: "protobuf", operation: "serialize", isKey: isKey, factory: metrics)
        do {
            schema = try Message.protoFile.schema()
            _ = try schema.messageIndexes(of: Message.protoMessageName)
        } catch {
            throw .configuration(property: "value.message", message: "\(Message.protoMessageName): \(error)")
        }
        self.registry = registry
        self.configuration = configuration
        self.isKey = isKey
    }

    public init(registry: SchemaRegistryClient, strategy: SubjectNameStrategy = .topicName, isKey: Bool = false) throws(SerdeError) {
        try self.init(registry: registry, configuration: KafkaSerdeConfiguration(subjectNameStrategy: strategy), isKey: isKey)
    }

    /// The subject naming in force for this serializer's side (key or value).
    public var strategy: SubjectNameStrategy { configuration.subjectNameStrategy(isKey: isKey) }

    /// The framed bytes of `value`, or nil for nil (a tombstone). With header framing, `headers`
    /// gains the schema-id header the record must carry.
    ///
    /// Inlinable, so that the message is encoded where its type is known rather than copied and
    /// called through its protocol's witnesses, as `KafkaAvroSerializer` does.
    @inlinable
    public func serialize(_ value: Message?, topic: String, headers: inout [RecordHeader]) async throws(SerdeError) -> [UInt8]? {
        guard let value else { return nil }
        // Encoding a generated message cannot fail: the record counts once its framing is known.
        let frame = try await counters.count { () throws(SerdeError) in try await self.frame(for: topic, messageName: Message.protoMessageName) }
        // The framing, then the message encoded straight after it: one buffer, no copy of the payload.
        if let header = frame.header { headers.append(header) }
        return ProtoWireWriter.collect(stackCapacity: 512) { writer in
            writer.write(bytes: frame.prefix)
            value.encode(to: &writer)
        }
    }

    /// The prefix-framed bytes of `value`; refused under header framing (see ``serialize(_:topic:headers:)``).
    @inlinable
    public func serialize(_ value: Message?, topic: String) async throws(SerdeError) -> [UInt8]? {
        try RecordFraming.requirePrefix(configuration, isKey: isKey)
        var headers: [RecordHeader] = []
        return try await serialize(value, topic: topic, headers: &headers)
    }

    /// The framing of records for `topic`: cached, or resolved (registered) once. Not generic,
    /// so that the cache runs specialized.
    @usableFromInline
    func frame(for topic: String, messageName: String) async throws(SerdeError) -> RecordFrame {
        let (registry, schema, configuration, isKey) = (self.registry, self.schema, self.configuration, self.isKey)
        return try await targets.value(for: topic) { () throws(SerdeError) in
            let subject = strategy.subject(topic: topic, isKey: isKey, recordName: messageName)
            return try await ProtobufWriterTarget.resolve(
                own: schema, messageName: messageName, registry: registry, configuration: configuration, isKey: isKey,
                subject: subject, topic: topic)
        }.frame
    }
}

/// Reads Confluent-framed Protobuf into a generated message type. The record's message-index path
/// must name the same message in the writer's schema; fields the type does not know are kept in
/// `unknownFields`, so an older or newer writer of the same message reads fine.
public struct KafkaProtobufDeserializer<Message: ProtoGeneratedMessage>: Sendable {
    public let registry: SchemaRegistryClient
    /// Reads record keys (framed by `__key_schema_id` or a prefix) instead of values.
    public let isKey: Bool
    private let writerMessages = SerdeCache<SchemaIdentifier, String>()
    private let counters: SerdeCounters

    /// - Parameter metrics: counts records and failures; the process-wide factory by default.
    public init(registry: SchemaRegistryClient, isKey: Bool = false, metrics: any MetricsFactory = MetricsSystem.factory) {
        counters = SerdeCounters(format: "protobuf", operation: "deserialize", isKey: isKey, factory: metrics)
        self.registry = registry
        self.isKey = isKey
    }

    /// The value (or key), given the record's key or value bytes and its headers, or nil for a
    /// tombstone or a null key. The schema identifier may come in the `__value_schema_id`
    /// (`__key_schema_id`) header or in front of the payload.
    public func deserialize(
        _ bytes: [UInt8]?, headers: [RecordHeader] = [], topic: String, partition: Int32? = nil, offset: Int64? = nil
    ) async throws(SerdeError) -> Message? {
        try await counters.count { () throws(SerdeError) in try await read(bytes, headers: headers, origin: RecordOrigin(topic: topic, partition: partition, offset: offset)) }
    }

    private func read(_ bytes: [UInt8]?, headers: [RecordHeader], origin: RecordOrigin) async throws(SerdeError) -> Message? {
        guard let (identifier, messageIndexes, payload) = try RecordFraming.read(
            bytes, headers: headers, isKey: isKey, hasMessageIndexes: true, origin: origin)
        else {
            return nil
        }
        let indexes = messageIndexes ?? [0]
        let cached = writerMessages[identifier]
        let name: String
        if let cached, indexes == [0] {
            name = cached
        } else {
            do {
                let schema = try await registry.protobufSchema(identifier)
                name = try schema.messageName(atIndexes: indexes)
            } catch {
                throw origin.failure("writer \(identifier): \(error)")
            }
            if indexes == [0] { writerMessages[identifier] = name }
        }
        guard name == Message.protoMessageName else {
            throw origin.failure("the record holds \(name), not \(Message.protoMessageName)")
        }
        do {
            var message = Message()
            var reader = ProtoWireReader(payload.bytes, from: payload.offset)
            try message.merge(from: &reader)
            return message
        } catch {
            throw origin.failure(error.description)
        }
    }
}
