import SchemaWireAvro
import SchemaWireCore
import SchemaWireSerde

// The serdes read bytes and headers from any Kafka client; these feed them this client's records,
// with the record's coordinates in every error.

extension KafkaConsumerMessage {
    /// The key's or value's bytes, as the deserializer for that side reads them.
    func serdeBytes(isKey: Bool) -> [UInt8]? { isKey ? key : value }

    /// The schema that wrote the value (or key): named by `__value_schema_id` (`__key_schema_id`)
    /// when the record carries it, else by the payload's prefix — so that a tool can choose the
    /// deserializer by the writer schema's type. Nil for a tombstone or a null key.
    public func writerSchemaIdentifier(isKey: Bool = false) throws(KafkaError) -> SchemaIdentifier? {
        do {
            return try SchemaIDFraming.writerSchemaIdentifier(
                of: serdeBytes(isKey: isKey), headers: headers, isKey: isKey, topic: topic, partition: partition, offset: offset)
        } catch { throw KafkaError(error) }
    }
}

extension RecordDeserializer {
    /// The value (or key) of a consumed record; nil for a tombstone or a null key.
    public func deserialize(_ message: KafkaConsumerMessage) async throws(KafkaError) -> Output? {
        do {
            return try await deserialize(
                message.serdeBytes(isKey: isKey), headers: message.headers, topic: message.topic, partition: message.partition, offset: message.offset)
        } catch { throw KafkaError(error) }
    }
}

extension KafkaAvroValueDeserializer {
    /// The Avro payload of the value (or key) and its writer's schema, without decoding it.
    public func undecoded(_ message: KafkaConsumerMessage) async throws(KafkaError) -> (payload: [UInt8], schema: AvroSchema)? {
        do {
            return try await undecoded(
                message.serdeBytes(isKey: isKey), headers: message.headers, topic: message.topic, partition: message.partition, offset: message.offset)
        } catch { throw KafkaError(error) }
    }
}
