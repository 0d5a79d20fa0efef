/// Splits `.proto` source into tokens, skipping whitespace and comments and tracking line and column
/// for diagnostics.
struct ProtoLexer {
    private let source: [UInt8]
    private let file: String
    private var position = 0
    private var line = 1
    private var column = 1

    init(source: String, file: String) {
        self.source = Array(source.utf8)
        self.file = file
    }

    /// Tokenizes the whole source; the last token is always `.endOfFile`.
    static func tokenize(_ source: String, file: String) throws(ProtobufError) -> [ProtoToken] {
        var lexer = ProtoLexer(source: source, file: file)
        var tokens: [ProtoToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .endOfFile { return tokens }
        }
    }

    private func error(_ message: String, line: Int, column: Int) -> ProtobufError {
        .invalidSchema(location: ProtoSourceLocation(file: file, line: line, column: column), message: message)
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        position + ahead < source.count ? source[position + ahead] : nil
    }

    private mutating func advance() {
        if source[position] == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if source[position] & 0xC0 != 0x80 {
            column += 1
        }
        position += 1
    }

    private mutating func skipTrivia() throws(ProtobufError) {
        while let byte = peek() {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B {
                advance()
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
                while let next = peek(), next != 0x0A { advance() }
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                let (startLine, startColumn) = (line, column)
                advance()
                advance()
                while true {
                    guard let next = peek() else { throw error("unterminated /* comment", line: startLine, column: startColumn) }
                    if next == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                        advance()
                        advance()
                        break
                    }
                    advance()
                }
            } else {
                return
            }
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func next() throws(ProtobufError) -> ProtoToken {
        try skipTrivia()
        let (startLine, startColumn, start) = (line, column, position)
        guard let byte = peek() else { return ProtoToken(kind: .endOfFile, text: "", line: line, column: column) }
        func text(_ from: Int) -> String { String(decoding: source[from..<position], as: UTF8.self) }

        if Self.isLetter(byte) {
            while let next = peek(), Self.isLetter(next) || Self.isDigit(next) { advance() }
            return ProtoToken(kind: .identifier, text: text(start), line: startLine, column: startColumn)
        }
        if Self.isDigit(byte) || (byte == UInt8(ascii: ".") && peek(1).map(Self.isDigit) == true) {
            return try number(start: start, line: startLine, column: startColumn)
        }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
            return try string(quote: byte, line: startLine, column: startColumn)
        }
        if byte >= 0x80 || byte < 0x20 {
            throw error("unexpected character", line: startLine, column: startColumn)
        }
        advance()
        return ProtoToken(kind: .symbol, text: text(start), line: startLine, column: startColumn)
    }

    private mutating func number(start: Int, line startLine: Int, column startColumn: Int) throws(ProtobufError) -> ProtoToken {
        var isFloat = false
        if peek() == UInt8(ascii: "0"), let x = peek(1), x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
            advance()
            advance()
            while let next = peek(), next.isHexDigit { advance() }
        } else {
            while let next = peek(), Self.isDigit(next) { advance() }
            if peek() == UInt8(ascii: ".") {
                isFloat = true
                advance()
                while let next = peek(), Self.isDigit(next) { advance() }
            }
            if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
                isFloat = true
                advance()
                if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { advance() }
                guard let digit = peek(), Self.isDigit(digit) else {
                    throw error("malformed exponent in number", line: startLine, column: startColumn)
                }
                while let next = peek(), Self.isDigit(next) { advance() }
            }
            if let f = peek(), f == UInt8(ascii: "f") || f == UInt8(ascii: "F") {
                isFloat = true
                advance()
            }
        }
        if let next = peek(), Self.isLetter(next) {
            throw error("malformed number", line: startLine, column: startColumn)
        }
        let text = String(decoding: source[start..<position], as: UTF8.self)
        return ProtoToken(kind: isFloat ? .float : .integer, text: text, line: startLine, column: startColumn)
    }

    private mutating func string(quote: UInt8, line startLine: Int, column startColumn: Int) throws(ProtobufError) -> ProtoToken {
        advance()
        var bytes: [UInt8] = []
        while true {
            guard let byte = peek(), byte != 0x0A else {
                throw error("unterminated string literal", line: startLine, column: startColumn)
            }
            advance()
            if byte == quote { break }
            if byte != UInt8(ascii: "\\") {
                bytes.append(byte)
                continue
            }
            guard let escape = peek() else { throw error("unterminated string literal", line: startLine, column: startColumn) }
            let (escapeLine, escapeColumn) = (line, column)
            advance()
            switch escape {
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "a"): bytes.append(0x07)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "v"): bytes.append(0x0B)
            case UInt8(ascii: "?"): bytes.append(UInt8(ascii: "?"))
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): bytes.append(escape)
            case UInt8(ascii: "x"), UInt8(ascii: "X"):
                var value = 0
                var digits = 0
                while digits < 2, let next = peek(), let digit = next.hexDigitValue {
                    value = value * 16 + digit
                    digits += 1
                    advance()
                }
                guard digits > 0 else { throw error("\\x escape needs hex digits", line: escapeLine, column: escapeColumn) }
                bytes.append(UInt8(value))
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(escape - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, let next = peek(), next >= UInt8(ascii: "0"), next <= UInt8(ascii: "7") {
                    value = value * 8 + Int(next - UInt8(ascii: "0"))
                    digits += 1
                    advance()
                }
                guard value <= 0xFF else { throw error("octal escape out of range", line: escapeLine, column: escapeColumn) }
                bytes.append(UInt8(value))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = escape == UInt8(ascii: "u") ? 4 : 8
                var value: UInt32 = 0
                for _ in 0..<count {
                    guard let next = peek(), let digit = next.hexDigitValue else {
                        throw error("\\\(Character(Unicode.Scalar(escape))) escape needs \(count) hex digits", line: escapeLine, column: escapeColumn)
                    }
                    value = value * 16 + UInt32(digit)
                    advance()
                }
                guard let scalar = Unicode.Scalar(value) else {
                    throw error("invalid Unicode escape", line: escapeLine, column: escapeColumn)
                }
                bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw error("invalid escape \\\(Character(Unicode.Scalar(escape)))", line: escapeLine, column: escapeColumn)
            }
        }
        return ProtoToken(kind: .string, text: String(decoding: bytes, as: UTF8.self), bytes: bytes, line: startLine, column: startColumn)
    }
}

extension UInt8 {
    var hexDigitValue: Int? {
        switch self {
        case 0x30...0x39: return Int(self - 0x30)
        case 0x41...0x46: return Int(self - 0x41 + 10)
        case 0x61...0x66: return Int(self - 0x61 + 10)
        default: return nil
        }
    }

    var isHexDigit: Bool { hexDigitValue != nil }
}
