/// A deserializer of Confluent-framed keys or values, whatever it decodes them to: what a Kafka
/// client's glue code needs to feed any of them its records (`SchemaWireKafka` does so for its
/// `KafkaConsumerMessage`).
public protocol RecordDeserializer: Sendable {
    /// What one key or value decodes to.
    associatedtype Output
    /// Whether it reads record keys (framed by `__key_schema_id` or a prefix) instead of values.
    var isKey: Bool { get }
    /// The key or value of a record, given its bytes and headers; nil for a tombstone or a null
    /// key. `topic`, `partition` and `offset` name the record in errors.
    func deserialize(_ bytes: [UInt8]?, headers: [RecordHeader], topic: String, partition: Int32?, offset: Int64?) async throws(SerdeError) -> Output?
}

extension KafkaAvroDeserializer: RecordDeserializer {}
extension KafkaAvroValueDeserializer: RecordDeserializer {}
extension KafkaProtobufDeserializer: RecordDeserializer {}
extension KafkaProtobufValueDeserializer: RecordDeserializer {}
