/// One record header, as serializers add them (the schema-id header under header framing) and
/// deserializers read them, whatever Kafka client carries the record.
public struct RecordHeader: Hashable, Sendable {
    public var key: String
    /// nil for a header without a value.
    public var value: [UInt8]?

    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    /// A header with a UTF-8 text value.
    public init(key: String, text: String) {
        self.init(key: key, value: Array(text.utf8))
    }
}
