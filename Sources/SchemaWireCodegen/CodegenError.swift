/// Why code could not be generated, naming the schema file and type.
public enum CodegenError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A schema file is not valid (or uses a type no file defines).
    case invalidSchema(file: String, message: String)
    /// Two definitions would produce the same Swift name.
    case nameCollision(swiftName: String, first: String, second: String)
    /// A `schemawire.json` the generator cannot follow.
    case invalidConfiguration(file: String, message: String)
    /// A name Swift reserves.
    case reservedName(name: String, file: String)

    public var description: String {
        switch self {
        case let .invalidSchema(file, message): return "\(file): \(message)"
        case let .invalidConfiguration(file, message): return "\(file): \(message)"
        case let .nameCollision(swiftName, first, second):
            return "\(first) and \(second) would both become the Swift type \(swiftName); generate from one of them or rename one (or try --qualified-names)"
        case let .reservedName(name, file): return "\(file): \"\(name)\" cannot name a Swift type; rename it (aliases keep old data readable)"
        }
    }
}

/// One generated Swift file.
public struct GeneratedFile: Hashable, Sendable {
    /// The file name, `<schema file name>.swift`.
    public var name: String
    public var contents: String
}
