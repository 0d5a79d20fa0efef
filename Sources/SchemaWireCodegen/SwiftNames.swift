/// Swift spellings for Avro names.
enum SwiftNames {
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout", "internal",
        "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static", "struct",
        "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough",
        "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while", "Any", "as", "await", "false", "is",
        "nil", "self", "Self", "super", "throws", "true", "try", "Type", "Protocol", "some", "any", "consume", "copy", "borrowing",
        "consuming", "package",
    ]

    /// A property or case name, in backticks when Swift reserves it.
    static func identifier(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// The name of an initializer parameter for the field `name`: the name itself unless Swift
    /// reserves it, otherwise the name with a trailing underscore (more, until it is none of
    /// `taken`, the other fields' names).
    static func parameterName(_ name: String, avoiding taken: Set<String>) -> String {
        guard keywords.contains(name) else { return name }
        var candidate = name + "_"
        while taken.contains(candidate) { candidate += "_" }
        return candidate
    }

    /// lowerCamelCase of a type name, for union case names.
    static func lowerCamel(_ name: String) -> String {
        guard let first = name.first else { return name }
        return identifier(first.lowercased() + name.dropFirst())
    }

    /// A Swift string literal.
    static func stringLiteral(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case "\n": literal += "\\n"
            case "\r": literal += "\\r"
            case "\t": literal += "\\t"
            case _ where scalar.value < 0x20: literal += "\\u{\(String(scalar.value, radix: 16))}"
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "\""
    }

    /// A raw string literal for `text`, with enough `#`s that nothing inside ends it.
    static func rawStringLiteral(_ text: String) -> String {
        var hashes = "#"
        while text.contains("\"" + hashes) { hashes += "#" }
        return hashes + "\"" + text + "\"" + hashes
    }

    /// A multi-line raw string literal whose value is exactly `text` (its closing delimiter at
    /// column 0, so no indentation is stripped).
    static func multilineRawStringLiteral(_ text: String) -> String {
        var hashes = "#"
        while text.contains("\"\"\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
        return hashes + "\"\"\"\n" + text + (text.hasSuffix("\n") || text.isEmpty ? "" : "\\" + hashes + "\n") + "\"\"\"" + hashes
    }

    /// `///` lines for a doc string.
    static func docComment(_ doc: String?, indent: String) -> String {
        guard let doc, !doc.isEmpty else { return "" }
        return doc.split(separator: "\n", omittingEmptySubsequences: false).map { indent + "/// " + $0 }.joined(separator: "\n") + "\n"
    }
}
