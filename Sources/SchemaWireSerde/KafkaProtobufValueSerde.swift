import CoreMetrics
import SchemaWireCore
import SchemaWireProtobuf
import SchemaWireRegistry

/// Confluent-framed Protobuf for messages known only at run time (``ProtoMessage`` and a schema):
/// magic byte, schema id, the message-index path of `messageName`, then the payload — the bytes
/// Confluent's Java, Go and Python deserializers read.
public struct KafkaProtobufValueSerializer: Sendable {
    public let registry: SchemaRegistryClient
    public let schema: ProtoSchema
    /// The fully qualified message type written.
    public let messageName: String
    public let configuration: KafkaSerdeConfiguration
    public let isKey: Bool
    /// Targets by topic (the strategy fixes the subject per topic), so that a warm serializer
    /// neither asks the registry nor builds a subject name or renders its schema.
    private let targets = SerdeCache<String, ProtobufWriterTarget>()
    private let counters: SerdeCounters

    /// - Parameters:
    ///   - messageName: the message type to write; by default the file's first message.
    ///   - metrics: counts records and failures; the process-wide factory by default.
    public init(
        registry: SchemaRegistryClient, schema: ProtoSchema, messageName: String? = nil, configuration: KafkaSerdeConfiguration,
        isKey: Bool = false, metrics: any MetricsFactory = MetricsSystem.factory
    ) throws(SerdeError) {
        counters = SerdeCounters(format: "protobuf", operation: "serialize", isKey: isKey, factory: metrics)
        guard let name = messageName.map({ $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }) ?? schema.messageNames.first else {
            throw .configuration(property: "value.message", message: "\(schema.file.path) declares no message")
        }
        let qualified = schema.messageNames.contains(name) || schema.file.package.isEmpty ? name : schema.file.package + "." + name
        do { _ = try schema.messageIndexes(of: qualified) } catch {
            throw .configuration(property: "value.message", message: error.description)
        }
        self.registry = registry
        self.schema = schema
        self.messageName = qualified
        self.configuration = configuration
        self.isKey = isKey
    }

    /// - Parameter messageName: the message type to write; by default the file's first message.
    public init(
        registry: SchemaRegistryClient, schema: ProtoSchema, messageName: String? = nil, strategy: SubjectNameStrategy = .topicName,
        isKey: Bool = false
    ) throws(SerdeError) {
        try self.init(
            registry: registry, schema: schema, messageName: messageName, configuration: KafkaSerdeConfiguration(subjectNameStrategy: strategy), isKey: isKey)
    }

    /// The subject naming in force for this serializer's side (key or value).
    public var strategy: SubjectNameStrategy { configuration.subjectNameStrategy(isKey: isKey) }

    /// The framed bytes of `message`; registers the schema and its imports on first use (each
    /// checked BACKWARD-compatible on this side first). With header framing, `headers` gains the
    /// schema-id header the record must carry.
    public func serialize(_ message: ProtoMessage, topic: String, headers: inout [RecordHeader]) async throws(SerdeError) -> [UInt8] {
        let (registry, schema, configuration, isKey, messageName) = (self.registry, self.schema, self.configuration, self.isKey, self.messageName)
        let strategy = self.strategy
        return try await counters.count { () throws(SerdeError) in
            let target = try await targets.value(for: topic) { () throws(SerdeError) in
                let subject = strategy.subject(topic: topic, isKey: isKey, recordName: messageName)
                return try await ProtobufWriterTarget.resolve(
                    own: schema, messageName: messageName, registry: registry, configuration: configuration, isKey: isKey, subject: subject, topic: topic)
            }
            let payload: [UInt8]
            do { payload = try schema.encode(message, as: messageName) } catch {
                throw .serialization(topic: topic, partition: nil, offset: nil, message: "\(error)")
            }
            return target.frame.framed(payload, headers: &headers)
        }
    }

    /// The prefix-framed bytes of `message`; refused under header framing (see ``serialize(_:topic:headers:)``).
    public func serialize(_ message: ProtoMessage, topic: String) async throws(SerdeError) -> [UInt8] {
        try RecordFraming.requirePrefix(configuration, isKey: isKey)
        var headers: [RecordHeader] = []
        return try await serialize(message, topic: topic, headers: &headers)
    }
}

/// Reads Confluent-framed Protobuf with the writer's schema (fetched by id, linked with its
/// references, and kept parsed), resolving the message-index path with strict bounds checks.
public struct KafkaProtobufValueDeserializer: Sendable {
    public let registry: SchemaRegistryClient
    /// Reads record keys (framed by `__key_schema_id` or a prefix) instead of values.
    public let isKey: Bool
    private let parsed = SerdeCache<SchemaIdentifier, ProtoSchema>()
    private let counters: SerdeCounters

    /// - Parameter metrics: counts records and failures; the process-wide factory by default.
    public init(registry: SchemaRegistryClient, isKey: Bool = false, metrics: any MetricsFactory = MetricsSystem.factory) {
        counters = SerdeCounters(format: "protobuf", operation: "deserialize", isKey: isKey, factory: metrics)
        self.registry = registry
        self.isKey = isKey
    }

    /// One decoded record value.
    public struct Decoded: Sendable {
        public var message: ProtoMessage
        /// The writer's schema, for the JSON mapping or re-encoding.
        public var schema: ProtoSchema
        /// The fully qualified message type the record's index path names.
        public var messageName: String
        /// The writer schema's id or GUID, as the record's framing named it.
        public var schemaIdentifier: SchemaIdentifier
    }

    /// The message (or key), given the record's key or value bytes and its headers, or nil for a
    /// tombstone or a null key.
    public func deserialize(
        _ bytes: [UInt8]?, headers: [RecordHeader] = [], topic: String, partition: Int32? = nil, offset: Int64? = nil
    ) async throws(SerdeError) -> Decoded? {
        let origin = RecordOrigin(topic: topic, partition: partition, offset: offset)
        return try await counters.count { () throws(SerdeError) in
            guard let (identifier, indexes, payload) = try RecordFraming.read(bytes, headers: headers, isKey: isKey, hasMessageIndexes: true, origin: origin)
            else { return nil }
            let schema = try await writerSchema(identifier, for: origin)
            do {
                let name = try schema.messageName(atIndexes: indexes ?? [0])
                let message = try schema.decode(payload.copied, as: name)
                return Decoded(message: message, schema: schema, messageName: name, schemaIdentifier: identifier)
            } catch {
                throw origin.failure("\(identifier): \(error)")
            }
        }
    }

    private func writerSchema(_ identifier: SchemaIdentifier, for origin: RecordOrigin) async throws(SerdeError) -> ProtoSchema {
        if let schema = parsed[identifier] { return schema }
        let schema: ProtoSchema
        do { schema = try await registry.protobufSchema(identifier) } catch { throw origin.failure("writer \(identifier): \(error)") }
        parsed[identifier] = schema
        return schema
    }
}
