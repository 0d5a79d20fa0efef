/// The logical types of the Avro 1.11 specification (and `timestamp-nanos`/`local-timestamp-nanos`
/// from 1.12), which give a primitive or fixed type a meaning such as a date or a decimal.
public enum AvroLogicalType: Hashable, Sendable {
    /// An arbitrary-precision decimal stored as a two's-complement big-endian unscaled integer.
    case decimal(precision: Int, scale: Int)
    /// A UUID in its 36-character string form.
    case uuid
    /// Days since the Unix epoch (`int`).
    case date
    /// Milliseconds after midnight (`int`).
    case timeMillis
    /// Microseconds after midnight (`long`).
    case timeMicros
    /// Milliseconds since the Unix epoch, UTC (`long`).
    case timestampMillis
    /// Microseconds since the Unix epoch, UTC (`long`).
    case timestampMicros
    /// Nanoseconds since the Unix epoch, UTC (`long`).
    case timestampNanos
    /// Milliseconds since the epoch in an unspecified local time zone (`long`).
    case localTimestampMillis
    /// Microseconds since the epoch in an unspecified local time zone (`long`).
    case localTimestampMicros
    /// Nanoseconds since the epoch in an unspecified local time zone (`long`).
    case localTimestampNanos
    /// Months, days and milliseconds as three little-endian unsigned 32-bit integers (`fixed(12)`).
    case duration

    /// The name used in the `logicalType` attribute.
    public var name: String {
        switch self {
        case .decimal: return "decimal"
        case .uuid: return "uuid"
        case .date: return "date"
        case .timeMillis: return "time-millis"
        case .timeMicros: return "time-micros"
        case .timestampMillis: return "timestamp-millis"
        case .timestampMicros: return "timestamp-micros"
        case .timestampNanos: return "timestamp-nanos"
        case .localTimestampMillis: return "local-timestamp-millis"
        case .localTimestampMicros: return "local-timestamp-micros"
        case .localTimestampNanos: return "local-timestamp-nanos"
        case .duration: return "duration"
        }
    }

    /// Logical types other than decimal, by attribute name.
    static let simple: [String: AvroLogicalType] = Dictionary(
        uniqueKeysWithValues: [
            AvroLogicalType.uuid, .date, .timeMillis, .timeMicros, .timestampMillis, .timestampMicros,
            .timestampNanos, .localTimestampMillis, .localTimestampMicros, .localTimestampNanos, .duration,
        ].map { ($0.name, $0) }
    )
}
