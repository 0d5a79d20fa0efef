import SchemaWireCore
import SchemaWireProtobuf
import SchemaWireRegistry

/// Confluent-framed Protobuf for a generated message type: the file it was generated from (with
/// its imports as references) is registered once, and each value encodes itself directly.
public struct KafkaProtobufSerializer<Message: ProtoGeneratedMessage>: Sendable {
    public let registry: SchemaRegistryClient
    public let strategy: SubjectNameStrategy
    public let isKey: Bool
    private let schema: ProtoSchema
    private let indexes: [Int]
    /// Ids by topic (the strategy fixes the subject per topic), so that a warm serializer neither
    /// asks the registry nor builds a subject name or renders its schema.
    private let ids = SerdeCache<String, Int32>()

    public init(registry: SchemaRegistryClient, strategy: SubjectNameStrategy = .topicName, isKey: Bool = false) throws(KafkaError) {
        do {
            schema = try Message.protoFile.schema()
            indexes = try schema.messageIndexes(of: Message.protoMessageName)
        } catch {
            throw .configuration(property: "value.message", message: "\(Message.protoMessageName): \(error)")
        }
        self.registry = registry
        self.strategy = strategy
        self.isKey = isKey
    }

    /// The framed bytes of `value`, or nil for nil (a tombstone).
    public func serialize(_ value: Message?, topic: String) async throws(KafkaError) -> [UInt8]? {
        guard let value else { return nil }
        let (registry, schema) = (self.registry, self.schema)
        let schemaID = try await ids.value(for: topic) { () throws(KafkaError) in
            let subject = strategy.subject(topic: topic, isKey: isKey, recordName: Message.protoMessageName)
            let id: Int
            do { id = try await registry.registerProtobuf(schema, subject: subject) } catch {
                throw .serialization(topic: topic, partition: nil, offset: nil, message: "subject \(subject): \(error)")
            }
            return try ConfluentAvroFrame.checked(id, topic: topic)
        }
        var writer = ConfluentAvroFrame.header(schemaID, messageIndexes: indexes)
        writer.write(bytes: value.serializedBytes())
        return writer.bytes
    }
}

/// Reads Confluent-framed Protobuf into a generated message type. The record's message-index path
/// must name the same message in the writer's schema; fields the type does not know are kept in
/// `unknownFields`, so an older or newer writer of the same message reads fine.
public struct KafkaProtobufDeserializer<Message: ProtoGeneratedMessage>: Sendable {
    public let registry: SchemaRegistryClient
    private let writerMessages = SerdeCache<Int, String>()

    public init(registry: SchemaRegistryClient) {
        self.registry = registry
    }

    /// The value, or nil for a tombstone.
    public func deserialize(_ record: KafkaConsumerMessage) async throws(KafkaError) -> Message? {
        guard let bytes = record.value else { return nil }
        let header: ConfluentFraming.Header
        do { header = try ConfluentFraming.readHeader(bytes, hasMessageIndexes: true) } catch {
            throw ConfluentAvroFrame.failure(record, error.description)
        }
        let indexes = header.messageIndexes ?? [0]
        let key = Int(header.schemaID)
        let cached = writerMessages[key]
        let name: String
        if let cached, indexes == [0] {
            name = cached
        } else {
            do {
                let schema = try await registry.protobufSchema(id: key)
                name = try schema.messageName(atIndexes: indexes)
            } catch {
                throw ConfluentAvroFrame.failure(record, "writer schema \(key): \(error)")
            }
            if indexes == [0] { writerMessages[key] = name }
        }
        guard name == Message.protoMessageName else {
            throw ConfluentAvroFrame.failure(record, "the record holds \(name), not \(Message.protoMessageName)")
        }
        do { return try Message(serializedBytes: Array(bytes[header.payloadOffset...])) } catch {
            throw ConfluentAvroFrame.failure(record, error.description)
        }
    }
}
