import SchemaWireCore

/// The string forms the Protobuf JSON mapping gives `google.protobuf.Timestamp` (RFC 3339, UTC) and
/// `google.protobuf.Duration` (`"1.5s"`), computed without Foundation.
enum WellKnownText {
    /// Seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range the mapping allows.
    static let minimumTimestamp: Int64 = -62_135_596_800
    static let maximumTimestamp: Int64 = 253_402_300_799
    /// ±10,000 years, the range the mapping allows for durations.
    static let maximumDurationSeconds: Int64 = 315_576_000_000

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Nanoseconds as 0, 3, 6 or 9 fractional digits, the way Google's printers do.
    private static func fraction(_ nanos: Int64) -> String {
        if nanos == 0 { return "" }
        if nanos % 1_000_000 == 0 { return "." + padded(nanos / 1_000_000, 3) }
        if nanos % 1000 == 0 { return "." + padded(nanos / 1000, 6) }
        return "." + padded(nanos, 9)
    }

    static func timestamp(seconds: Int64, nanos: Int32) -> String? {
        guard seconds >= minimumTimestamp, seconds <= maximumTimestamp, nanos >= 0, nanos <= 999_999_999 else { return nil }
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let (year, month, day) = CivilCalendar.date(days: days)
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2) + "T" + padded(secondOfDay / 3600, 2) + ":"
            + padded(secondOfDay / 60 % 60, 2) + ":" + padded(secondOfDay % 60, 2) + fraction(Int64(nanos)) + "Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fffffffff](Z|±HH:MM)`.
    static func parseTimestamp(_ text: String) -> (seconds: Int64, nanos: Int32)? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), bytes[4] == UInt8(ascii: "-"), let month = number(5..<7), bytes[7] == UInt8(ascii: "-"),
            let day = number(8..<10), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            let hour = number(11..<13), bytes[13] == UInt8(ascii: ":"), let minute = number(14..<16),
            bytes[16] == UInt8(ascii: ":"), let second = number(17..<19),
            (1...12).contains(month), day >= 1, day <= 31, hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var nanos: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                guard digits < 9 else { return nil }
                nanos = nanos * 10 + Int64(bytes[index] - 0x30)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        var offset: Int64 = 0
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
            index += 1
        } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            guard let offsetHours = number(index + 1..<index + 3), index + 3 < bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                let offsetMinutes = number(index + 4..<index + 6)
            else { return nil }
            offset = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == UInt8(ascii: "+") ? 1 : -1)
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let seconds = CivilCalendar.days(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second - offset
        guard seconds >= minimumTimestamp, seconds <= maximumTimestamp else { return nil }
        return (seconds, Int32(nanos))
    }

    static func duration(seconds: Int64, nanos: Int32) -> String? {
        // Ranges first, on magnitudes: `abs` of Int64.min or Int32.min would trap.
        guard seconds.magnitude <= UInt64(maximumDurationSeconds), nanos.magnitude <= 999_999_999,
            seconds == 0 || nanos == 0 || (seconds < 0) == (nanos < 0)
        else { return nil }
        let negative = seconds < 0 || nanos < 0
        return (negative ? "-" : "") + String(seconds.magnitude) + fraction(Int64(nanos.magnitude)) + "s"
    }

    /// Parses `-?[0-9]+(\.[0-9]{1,9})?s` within ±10,000 years.
    static func parseDuration(_ text: String) -> (seconds: Int64, nanos: Int32)? {
        guard text.hasSuffix("s") else { return nil }
        var body = Substring(text.dropLast())
        let negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        // Digits only: a second sign ("--9223372036854775808s") would negate Int64.min.
        guard let whole = parts.first, !whole.isEmpty, whole.utf8.count <= 12, whole.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let seconds = Int64(whole), seconds <= maximumDurationSeconds
        else { return nil }
        var nanos: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.utf8.count <= 9, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int64(digits) else {
                return nil
            }
            nanos = value
            for _ in digits.count..<9 { nanos *= 10 }
        }
        return negative ? (-seconds, Int32(-nanos)) : (seconds, Int32(nanos))
    }

    /// FieldMask paths are snake_case in the message and lowerCamelCase in JSON.
    static func camelCasePath(_ path: String) -> String { ProtoField.defaultJSONName(path) }

    static func snakeCasePath(_ path: String) -> String {
        var result = ""
        for character in path {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
