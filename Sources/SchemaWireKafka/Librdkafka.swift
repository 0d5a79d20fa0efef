/// The librdkafka the Kafka client runs on: which one was loaded matters when a broker feature or
/// a bug fix depends on its version (and in bug reports).
public enum Librdkafka {
    /// The loaded library's version, as it reports it (`2.12.0`).
    public static var version: String { RDKafkaClient.libraryVersion }
}
