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
    /// Input needed more than a decoding or parsing cap allows (see ``AvroDecodingLimits``).
    case limitExceeded(LimitExceeded)
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
        case let .limitExceeded(limit):
            return "Avro input refused: \(limit)"
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
        case let .limitExceeded(limit): return .limitExceeded(limit.prefixed(component))
        case .invalidContainer: return self
        }
    }

    /// Whether a cap was reached (which no other union branch or retry can avoid).
    var isLimit: Bool {
        if case .limitExceeded = self { return true }
        return false
    }

    /// The same error reported at byte `offset`, for errors found in a value read in place.
    func at(offset: Int) -> AvroError {
        guard case let .malformedData(_, path, message) = self else { return self }
        return .malformedData(offset: offset, path: path, message: message)
    }

    /// Wraps a byte-level error found while decoding.
    @usableFromInline
    static func wire(_ error: WireFormatError) -> AvroError {
        if case let .limitExceeded(limit) = error { return .limitExceeded(limit) }
        return .malformedData(offset: error.offset, path: "", message: error.description)
    }
}
