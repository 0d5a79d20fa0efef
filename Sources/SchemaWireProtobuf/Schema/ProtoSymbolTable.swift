/// Every package, message and enum name of a set of files, for protoc's scoping rules.
struct ProtoSymbolTable {
    enum Kind: Equatable {
        case package
        case message
        case `enum`
    }

    struct Symbol {
        var kind: Kind
        /// The import path of the declaring file (empty for packages, which every file may share).
        var file: String
    }

    private(set) var symbols: [String: Symbol] = [:]

    init(files: [ProtoFile]) throws(ProtobufError) {
        for file in files {
            var prefix = ""
            for component in file.package.split(separator: ".") {
                prefix = prefix.isEmpty ? String(component) : prefix + "." + component
                if let existing = symbols[prefix], existing.kind != .package {
                    throw ProtobufError.invalidSchema(
                        location: ProtoSourceLocation(file: file.path, line: 1, column: 1),
                        message: "package \(file.package) conflicts with \(prefix) declared in \(existing.file)"
                    )
                }
                symbols[prefix] = Symbol(kind: .package, file: "")
            }
            for message in file.messages { try add(message, scope: file.package, file: file.path) }
            for enumType in file.enums { try add(enumType.name, kind: .enum, scope: file.package, file: file.path, at: enumType.location) }
        }
    }

    private mutating func add(_ message: ProtoMessageType, scope: String, file: String) throws(ProtobufError) {
        let name = try add(message.name, kind: .message, scope: scope, file: file, at: message.location)
        for nested in message.nestedMessages { try add(nested, scope: name, file: file) }
        for enumType in message.nestedEnums { try add(enumType.name, kind: .enum, scope: name, file: file, at: enumType.location) }
    }

    @discardableResult
    private mutating func add(_ name: String, kind: Kind, scope: String, file: String, at location: ProtoSourceLocation) throws(ProtobufError) -> String {
        let fullName = scope.isEmpty ? name : scope + "." + name
        if let existing = symbols[fullName] {
            let where_ = existing.file.isEmpty ? "as a package" : "in \(existing.file)"
            throw ProtobufError.invalidSchema(location: location, message: "\"\(fullName)\" is already defined \(where_)")
        }
        symbols[fullName] = Symbol(kind: kind, file: file)
        return fullName
    }

    /// Resolves `name` as written in `scope` (a package or message full name) the way protoc does:
    /// the first component is searched from the innermost scope outwards, then the rest must follow.
    /// Only symbols declared in `visibleFiles` are found. Returns the full name without a leading dot.
    func resolve(_ name: String, scope: String, visibleFiles: Set<String>) -> (name: String, kind: Kind)? {
        func visible(_ fullName: String) -> Symbol? {
            guard let symbol = symbols[fullName], symbol.kind == .package || visibleFiles.contains(symbol.file) else { return nil }
            return symbol
        }
        if name.hasPrefix(".") {
            let fullName = String(name.dropFirst())
            guard let symbol = visible(fullName), symbol.kind != .package else { return nil }
            return (fullName, symbol.kind)
        }
        let first = name.split(separator: ".", maxSplits: 1)[0]
        var scope = Substring(scope)
        while true {
            let candidate = scope.isEmpty ? String(first) : scope + "." + first
            if let found = visible(candidate) {
                let fullName = scope.isEmpty ? name : scope + "." + name
                if let symbol = visible(fullName), symbol.kind != .package { return (fullName, symbol.kind) }
                if found.kind != .enum { return nil }
            }
            if scope.isEmpty { return nil }
            scope = scope.lastIndex(of: ".").map { scope[..<$0] } ?? ""
        }
    }
}
