import SchemaWireCore

/// Everything that can go wrong in ``SchemaWireAvro``, each case saying where.
///
/// Schema paths are JSON Pointers into the schema document (`/fields/2/type`); data paths name the
/// value being read or written (`/items/3/price`); byte offsets count from the start of the payload.
public enum AvroError: Error, Hashable, Sendable {
    /// The schema document is not valid Avro.
    case invalidSchema(path: String, message: String)
    /// A payload could not be decoded against its writer schema.
    case malformedData(offset: Int, path: String, message: String)
    /// A value does not match the schema it is being encoded with.
    case valueMismatch(path: String, message: String)
    /// Avro JSON-encoded data does not match its schema.
    case invalidJSONData(path: String, message: String)
    /// Data written with one schema cannot be read with another.
    case unresolvable(path: String, message: String)
    /// An object container file is damaged or uses something this library does not support.
    case invalidContainer(offset: Int, message: String)
}

extension AvroError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .invalidSchema(path, message):
            return "invalid Avro schema at \(AvroError.display(path)): \(message)"
        case let .malformedData(offset, path, message):
            return "malformed Avro data at byte \(offset) (\(AvroError.display(path))): \(message)"
        case let .valueMismatch(path, message):
            return "value does not match the schema at \(AvroError.display(path)): \(message)"
        case let .invalidJSONData(path, message):
            return "invalid Avro JSON at \(AvroError.display(path)): \(message)"
        case let .unresolvable(path, message):
            return "cannot resolve writer schema to reader schema at \(AvroError.display(path)): \(message)"
        case let .invalidContainer(offset, message):
            return "invalid Avro container file at byte \(offset): \(message)"
        }
    }

    static func display(_ path: String) -> String { path.isEmpty ? "/" : path }

    /// The same error with `component` prepended to its path, used while unwinding nested values so
    /// that the hot path never builds path strings.
    func prefixed(_ component: String) -> AvroError {
        switch self {
        case let .invalidSchema(path, message): return .invalidSchema(path: "/" + component + path, message: message)
        case let .malformedData(offset, path, message):
            return .malformedData(offset: offset, path: "/" + component + path, message: message)
        case let .valueMismatch(path, message): return .valueMismatch(path: "/" + component + path, message: message)
        case let .invalidJSONData(path, message): return .invalidJSONData(path: "/" + component + path, message: message)
        case let .unresolvable(path, message): return .unresolvable(path: "/" + component + path, message: message)
        case .invalidContainer: return self
        }
    }

    /// Wraps a byte-level error found while decoding.
    @usableFromInline
    static func wire(_ error: WireFormatError) -> AvroError {
        .malformedData(offset: error.offset, path: "", message: error.description)
    }
}
