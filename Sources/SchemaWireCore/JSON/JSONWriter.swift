extension JSONValue {
    /// How ``JSONValue/serialized(_:)`` lays out its text.
    public enum Layout: Sendable {
        /// No whitespace at all, as Avro's Parsing Canonical Form and wire protocols want.
        case compact
        /// Two-space indentation, for people.
        case pretty
    }

    /// The JSON text of this value. Key order is preserved; numbers keep their original text.
    public func serialized(_ layout: Layout = .compact) -> String {
        var output = ""
        write(to: &output, layout: layout, indent: 0)
        return output
    }

    /// The compact JSON text of this value cut to at most `maximumLength` characters (ending in
    /// `...` when cut), for messages: the walk stops where the text does, so the cost is bounded
    /// by the length, not by the value's size.
    public func serialized(maximumLength: Int) -> String {
        var output = ""
        let complete = writeLimited(to: &output, limit: maximumLength)
        guard !complete || output.count > maximumLength else { return output }
        return String(output.prefix(max(maximumLength - 3, 0))) + "..."
    }

    /// Writes compact text until `output` passes `limit` characters; false when it stopped short.
    private func writeLimited(to output: inout String, limit: Int) -> Bool {
        guard output.utf8.count <= limit else { return false }
        switch self {
        case .null, .bool, .number:
            write(to: &output, layout: .compact, indent: 0)
        case let .string(string):
            guard string.utf8.count <= limit else {
                JSONValue.writeString(String(string.prefix(limit + 1)), to: &output)
                return false
            }
            JSONValue.writeString(string, to: &output)
        case let .array(array):
            output += "["
            for (index, element) in array.enumerated() {
                if index > 0 { output += "," }
                guard element.writeLimited(to: &output, limit: limit) else { return false }
            }
            output += "]"
        case let .object(object):
            output += "{"
            for (index, (key, value)) in object.enumerated() {
                if index > 0 { output += "," }
                JSONValue.string(key).write(to: &output, layout: .compact, indent: 0)
                output += ":"
                guard value.writeLimited(to: &output, limit: limit) else { return false }
            }
            output += "}"
        }
        return output.utf8.count <= limit
    }

    private func write(to output: inout String, layout: Layout, indent: Int) {
        switch self {
        case .null: output += "null"
        case let .bool(bool): output += bool ? "true" : "false"
        case let .number(text): output += text
        case let .string(string): JSONValue.writeString(string, to: &output)
        case let .array(array):
            if array.isEmpty { output += "[]"; return }
            output += "["
            for (index, element) in array.enumerated() {
                if index > 0 { output += "," }
                newline(&output, layout, indent + 1)
                element.write(to: &output, layout: layout, indent: indent + 1)
            }
            newline(&output, layout, indent)
            output += "]"
        case let .object(object):
            if object.isEmpty { output += "{}"; return }
            output += "{"
            for (index, (key, value)) in object.enumerated() {
                if index > 0 { output += "," }
                newline(&output, layout, indent + 1)
                JSONValue.writeString(key, to: &output)
                output += layout == .pretty ? ": " : ":"
                value.write(to: &output, layout: layout, indent: indent + 1)
            }
            newline(&output, layout, indent)
            output += "}"
        }
    }

    private func newline(_ output: inout String, _ layout: Layout, _ indent: Int) {
        guard layout == .pretty else { return }
        output += "\n"
        output += String(repeating: "  ", count: indent)
    }

    /// Appends `string` as a JSON string literal: quotes, backslashes and control characters escaped,
    /// everything else written as UTF-8 (the form Avro's canonical form requires).
    public static func writeString(_ string: String, to output: inout String) {
        output += "\""
        // Most strings (names, symbols) need no escape: appended whole, not scalar by scalar.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output += string
            output += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
