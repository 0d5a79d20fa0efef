import Foundation
import OrderedCollections
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
        let type = schema.resolve(type)
        if let logical = type.logicalType, let readable = Self.readable(self, logical) { return readable }
        switch (type.kind, self) {
        case let (.array(items), .array(elements)):
            var array: [JSONValue] = []
            array.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                do { array.append(try element.readableJSON(type: items, in: schema)) } catch { throw error.prefixed(String(index)) }
            }
            return .array(array)
        case let (.map(valueType), .map(entries)):
            var object = OrderedDictionary<String, JSONValue>(minimumCapacity: entries.count)
            for (key, element) in entries {
                do { object[key] = try element.readableJSON(type: valueType, in: schema) } catch { throw error.prefixed(JSONPointer.escape(key)) }
            }
            return .object(object)
        case let (.record(record), .record(fields)):
            var object = OrderedDictionary<String, JSONValue>(minimumCapacity: record.fields.count)
            for field in record.fields {
                guard let element = fields[field.name] else {
                    throw .valueMismatch(path: "/" + JSONPointer.escape(field.name), message: "the record has no value for this field")
                }
                do { object[field.name] = try element.readableJSON(type: field.type, in: schema) } catch { throw error.prefixed(JSONPointer.escape(field.name)) }
            }
            return .object(object)
        case let (.union(branches), .union(index, inner)) where branches.indices.contains(index):
            let branch = branches[index]
            if case .null = schema.resolve(branch).kind { return .null }
            do {
                return .object([branch.unionBranchName: try inner.readableJSON(type: branch, in: schema)])
            } catch {
                throw error.prefixed(JSONPointer.escape(branch.unionBranchName))
            }
        default:
            return try avroJSON(type: type, in: schema)
        }
    }

    /// The value for the schema's root type, as ``readableJSON(type:in:)``.
    public func readableJSON(schema: AvroSchema) throws(AvroError) -> JSONValue {
        try readableJSON(type: schema.root, in: schema)
    }

    private static func readable(_ value: AvroValue, _ logical: AvroLogicalType) -> JSONValue? {
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
        // Howard Hinnant's civil-from-days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (1...9_999).contains(year) else { return nil }
        let time = timeText(rest, digits: max(digits, 1))
        return String(format: "%04lld-%02lld-%02lldT", year, month, day) + (digits == 0 ? String(time.prefix(8)) : time)
    }
}
