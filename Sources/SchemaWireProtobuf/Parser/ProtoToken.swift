/// One lexical token of a `.proto` file.
struct ProtoToken: Sendable {
    enum Kind: Equatable, Sendable {
        case identifier
        case integer
        case float
        /// A string literal; `bytes` holds its decoded contents (escapes applied).
        case string
        case symbol
        case endOfFile
    }

    var kind: Kind
    /// The token as written (for strings: the decoded contents as UTF-8, lossy).
    var text: String
    /// A string literal's decoded bytes.
    var bytes: [UInt8] = []
    var line: Int
    var column: Int
}
