import Foundation

/// Conversions between `Date` and Avro's date and timestamp logical types, shared by the `Codable`
/// path and generated types so that both write the same numbers.
public enum AvroTime {
    /// Units per second of each timestamp precision.
    public static let millis = 1_000.0
    public static let micros = 1_000_000.0
    public static let nanos = 1_000_000_000.0

    /// `date` as whole units since the Unix epoch (rounded to the nearest unit).
    public static func units(of date: Date, perSecond: Double) throws(AvroError) -> Int64 {
        let scaled = (date.timeIntervalSince1970 * perSecond).rounded()
        guard scaled.isFinite, let integer = Int64(exactly: scaled) else {
            throw .valueMismatch(path: "", message: "\(date) is out of range for a timestamp")
        }
        return integer
    }

    /// The date `units` after the Unix epoch.
    public static func date(units: Int64, perSecond: Double) -> Date {
        Date(timeIntervalSince1970: Double(units) / perSecond)
    }

    /// `date` as days since the Unix epoch (the `date` logical type), rounding down.
    public static func days(of date: Date) throws(AvroError) -> Int32 {
        let days = (date.timeIntervalSince1970 / 86_400).rounded(.down)
        guard let narrow = Int32(exactly: days) else { throw .valueMismatch(path: "", message: "\(date) is out of range for date") }
        return narrow
    }

    /// The start of day `days` after the Unix epoch, UTC.
    public static func date(days: Int32) -> Date {
        Date(timeIntervalSince1970: Double(days) * 86_400)
    }

    /// Units per second for a timestamp logical type, nil for others.
    static func unitsPerSecond(_ logicalType: AvroLogicalType?) -> Double? {
        switch logicalType {
        case .timestampMillis?, .localTimestampMillis?: return millis
        case .timestampMicros?, .localTimestampMicros?: return micros
        case .timestampNanos?, .localTimestampNanos?: return nanos
        default: return nil
        }
    }
}
