import Foundation
import SchemaWireCore

extension AvroValue {
    /// The value as Avro JSON, except that logical types read as people write them: a decimal as
    /// its digits (`"12.50"`, a string so no precision is lost), a date as `"2026-12-06"`, a time
    /// of day as `"10:30:00.250"`, a timestamp as ISO 8601 (`"2026-12-06T10:30:00.250Z"`, local
    /// ones without the `Z`), a duration as `{"months", "days", "milliseconds"}`. Made for people
    /// and logs (`schemawire consume --logical`); it does not parse back as Avro JSON.
    ///
    /// A value its logical type cannot describe (a decimal too wide for `Decimal`, a date outside
    /// the proleptic calendar's range) keeps its plain Avro JSON.
    public func readableJSON(type: AvroType, in schema: AvroSchema) throws(AvroError) -> JSONValue {
        try json(type: type, in: schema, readable: true)
    }

    /// The value for the schema's root type, as ``readableJSON(type:in:)``.
    public func readableJSON(schema: AvroSchema) throws(AvroError) -> JSONValue {
        try readableJSON(type: schema.root, in: schema)
    }

    /// The readable form of a value of a logical type, or nil to keep its plain Avro JSON.
    static func readable(_ value: AvroValue, _ logical: AvroLogicalType) -> JSONValue? {
        switch (logical, value) {
        case let (.decimal(_, scale), .bytes(bytes)), let (.decimal(_, scale), .fixed(bytes)):
            guard let decimal = try? AvroDecimal.decimal(from: bytes, scale: scale) else { return nil }
            return .string(fixedScale(decimal, scale: scale))
        case let (.date, .int(days)):
            return dateText(Int64(days) * 86_400_000_000, digits: 0).map { .string(String($0.prefix(10))) }
        case let (.timeMillis, .int(millis)):
            return .string(timeText(Int64(millis) * 1_000, digits: 3))
        case let (.timeMicros, .long(micros)):
            return .string(timeText(micros, digits: 6))
        case let (.timestampMillis, .long(millis)), let (.localTimestampMillis, .long(millis)):
            let (micros, overflow) = millis.multipliedReportingOverflow(by: 1_000)
            guard !overflow, let text = dateText(micros, digits: 3) else { return nil }
            return .string(logical == .timestampMillis ? text + "Z" : text)
        case let (.timestampMicros, .long(micros)), let (.localTimestampMicros, .long(micros)):
            guard let text = dateText(micros, digits: 6) else { return nil }
            return .string(logical == .timestampMicros ? text + "Z" : text)
        case let (.timestampNanos, .long(nanos)), let (.localTimestampNanos, .long(nanos)):
            let micros = nanos >= 0 ? nanos / 1_000 : (nanos - 999) / 1_000
            guard var text = dateText(micros, digits: 6) else { return nil }
            text += String(format: "%03lld", ((nanos % 1_000) + 1_000) % 1_000)
            return .string(logical == .timestampNanos ? text + "Z" : text)
        case let (.duration, .fixed(bytes)) where bytes.count == 12:
            func little(_ offset: Int) -> Int64 {
                Int64(UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
            }
            return .object(["months": .integer(little(0)), "days": .integer(little(4)), "milliseconds": .integer(little(8))])
        default:
            return nil
        }
    }

    /// `12.5` at scale 2 → `"12.50"`: as many fraction digits as the scale says.
    private static func fixedScale(_ decimal: Decimal, scale: Int) -> String {
        var text = decimal.description
        guard scale > 0 else { return text }
        let fraction = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? -1
        if fraction < 0 { text += "." }
        if fraction < scale { text += String(repeating: "0", count: scale - max(fraction, 0)) }
        return text
    }

    /// `HH:MM:SS` and `digits` fraction digits of `micros` into the day.
    private static func timeText(_ micros: Int64, digits: Int) -> String {
        let seconds = micros / 1_000_000
        let fraction = micros % 1_000_000
        let base = String(format: "%02lld:%02lld:%02lld", seconds / 3_600, seconds / 60 % 60, seconds % 60)
        return base + "." + String(String(format: "%06lld", fraction).prefix(digits))
    }

    /// `YYYY-MM-DDTHH:MM:SS` and `digits` fraction digits (none for 0) of `micros` since the epoch,
    /// in UTC on the proleptic Gregorian calendar; nil beyond years 1 to 9999.
    private static func dateText(_ micros: Int64, digits: Int) -> String? {
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 {
            days -= 1
            rest += 86_400_000_000
        }
        let (year, month, day) = CivilCalendar.date(days: days)
        guard (1...9_999).contains(year) else { return nil }
        let time = timeText(rest, digits: max(digits, 1))
        return String(format: "%04lld-%02lld-%02lldT", year, month, day) + (digits == 0 ? String(time.prefix(8)) : time)
    }
}
