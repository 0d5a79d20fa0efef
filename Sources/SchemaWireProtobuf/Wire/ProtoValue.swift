/// One scalar, enum or message value of a Protobuf field.
///
/// The case follows the field's Swift representation, not its wire encoding: `sint32`, `sfixed32`
/// and `int32` fields all hold ``int32(_:)``; `fixed64` and `uint64` hold ``uint64(_:)``.
public enum ProtoValue: Hashable, Sendable {
    case double(Double)
    case float(Float)
    case int32(Int32)
    case int64(Int64)
    case uint32(UInt32)
    case uint64(UInt64)
    case bool(Bool)
    case string(String)
    case bytes([UInt8])
    /// An enum value by number (open enums keep numbers they do not know).
    case enumValue(Int32)
    case message(ProtoMessage)

    /// The zero value of a field type; message fields have none.
    static func zero(of type: ProtoFieldType) -> ProtoValue? {
        switch type {
        case .double: return .double(0)
        case .float: return .float(0)
        case .int32, .sint32, .sfixed32: return .int32(0)
        case .int64, .sint64, .sfixed64: return .int64(0)
        case .uint32, .fixed32: return .uint32(0)
        case .uint64, .fixed64: return .uint64(0)
        case .bool: return .bool(false)
        case .string: return .string("")
        case .bytes: return .bytes([])
        case .enum: return .enumValue(0)
        case .message, .group: return nil
        }
    }

    /// Whether this is the zero value of its kind, which implicit-presence fields do not encode.
    /// Negative zero is not zero here: it encodes differently from `0.0`.
    var isZero: Bool {
        switch self {
        case let .double(value): return value.bitPattern == 0
        case let .float(value): return value.bitPattern == 0
        case let .int32(value): return value == 0
        case let .int64(value): return value == 0
        case let .uint32(value): return value == 0
        case let .uint64(value): return value == 0
        case let .bool(value): return !value
        case let .string(value): return value.isEmpty
        case let .bytes(value): return value.isEmpty
        case let .enumValue(value): return value == 0
        case .message: return false
        }
    }

    /// Whether this value has the Swift representation `type` uses.
    func fits(_ type: ProtoFieldType) -> Bool {
        switch (self, type) {
        case (.double, .double), (.float, .float), (.bool, .bool), (.string, .string), (.bytes, .bytes), (.enumValue, .enum),
            (.message, .message), (.message, .group):
            return true
        case (.int32, .int32), (.int32, .sint32), (.int32, .sfixed32): return true
        case (.int64, .int64), (.int64, .sint64), (.int64, .sfixed64): return true
        case (.uint32, .uint32), (.uint32, .fixed32): return true
        case (.uint64, .uint64), (.uint64, .fixed64): return true
        default: return false
        }
    }

    /// Converts a proto2 `[default = ...]` constant into a value of `type`.
    static func defaultValue(
        _ constant: ProtoConstant, type: ProtoFieldType, enumType: CompiledEnum?, at location: ProtoSourceLocation
    ) throws(ProtobufError) -> ProtoValue {
        func invalid() -> ProtobufError {
            .invalidSchema(location: location, message: "default value \(constant) does not fit type \(type.keyword)")
        }
        func signed() throws(ProtobufError) -> Int64 {
            guard case let .integer(negative, magnitude) = constant else { throw invalid() }
            if negative { return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(clamping: magnitude) }
            guard let value = Int64(exactly: magnitude) else { throw invalid() }
            return value
        }
        func unsigned() throws(ProtobufError) -> UInt64 {
            guard case let .integer(false, magnitude) = constant else { throw invalid() }
            return magnitude
        }
        func floating() throws(ProtobufError) -> Double {
            switch constant {
            case let .float(value): return value
            case let .integer(negative, magnitude): return negative ? -Double(magnitude) : Double(magnitude)
            default: throw invalid()
            }
        }
        switch type {
        case .double: return .double(try floating())
        case .float: return .float(Float(try floating()))
        case .int32, .sint32, .sfixed32:
            guard let value = Int32(exactly: try signed()) else { throw invalid() }
            return .int32(value)
        case .int64, .sint64, .sfixed64: return .int64(try signed())
        case .uint32, .fixed32:
            guard let value = UInt32(exactly: try unsigned()) else { throw invalid() }
            return .uint32(value)
        case .uint64, .fixed64: return .uint64(try unsigned())
        case .bool:
            guard case let .identifier(name) = constant, name == "true" || name == "false" else { throw invalid() }
            return .bool(name == "true")
        case .string:
            guard case let .string(bytes) = constant, let text = String(validating: bytes, as: UTF8.self) else { throw invalid() }
            return .string(text)
        case .bytes:
            guard case let .string(bytes) = constant else { throw invalid() }
            return .bytes(bytes)
        case .enum:
            guard case let .identifier(name) = constant, let number = enumType?.numberByName[name] else { throw invalid() }
            return .enumValue(number)
        case .message, .group:
            throw invalid()
        }
    }
}

/// The value of one field of a message: a single value, the elements of a repeated field, or the
/// entries of a map field in wire order.
public enum ProtoFieldValue: Hashable, Sendable {
    case single(ProtoValue)
    case repeated([ProtoValue])
    case map([ProtoMapEntry])
}

/// One entry of a map field.
public struct ProtoMapEntry: Hashable, Sendable {
    public var key: ProtoValue
    public var value: ProtoValue

    public init(key: ProtoValue, value: ProtoValue) {
        self.key = key
        self.value = value
    }
}

/// A message held generically, by field number, for tools that work from a schema at runtime (the
/// CLI, interop tests, registry-driven consumers). Generated types are the fast path.
public struct ProtoMessage: Hashable, Sendable {
    /// Set fields by number. Implicit-presence fields at their zero value are absent.
    public var fields: [Int32: ProtoFieldValue]
    /// Fields the schema does not declare, as their raw tag-and-value bytes, kept in arrival order
    /// and written back after the known fields so that re-encoding loses nothing.
    public var unknownFields: [UInt8]

    public init(fields: [Int32: ProtoFieldValue] = [:], unknownFields: [UInt8] = []) {
        self.fields = fields
        self.unknownFields = unknownFields
    }

    public subscript(number: Int32) -> ProtoFieldValue? {
        get { fields[number] }
        set { fields[number] = newValue }
    }
}
