import OrderedCollections

extension JSONValue {
    /// The deepest nesting of arrays and objects accepted, so that hostile input cannot exhaust the stack.
    public static let maximumDepth = 512

    /// Parses a complete JSON text (RFC 8259). Duplicate object keys are rejected, since a schema
    /// with two `"type"` keys has no single meaning.
    public init(parsing text: String) throws(JSONError) {
        var parser = JSONParser(bytes: Array(text.utf8))
        self = try parser.parseDocument()
    }

    /// Parses a complete JSON text from UTF-8 bytes.
    public init(parsing bytes: [UInt8]) throws(JSONError) {
        var parser = JSONParser(bytes: bytes)
        self = try parser.parseDocument()
    }
}

extension JSONValue {
    /// The 1-based line on which each value of a JSON text starts, by JSON Pointer ("" for the
    /// root), so that tools can point at the line of a schema path (for example in CI annotations).
    public static func lineNumbers(of text: String) throws(JSONError) -> [String: Int] {
        var parser = JSONParser(bytes: Array(text.utf8))
        parser.lines = [:]
        _ = try parser.parseDocument()
        return parser.lines ?? [:]
    }
}

struct JSONParser {
    let bytes: [UInt8]
    var offset = 0
    var depth = 0
    /// When non-nil, the line of every value by JSON Pointer is recorded here.
    var lines: [String: Int]?
    /// The JSON Pointer of the value being parsed, and where each of its components starts, kept
    /// as one string so that recording a line costs the pointer's length, not its depth in joins.
    private var pointer = ""
    private var componentStarts: [String.Index] = []
    private var line = 1
    private var lineCountedTo = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
        let value = try parseValue()
        skipWhitespace()
        if offset < bytes.count { throw error("unexpected text after the JSON value") }
        return value
    }

    func error(_ message: String, at position: Int? = nil) -> JSONError {
        let position = min(position ?? offset, bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<position where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return JSONError(offset: position, line: line, column: position - lineStart + 1, message: message)
    }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// Records the current value's line when locations are wanted.
    private mutating func recordLine() {
        guard lines != nil else { return }
        while lineCountedTo < offset {
            if bytes[lineCountedTo] == UInt8(ascii: "\n") { line += 1 }
            lineCountedTo += 1
        }
        lines?[pointer] = line
    }

    private mutating func pushComponent(_ component: String) {
        componentStarts.append(pointer.endIndex)
        pointer += "/" + component
    }

    private mutating func popComponent() {
        pointer.removeSubrange(componentStarts.removeLast()...)
    }

    mutating func parseValue() throws(JSONError) -> JSONValue {
        skipWhitespace()
        guard offset < bytes.count else { throw error("unexpected end of input") }
        recordLine()
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default:
            throw error("unexpected character '\(Character(Unicode.Scalar(bytes[offset])))'")
        }
    }

    mutating func expectLiteral(_ literal: String) throws(JSONError) {
        let expected = literal.utf8
        let count = expected.count
        guard offset + count <= bytes.count, bytes[offset..<offset + count].elementsEqual(expected) else {
            throw error("invalid literal, expected '\(literal)'")
        }
        offset += count
    }

    mutating func enter() throws(JSONError) {
        depth += 1
        if depth > JSONValue.maximumDepth { throw error("nesting deeper than \(JSONValue.maximumDepth) levels (JSONValue.maximumDepth)") }
    }

    mutating func parseObject() throws(JSONError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        offset += 1
        var object = OrderedDictionary<String, JSONValue>()
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
                throw error("expected a string key")
            }
            let keyOffset = offset
            let key = try parseString()
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw error("expected ':'") }
            offset += 1
            if lines != nil { pushComponent(JSONPointer.escape(key)) }
            let value = try parseValue()
            if lines != nil { popComponent() }
            if object.updateValue(value, forKey: key) != nil {
                throw error("duplicate key \"\(key)\"", at: keyOffset)
            }
            skipWhitespace()
            guard offset < bytes.count else { throw error("unterminated object") }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
            } else if bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return .object(object)
            } else {
                throw error("expected ',' or '}'")
            }
        }
    }

    mutating func parseArray() throws(JSONError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        offset += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            return .array(array)
        }
        while true {
            if lines != nil { pushComponent(String(array.count)) }
            array.append(try parseValue())
            if lines != nil { popComponent() }
            skipWhitespace()
            guard offset < bytes.count else { throw error("unterminated array") }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
            } else if bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return .array(array)
            } else {
                throw error("expected ',' or ']'")
            }
        }
    }

    mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = offset
        func digits(_ parser: inout JSONParser) -> Int {
            let begin = parser.offset
            while parser.offset < parser.bytes.count, (0x30...0x39).contains(parser.bytes[parser.offset]) {
                parser.offset += 1
            }
            return parser.offset - begin
        }
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let integerStart = offset
        let integerDigits = digits(&self)
        if integerDigits == 0 { throw error("invalid number") }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") {
            throw error("leading zeros are not allowed in numbers", at: integerStart)
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            if digits(&self) == 0 { throw error("expected digits after '.'") }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                offset += 1
            }
            if digits(&self) == 0 { throw error("expected digits in exponent") }
        }
        return .number(String(decoding: bytes[start..<offset], as: UTF8.self))
    }

    /// A string literal. Text without escapes becomes a string in one piece; with escapes, the
    /// literal is gathered as UTF-8 bytes and made a string once, so that each escape costs its own
    /// bytes (appending to a `String` piece by piece copied the string so far every time).
    mutating func parseString() throws(JSONError) -> String {
        let start = offset
        offset += 1
        /// The bytes gathered once an escape was met (before it, the literal is one run).
        var utf8: [UInt8] = []
        var escaped = false
        var runStart = offset
        /// The text of the run that ends at `end`, checked to be UTF-8.
        func run(_ parser: JSONParser, upTo end: Int) throws(JSONError) -> String {
            let text = parser.bytes.withUnsafeBufferPointer { buffer in
                String(validatingUTF8Bytes: UnsafeBufferPointer(rebasing: buffer[runStart..<end]))
            }
            guard let text else { throw parser.error("invalid UTF-8 in string", at: runStart) }
            return text
        }
        while true {
            guard offset < bytes.count else { throw error("unterminated string", at: start) }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let last = try run(self, upTo: offset)
                offset += 1
                guard escaped else { return last }
                utf8.append(contentsOf: last.utf8)
                return String(decoding: utf8, as: UTF8.self)
            }
            if byte < 0x20 { throw error("control character in string") }
            if byte != UInt8(ascii: "\\") {
                offset += 1
                continue
            }
            escaped = true
            utf8.append(contentsOf: try run(self, upTo: offset).utf8)
            offset += 1
            guard offset < bytes.count else { throw error("unterminated escape") }
            let escape = bytes[offset]
            offset += 1
            let scalar: Unicode.Scalar
            switch escape {
            case UInt8(ascii: "\""): scalar = "\""
            case UInt8(ascii: "\\"): scalar = "\\"
            case UInt8(ascii: "/"): scalar = "/"
            case UInt8(ascii: "b"): scalar = "\u{08}"
            case UInt8(ascii: "f"): scalar = "\u{0C}"
            case UInt8(ascii: "n"): scalar = "\n"
            case UInt8(ascii: "r"): scalar = "\r"
            case UInt8(ascii: "t"): scalar = "\t"
            case UInt8(ascii: "u"):
                let high = try parseHex4()
                if (0xD800...0xDBFF).contains(high) {
                    guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                        bytes[offset + 1] == UInt8(ascii: "u")
                    else { throw error("unpaired surrogate escape") }
                    offset += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate escape") }
                    let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    guard let decoded = Unicode.Scalar(combined) else { throw error("invalid escape") }
                    scalar = decoded
                } else {
                    guard let decoded = Unicode.Scalar(high) else { throw error("unpaired surrogate escape") }
                    scalar = decoded
                }
            default:
                throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'", at: offset - 2)
            }
            utf8.append(contentsOf: scalar.utf8)
            runStart = offset
        }
    }

    mutating func parseHex4() throws(JSONError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }
}
