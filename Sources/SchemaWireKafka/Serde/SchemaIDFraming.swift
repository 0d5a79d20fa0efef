import SchemaWireCore

/// Where a serializer puts the identifier of the schema that wrote a record (Confluent's
/// `key.schema.id.serializer` / `value.schema.id.serializer`). Deserializers read both, per record.
public enum SchemaIDFraming: String, Hashable, Sendable, CaseIterable {
    /// Magic byte 0 and the 4-byte id in front of the payload: what every Confluent client reads.
    case prefix
    /// Magic byte 1 and the schema's GUID in the `__key_schema_id` / `__value_schema_id` record
    /// header, the value holding the bare payload: readable by Confluent's clients since 8.0 and
    /// stable across registries, since a GUID is not a per-registry counter.
    case header

    /// The record header that carries a key's or a value's schema identifier.
    static func headerName(isKey: Bool) -> String {
        isKey ? ConfluentFraming.keySchemaIDHeader : ConfluentFraming.valueSchemaIDHeader
    }
}

/// The framing steps shared by every serializer and deserializer.
enum RecordFraming {
    /// A writer for the payload of a record written for `id`/`guid`: for prefix framing it already
    /// holds the prefix; for header framing it starts empty and `headers` gains the GUID header.
    static func start(
        _ framing: SchemaIDFraming, id: Int32, guid: SchemaGUID?, messageIndexes: [Int]? = nil, isKey: Bool, topic: String,
        headers: inout [KafkaHeader]
    ) throws(KafkaError) -> ByteWriter {
        switch framing {
        case .prefix:
            return ConfluentAvroFrame.header(id, messageIndexes: messageIndexes)
        case .header:
            guard let guid else {
                throw .serialization(topic: topic, partition: nil, offset: nil, message: "header framing needs the GUID of schema id \(id), which the registry did not give")
            }
            headers.append(KafkaHeader(key: SchemaIDFraming.headerName(isKey: isKey), value: ConfluentFraming.headerValue(guid: guid, messageIndexes: messageIndexes)))
            return ByteWriter(capacity: 128)
        }
    }

    /// Refuses a bytes-only serialize call when the configuration wants the id in a header, which
    /// that call has no way to return.
    static func requirePrefix(_ configuration: KafkaSerdeConfiguration, isKey: Bool) throws(KafkaError) {
        guard configuration.schemaIDFraming(isKey: isKey) == .prefix else {
            throw .configuration(
                property: isKey ? "key.schema.id.serializer" : "value.schema.id.serializer",
                message: "header framing adds a record header: call serialize(_:topic:headers:) and send those headers")
        }
    }

    /// The schema identifier, message indexes and payload of a consumed key or value, or nil for
    /// a null one (a tombstone, or no key). A `__value_schema_id` (`__key_schema_id`) header wins
    /// over the payload, as in Confluent's clients; without one the payload starts with a prefix
    /// (magic 0 and an id, or magic 1 and a GUID).
    static func read(
        _ message: KafkaConsumerMessage, isKey: Bool, hasMessageIndexes: Bool
    ) throws(KafkaError) -> (schema: SchemaIdentifier, messageIndexes: [Int]?, payload: [UInt8])? {
        guard let bytes = isKey ? message.key : message.value else { return nil }
        let name = SchemaIDFraming.headerName(isKey: isKey)
        if let header = message.headers.last(where: { $0.key == name }) {
            guard let value = header.value else { throw ConfluentAvroFrame.failure(message, "header \(name) is null") }
            do {
                let frame = try ConfluentFraming.readFrame(value, hasMessageIndexes: hasMessageIndexes)
                guard frame.payloadOffset == value.count else {
                    throw WireFormatError.trailingBytes(offset: frame.payloadOffset, count: value.count - frame.payloadOffset)
                }
                return (frame.schema, frame.messageIndexes, bytes)
            } catch {
                throw ConfluentAvroFrame.failure(message, "header \(name): \(error)")
            }
        }
        do {
            let frame = try ConfluentFraming.readFrame(bytes, hasMessageIndexes: hasMessageIndexes)
            return (frame.schema, frame.messageIndexes, Array(bytes[frame.payloadOffset...]))
        } catch {
            throw ConfluentAvroFrame.failure(message, error.description)
        }
    }
}
