import SchemaWireAvro
import SchemaWireCore
import SchemaWireKafka
import SchemaWireRegistry
import SchemaWireSerde
import Synchronization

/// Turns a record's key and value into JSON text in their writer schemas' languages, for `consume`.
///
/// Values are always framed. A key is decoded like a value when it is framed with a schema: its
/// schema id travels in the `__key_schema_id` header, or it starts with the magic byte 0 and the id
/// after it names a schema the registry has. Any other key prints as text; ids the registry does not
/// know are remembered, so that binary keys starting with a zero byte cost one lookup, not one each.
final class RecordDecoders: Sendable {
    let registry: SchemaRegistryClient
    /// Avro logical types printed readably (``AvroValue/readableJSON(schema:)``) instead of as Avro JSON.
    let logical: Bool
    private let avro: KafkaAvroValueDeserializer
    private let protobuf: KafkaProtobufValueDeserializer
    private let avroKeys: KafkaAvroValueDeserializer
    private let protobufKeys: KafkaProtobufValueDeserializer
    private let unknownKeyIDs = Mutex<Set<Int32>>([])

    init(registry: SchemaRegistryClient, logical: Bool = false) {
        self.registry = registry
        self.logical = logical
        avro = KafkaAvroValueDeserializer(registry: registry)
        protobuf = KafkaProtobufValueDeserializer(registry: registry)
        avroKeys = KafkaAvroValueDeserializer(registry: registry, isKey: true)
        protobufKeys = KafkaProtobufValueDeserializer(registry: registry, isKey: true)
    }

    /// Appends the key decoded by its schema and returns true, or returns false (appending nothing)
    /// when the key is not framed with one.
    func appendKey(_ message: KafkaConsumerMessage, to line: inout String) async throws -> Bool {
        guard let key = message.key else { return false }
        let hasHeader = message.headers.contains { $0.key == ConfluentFraming.keySchemaIDHeader }
        guard hasHeader || (key.count >= 5 && key[0] == 0) else { return false }
        guard let writer = try? message.writerSchemaIdentifier(isKey: true) else { return false }
        if !hasHeader, case let .id(id) = writer {
            if unknownKeyIDs.withLock({ $0.contains(id) }) { return false }
            // (A `catch where` on this typed-throws call crashes Swift 6.3's SIL verifier.)
            let known: Bool
            do {
                _ = try await registry.schema(writer)
                known = true
            } catch {
                guard error.code == 40403 else { throw error }
                known = false
            }
            if !known {
                unknownKeyIDs.withLock { _ = $0.insert(id) }
                return false
            }
        }
        try await append(message, isKey: true, to: &line)
        return true
    }

    /// The key's or value's JSON text in its writer schema's language (null for a tombstone): Avro
    /// straight from the bytes, Protobuf through its JSON mapping.
    func append(_ message: KafkaConsumerMessage, isKey: Bool, to line: inout String) async throws {
        guard let writer = try message.writerSchemaIdentifier(isKey: isKey) else { return line += "null" }
        if try await registry.schema(writer).type == .protobuf {
            guard let decoded = try await (isKey ? protobufKeys : protobuf).deserialize(message) else { return line += "null" }
            return line += try decoded.schema.json(decoded.message, as: decoded.messageName).serialized()
        }
        guard let (payload, schema) = try await (isKey ? avroKeys : avro).undecoded(message) else { return line += "null" }
        do {
            if logical {
                line += try schema.decode(payload).readableJSON(schema: schema).serialized()
            } else {
                try schema.appendAvroJSON(decoding: payload, to: &line)
            }
        } catch {
            throw KafkaError.serialization(topic: message.topic, partition: message.partition, offset: message.offset, message: error.description)
        }
    }
}
