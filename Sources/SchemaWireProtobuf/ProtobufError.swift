import SchemaWireCore

/// A position in a `.proto` source file, 1-based like compiler diagnostics.
public struct ProtoSourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file's import path (`orders/order.proto`).
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// Everything that can go wrong in ``SchemaWireProtobuf``, each case saying where.
///
/// Schema problems carry the `file:line:column` of the offending token; data problems carry the byte
/// offset into the payload and the field path (`/items/3/price`) that was being read or written.
public enum ProtobufError: Error, Hashable, Sendable {
    /// The `.proto` text is not valid (syntax, unknown type, duplicate number, ...).
    case invalidSchema(location: ProtoSourceLocation, message: String)
    /// An imported file could not be found among the files given and the built-in well-known types.
    case missingImport(location: ProtoSourceLocation, path: String)
    /// A payload could not be decoded against its message type.
    case malformedData(offset: Int, path: String, message: String)
    /// A value does not fit the field it is being encoded into.
    case valueMismatch(path: String, message: String)
    /// Protobuf JSON does not match its message type.
    case invalidJSONData(path: String, message: String)
    /// A message name or Confluent message-index path names no message of the schema.
    case unknownMessage(String)
    /// Input needed more than a decoding cap allows (nesting beyond ``ProtoWireReader/maximumDepth``).
    case limitExceeded(LimitExceeded)
}

extension ProtobufError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .invalidSchema(location, message):
            return "\(location): \(message)"
        case let .missingImport(location, path):
            return "\(location): import \"\(path)\" was not found (give it as a reference or on the import path)"
        case let .malformedData(offset, path, message):
            return "malformed Protobuf data at byte \(offset) (\(ProtobufError.display(path))): \(message)"
        case let .valueMismatch(path, message):
            return "value does not match the message type at \(ProtobufError.display(path)): \(message)"
        case let .invalidJSONData(path, message):
            return "invalid Protobuf JSON at \(ProtobufError.display(path)): \(message)"
        case let .unknownMessage(message):
            return message
        case let .limitExceeded(limit):
            return "Protobuf input refused: \(limit)"
        }
    }

    static func display(_ path: String) -> String { path.isEmpty ? "/" : path }

    /// The same error with `component` prepended to its data path, used while unwinding nested
    /// messages so that the hot path never builds path strings.
    func prefixed(_ component: String) -> ProtobufError {
        switch self {
        case let .malformedData(offset, path, message):
            return .malformedData(offset: offset, path: "/" + component + path, message: message)
        case let .valueMismatch(path, message): return .valueMismatch(path: "/" + component + path, message: message)
        case let .invalidJSONData(path, message): return .invalidJSONData(path: "/" + component + path, message: message)
        case let .limitExceeded(limit): return .limitExceeded(limit.prefixed(component))
        case .invalidSchema, .missingImport, .unknownMessage: return self
        }
    }

    /// Nesting past ``ProtoWireReader/maximumDepth`` (the limit of Google's parsers) at `offset`.
    static func tooDeep(at offset: Int?) -> ProtobufError {
        .limitExceeded(LimitExceeded(
            setting: "ProtoWireReader.maximumDepth", limit: ProtoWireReader.maximumDepth, counted: "levels of nested messages and groups", offset: offset))
    }

    /// Wraps a byte-level error found while decoding.
    static func wire(_ error: WireFormatError) -> ProtobufError {
        if case let .limitExceeded(limit) = error { return .limitExceeded(limit) }
        return .malformedData(offset: error.offset, path: "", message: error.description)
    }
}
