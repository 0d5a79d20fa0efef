/// Stores a value behind a reference so that recursive generated types (a `Node` whose `next` is
/// a `Node?`) can be value types; copies stay independent because the box is never mutated.
///
/// Inlinable, so that generated code allocates and reads the box of its concrete type directly:
/// the generic entry points looked up the box's metadata on every message decoded.
@propertyWrapper
@frozen
public struct Indirect<Value: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    @usableFromInline
    final class Box: Sendable {
        @usableFromInline let value: Value
        @inlinable init(_ value: Value) { self.value = value }
    }

    @usableFromInline var box: Box

    @inlinable
    public init(wrappedValue: Value) {
        box = Box(wrappedValue)
    }

    @inlinable
    public var wrappedValue: Value {
        get { box.value }
        set { box = Box(newValue) }
    }

    @inlinable public static func == (lhs: Self, rhs: Self) -> Bool { lhs.box === rhs.box || lhs.box.value == rhs.box.value }
    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(box.value) }

    public init(from decoder: any Decoder) throws {
        box = Box(try decoder.singleValueContainer().decode(Value.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(box.value)
    }
}

/// ``Indirect`` for an optional field (a message's `parent`, a list's `next`), where nil holds no
/// box: most recursive fields are nil, and a fresh message would otherwise allocate a box, and
/// copy a whole empty message into it, for each of them.
@propertyWrapper
@frozen
public struct IndirectOptional<Wrapped: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    @usableFromInline var box: Indirect<Wrapped>.Box?

    @inlinable
    public init(wrappedValue: Wrapped?) {
        box = wrappedValue.map(Indirect<Wrapped>.Box.init)
    }

    @inlinable
    public var wrappedValue: Wrapped? {
        get { box?.value }
        set { box = newValue.map(Indirect<Wrapped>.Box.init) }
    }

    @inlinable public static func == (lhs: Self, rhs: Self) -> Bool { lhs.box === rhs.box || lhs.wrappedValue == rhs.wrappedValue }
    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(wrappedValue) }

    public init(from decoder: any Decoder) throws {
        self.init(wrappedValue: try decoder.singleValueContainer().decode(Wrapped?.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

/// A missing key decodes as nil and nil is left out, as for the plain optional the field stands
/// for (synthesized `Codable` picks these over the generic wrapper calls).
extension KeyedDecodingContainer {
    public func decode<Wrapped>(_: IndirectOptional<Wrapped>.Type, forKey key: Key) throws -> IndirectOptional<Wrapped> {
        IndirectOptional(wrappedValue: try decodeIfPresent(Wrapped.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    public mutating func encode<Wrapped>(_ value: IndirectOptional<Wrapped>, forKey key: Key) throws {
        try encodeIfPresent(value.wrappedValue, forKey: key)
    }
}
