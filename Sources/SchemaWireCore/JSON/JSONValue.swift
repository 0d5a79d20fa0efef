import OrderedCollections

/// A JSON document that keeps what schema tooling needs and `JSONSerialization` loses: the order of
/// object keys and the exact text of numbers.
///
/// Key order matters for readable round trips of schemas and for custom properties; exact numbers
/// matter for Avro `long` defaults beyond 2^53 and decimal literals.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number, kept as its validated JSON text.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(OrderedDictionary<String, JSONValue>)

    /// A number value from an integer.
    public static func integer<T: BinaryInteger>(_ value: T) -> JSONValue { .number(String(value)) }

    /// A number value from a finite double; non-finite values have no JSON number form and become null.
    public static func double(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .null }
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value)) + ".0") }
        return .number("\(value)")
    }
}

extension JSONValue {
    /// The value as an object, or nil.
    public var objectValue: OrderedDictionary<String, JSONValue>? {
        if case let .object(object) = self { return object }
        return nil
    }

    /// The value as an array, or nil.
    public var arrayValue: [JSONValue]? {
        if case let .array(array) = self { return array }
        return nil
    }

    /// The value as a string, or nil.
    public var stringValue: String? {
        if case let .string(string) = self { return string }
        return nil
    }

    /// The value as a Boolean, or nil.
    public var boolValue: Bool? {
        if case let .bool(bool) = self { return bool }
        return nil
    }

    /// The number as an exact 64-bit integer, or nil when it is not a number or not integral in range.
    ///
    /// Integral values written with a fraction or exponent (`2.0`, `1e3`) are accepted when exact.
    public var int64Value: Int64? {
        guard case let .number(text) = self else { return nil }
        if let exact = Int64(text) { return exact }
        guard let double = Double(text), double == double.rounded(),
            double >= -9.223372036854775808e18, double < 9.223372036854775808e18
        else { return nil }
        return Int64(double)
    }

    /// The number as a double, or nil when it is not a number.
    public var doubleValue: Double? {
        guard case let .number(text) = self else { return nil }
        return Double(text)
    }

    /// A short name of the JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(OrderedDictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
