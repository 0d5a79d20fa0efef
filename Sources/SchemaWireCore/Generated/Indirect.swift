/// Stores a value behind a reference so that recursive generated types (a `Node` whose `next` is
/// a `Node?`) can be value types; copies stay independent because the box is never mutated.
@propertyWrapper
public struct Indirect<Value: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    public init(wrappedValue: Value) {
        box = Box(wrappedValue)
    }

    public var wrappedValue: Value {
        get { box.value }
        set { box = Box(newValue) }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.box.value == rhs.box.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(box.value) }

    public init(from decoder: any Decoder) throws {
        box = Box(try decoder.singleValueContainer().decode(Value.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(box.value)
    }
}
