// Options (`option name = value;` and `[name = value, ...]`) and the constants they hold.
extension ProtoParser {
    /// `option name = constant ;`
    mutating func parseOptionStatement() throws(ProtobufError) -> ProtoOption {
        try expectKeyword("option")
        let option = try parseOption()
        try expect(";")
        return option
    }

    /// `name = constant`
    mutating func parseOption() throws(ProtobufError) -> ProtoOption {
        let token = current
        var name = ""
        repeat {
            if !name.isEmpty { name += "." }
            if consume("(") {
                name += "(" + (try typeName()) + ")"
                try expect(")")
            } else {
                name += try identifier("an option name")
            }
        } while consume(".")
        try expect("=")
        return ProtoOption(name: name, value: try parseConstant(), location: location(token))
    }

    /// `[name = constant, ...]` after a field or enum value, if present.
    mutating func parseOptionList() throws(ProtobufError) -> [ProtoOption] {
        guard consume("[") else { return [] }
        var options: [ProtoOption] = []
        repeat { options.append(try parseOption()) } while consume(",")
        try expect("]")
        return options
    }

    mutating func parseConstant() throws(ProtobufError) -> ProtoConstant {
        if current.kind == .string { return .string(try stringLiteral("a string")) }
        if isSymbol("{") { return .aggregate(try aggregateText()) }
        let negative = isSymbol("-")
        if negative || isSymbol("+") { advance() }
        let token = current
        switch token.kind {
        case .integer:
            advance()
            guard let magnitude = Self.parseInteger(token.text) else {
                // Integers beyond 64 bits are accepted by protoc as floating point.
                guard let value = Double(token.text) else { throw error("invalid integer \(token.text)", at: token) }
                return .float(negative ? -value : value)
            }
            if negative && magnitude > UInt64(Int64.max) + 1 { return .float(-Double(magnitude)) }
            return .integer(negative: negative, magnitude: magnitude)
        case .float:
            advance()
            let text = token.text.hasSuffix("f") || token.text.hasSuffix("F") ? String(token.text.dropLast()) : token.text
            guard let value = Double(text.hasPrefix(".") ? "0" + text : text) else { throw error("invalid number \(token.text)", at: token) }
            return .float(negative ? -value : value)
        case .identifier:
            advance()
            if ["inf", "infinity"].contains(token.text.lowercased()) { return .float(negative ? -.infinity : .infinity) }
            if token.text.lowercased() == "nan" { return .float(.nan) }
            if negative { throw error("expected a number after '-', found \(describe(token))", at: token) }
            var name = token.text
            while consume(".") { name += "." + (try identifier("a name after '.'")) }
            return .identifier(name)
        default:
            throw error("expected a constant, found \(describe(token))", at: token)
        }
    }

    /// The source of a text-format aggregate `{ ... }`, tokens joined by single spaces.
    mutating func aggregateText() throws(ProtobufError) -> String {
        let open = current
        var depth = 0
        var parts: [String] = []
        repeat {
            let token = advance()
            switch token.kind {
            case .endOfFile: throw error("unterminated '{' in option value", at: open)
            case .string: parts.append("\"" + token.text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\\\"") + "\"")
            default: parts.append(token.text)
            }
            if token.kind == .symbol && token.text == "{" { depth += 1 }
            if token.kind == .symbol && token.text == "}" { depth -= 1 }
        } while depth > 0
        return parts.joined(separator: " ")
    }
}
