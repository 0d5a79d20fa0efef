/// What a serializer or deserializer fails with: a setting it refuses, or a record it cannot write
/// or read, saying which record (the topic, and the partition and offset when the caller gave
/// them) and why.
///
/// The Kafka client's own error type wraps it (`SerdeError(_:)` in `SchemaWireKafka`), so a team
/// on another client handles this type alone.
public enum SerdeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A serde property or initializer argument was refused (Confluent's property name).
    case configuration(property: String, message: String)
    /// A record could not be serialized or deserialized.
    case serialization(topic: String, partition: Int32?, offset: Int64?, message: String)

    public var description: String {
        switch self {
        case let .configuration(property, message): return "invalid serde configuration \(property): \(message)"
        case let .serialization(topic, partition, offset, message):
            let place = [partition.map { "partition \($0)" }, offset.map { "offset \($0)" }].compactMap { $0 }.joined(separator: ", ")
            return "cannot (de)serialize a record of \(topic)\(place.isEmpty ? "" : " at \(place)"): \(message)"
        }
    }
}
