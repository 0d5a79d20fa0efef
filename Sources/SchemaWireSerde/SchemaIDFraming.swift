import SchemaWireCore
import SchemaWireRegistry

/// Where a serializer puts the identifier of the schema that wrote a record (Confluent's
/// `key.schema.id.serializer` / `value.schema.id.serializer`). Deserializers read both, per record.
public enum SchemaIDFraming: String, Hashable, Sendable, CaseIterable {
    /// Magic byte 0 and the 4-byte id in front of the payload: what every Confluent client reads.
    case prefix
    /// Magic byte 1 and the schema's GUID in the `__key_schema_id` / `__value_schema_id` record
    /// header, the value holding the bare payload: readable by Confluent's clients since 8.0 and
    /// stable across registries, since a GUID is not a per-registry counter.
    case header

    /// The record header that carries a key's or a value's schema identifier (`__key_schema_id`,
    /// `__value_schema_id`): what a caller on another Kafka client looks up to hand a
    /// deserializer the record's headers.
    public static func headerName(isKey: Bool) -> String {
        isKey ? ConfluentFraming.keySchemaIDHeader : ConfluentFraming.valueSchemaIDHeader
    }
}

/// The framing a serializer puts on every record of one target, built once when the target is
/// resolved, so that a warm serializer neither re-encodes the prefix nor rebuilds the header.
@usableFromInline
struct RecordFrame: Sendable {
    /// Written before the payload: magic 0, the id and any message indexes; empty under header framing.
    @usableFromInline let prefix: [UInt8]
    /// Added to the record's headers under header framing: magic 1, the GUID and any message indexes.
    @usableFromInline let header: RecordHeader?

    /// The frame for schema `id` (its GUID fetched when header framing needs it and `guid` is nil)
    /// as `configuration` frames a key or a value.
    static func resolve(
        id: Int, guid: SchemaGUID?, messageIndexes: [Int]? = nil, registry: SchemaRegistryClient, configuration: KafkaSerdeConfiguration,
        isKey: Bool, topic: String
    ) async throws(SerdeError) -> RecordFrame {
        guard let schemaID = Int32(exactly: id) else {
            throw .serialization(topic: topic, partition: nil, offset: nil, message: "schema id \(id) out of range")
        }
        switch configuration.schemaIDFraming(isKey: isKey) {
        case .prefix:
            var writer = ByteWriter(capacity: 16)
            ConfluentFraming.writeHeader(schemaID: schemaID, messageIndexes: messageIndexes, into: &writer)
            return RecordFrame(prefix: writer.bytes, header: nil)
        case .header:
            let known: SchemaGUID
            if let guid {
                known = guid
            } else {
                do { known = try await registry.guid(ofID: id) } catch {
                    throw .serialization(topic: topic, partition: nil, offset: nil, message: "header framing needs the GUID of schema id \(id): \(error)")
                }
            }
            let value = ConfluentFraming.headerValue(guid: known, messageIndexes: messageIndexes)
            return RecordFrame(prefix: [], header: RecordHeader(key: SchemaIDFraming.headerName(isKey: isKey), value: value))
        }
    }

    /// `payload` behind the prefix, in one allocation; `headers` gains the header.
    func framed(_ payload: [UInt8], headers: inout [RecordHeader]) -> [UInt8] {
        if let header { headers.append(header) }
        return prefix + payload
    }
}

/// The framing steps shared by every serializer and deserializer.
@usableFromInline
enum RecordFraming {
    /// Refuses a bytes-only serialize call when the configuration wants the id in a header, which
    /// that call has no way to return.
    @usableFromInline
    static func requirePrefix(_ configuration: KafkaSerdeConfiguration, isKey: Bool) throws(SerdeError) {
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
        _ bytes: [UInt8]?, headers: [RecordHeader], isKey: Bool, hasMessageIndexes: Bool, origin: RecordOrigin
    ) throws(SerdeError) -> (schema: SchemaIdentifier, messageIndexes: [Int]?, payload: FramedPayload)? {
        guard let bytes else { return nil }
        let name = SchemaIDFraming.headerName(isKey: isKey)
        if let header = SchemaIDFraming.schemaIDHeader(in: headers, isKey: isKey) {
            guard let value = header.value else { throw origin.failure("header \(name) is null") }
            do {
                let frame = try ConfluentFraming.readFrame(value, hasMessageIndexes: hasMessageIndexes)
                guard frame.payloadOffset == value.count else {
                    throw WireFormatError.trailingBytes(offset: frame.payloadOffset, count: value.count - frame.payloadOffset)
                }
                return (frame.schema, frame.messageIndexes, FramedPayload(bytes: bytes, offset: 0))
            } catch {
                throw origin.failure("header \(name): \(error)")
            }
        }
        do {
            let frame = try ConfluentFraming.readFrame(bytes, hasMessageIndexes: hasMessageIndexes)
            return (frame.schema, frame.messageIndexes, FramedPayload(bytes: bytes, offset: frame.payloadOffset))
        } catch {
            throw origin.failure(error.description)
        }
    }
}

extension SchemaIDFraming {
    /// The schema that wrote a key or value: named by `__value_schema_id` (`__key_schema_id`)
    /// when `headers` carry it, else by the bytes' prefix — so that a tool can choose the
    /// deserializer by the writer schema's type. Nil for a tombstone or a null key.
    public static func writerSchemaIdentifier(
        of bytes: [UInt8]?, headers: [RecordHeader], isKey: Bool = false, topic: String, partition: Int32? = nil, offset: Int64? = nil
    ) throws(SerdeError) -> SchemaIdentifier? {
        guard let bytes else { return nil }
        let framing = schemaIDHeader(in: headers, isKey: isKey).map { $0.value ?? [] } ?? bytes
        do { return try ConfluentFraming.readFrame(framing).schema } catch {
            throw RecordOrigin(topic: topic, partition: partition, offset: offset).failure(error.description)
        }
    }

    /// The last header that carries the key's or value's schema identifier (the one Confluent's clients read).
    static func schemaIDHeader(in headers: [RecordHeader], isKey: Bool) -> RecordHeader? {
        let name = headerName(isKey: isKey)
        return headers.last { $0.key == name }
    }
}

/// A consumed key's or value's payload where it lies: after the prefix in the record's bytes, or
/// all of them under header framing. Decoders that can start at an offset read it in place;
/// the others take ``copied``.
struct FramedPayload: Sendable {
    let bytes: [UInt8]
    let offset: Int

    /// The payload as an array of its own (the record's bytes themselves when there is no prefix).
    var copied: [UInt8] { offset == 0 ? bytes : Array(bytes[offset...]) }
}
