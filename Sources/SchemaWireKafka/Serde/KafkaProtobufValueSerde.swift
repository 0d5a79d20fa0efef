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
    public let strategy: SubjectNameStrategy
    public let isKey: Bool
    private let indexes: [Int]
    /// Ids by topic (the strategy fixes the subject per topic), so that a warm serializer neither
    /// asks the registry nor builds a subject name or renders its schema.
    private let ids = SerdeCache<String, Int32>()

    /// - Parameter messageName: the message type to write; by default the file's first message.
    public init(
        registry: SchemaRegistryClient, schema: ProtoSchema, messageName: String? = nil, strategy: SubjectNameStrategy = .topicName,
        isKey: Bool = false
    ) throws(KafkaError) {
        guard let name = messageName.map({ $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }) ?? schema.messageNames.first else {
            throw .configuration(property: "value.message", message: "\(schema.file.path) declares no message")
        }
        let qualified = schema.messageNames.contains(name) || schema.file.package.isEmpty ? name : schema.file.package + "." + name
        do { indexes = try schema.messageIndexes(of: qualified) } catch {
            throw .configuration(property: "value.message", message: error.description)
        }
        self.registry = registry
        self.schema = schema
        self.messageName = qualified
        self.strategy = strategy
        self.isKey = isKey
    }

    /// The framed bytes of `message`; registers the schema and its imports on first use (each
    /// checked BACKWARD-compatible on this side first).
    public func serialize(_ message: ProtoMessage, topic: String) async throws(KafkaError) -> [UInt8] {
        let (registry, schema) = (self.registry, self.schema)
        let schemaID = try await ids.value(for: topic) { () throws(KafkaError) in
            let subject = strategy.subject(topic: topic, isKey: isKey, recordName: messageName)
            let id: Int
            do { id = try await registry.registerProtobuf(schema, subject: subject) } catch {
                throw .serialization(topic: topic, partition: nil, offset: nil, message: "subject \(subject): \(error)")
            }
            return try ConfluentAvroFrame.checked(id, topic: topic)
        }
        let payload: [UInt8]
        do { payload = try schema.encode(message, as: messageName) } catch {
            throw .serialization(topic: topic, partition: nil, offset: nil, message: error.description)
        }
        return ConfluentFraming.frame(schemaID: schemaID, messageIndexes: indexes, payload: payload)
    }
}

/// Reads Confluent-framed Protobuf with the writer's schema (fetched by id, linked with its
/// references, and kept parsed), resolving the message-index path with strict bounds checks.
public struct KafkaProtobufValueDeserializer: Sendable {
    public let registry: SchemaRegistryClient
    private let parsed = SerdeCache<Int, ProtoSchema>()

    public init(registry: SchemaRegistryClient) {
        self.registry = registry
    }

    /// One decoded record value.
    public struct Decoded: Sendable {
        public var message: ProtoMessage
        /// The writer's schema, for the JSON mapping or re-encoding.
        public var schema: ProtoSchema
        /// The fully qualified message type the record's index path names.
        public var messageName: String
        public var schemaID: Int
    }

    /// The message, or nil for a tombstone.
    public func deserialize(_ record: KafkaConsumerMessage) async throws(KafkaError) -> Decoded? {
        guard let bytes = record.value else { return nil }
        let header: ConfluentFraming.Header
        do { header = try ConfluentFraming.readHeader(bytes, hasMessageIndexes: true) } catch {
            throw ConfluentAvroFrame.failure(record, error.description)
        }
        let id = Int(header.schemaID)
        let schema = try await writerSchema(id, for: record)
        do {
            let name = try schema.messageName(atIndexes: header.messageIndexes ?? [0])
            let message = try schema.decode(Array(bytes[header.payloadOffset...]), as: name)
            return Decoded(message: message, schema: schema, messageName: name, schemaID: id)
        } catch {
            throw ConfluentAvroFrame.failure(record, "schema \(id): \(error)")
        }
    }

    private func writerSchema(_ id: Int, for record: KafkaConsumerMessage) async throws(KafkaError) -> ProtoSchema {
        if let schema = parsed[id] { return schema }
        let schema: ProtoSchema
        do { schema = try await registry.protobufSchema(id: id) } catch { throw ConfluentAvroFrame.failure(record, "writer schema \(id): \(error)") }
        parsed[id] = schema
        return schema
    }
}
