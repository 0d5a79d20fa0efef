/// A JSON text that could not be parsed, with the position of the problem.
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Byte offset of the problem in the UTF-8 input.
    public let offset: Int
    /// 1-based line of the problem.
    public let line: Int
    /// 1-based column (in bytes) of the problem.
    public let column: Int
    /// What is wrong.
    public let message: String

    public init(offset: Int, line: Int, column: Int, message: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "invalid JSON at line \(line), column \(column): \(message)" }
}
