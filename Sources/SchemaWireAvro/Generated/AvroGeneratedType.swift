import SchemaWireCore

/// A Swift type generated from an Avro schema by `schemawire generate` (or the build plugin).
///
/// It carries its schema and encodes and decodes through generated code that skips the `Codable`
/// machinery; its `Codable` conformance (used by ``AvroEncoder``/``AvroDecoder``) writes the same
/// bytes.
public protocol AvroGeneratedType: Codable, Hashable, Sendable {
    /// The schema the type was generated from.
    static var avroSchema: AvroSchema { get }
    /// Appends the value's Avro binary encoding.
    func avroEncode(to writer: inout ByteWriter) throws(AvroError)
    /// Reads a value written with ``avroSchema``.
    init(avroFrom reader: inout AvroBinaryReader) throws(AvroError)
}

extension AvroGeneratedType {
    /// The value's Avro binary encoding.
    public func avroEncoded() throws(AvroError) -> [UInt8] {
        var writer = ByteWriter(capacity: 128)
        try avroEncode(to: &writer)
        return writer.bytes
    }

    /// Decodes one value written with ``avroSchema``; every byte must be used.
    public init(avroEncoded bytes: [UInt8], limits: AvroDecodingLimits = .default) throws(AvroError) {
        var reader = AvroBinaryReader(bytes: bytes, limits: limits)
        try self.init(avroFrom: &reader)
        try reader.expectEnd()
    }
}

extension AvroSchema {
    /// The schema of generated code, validated when it was generated; a failure here means the
    /// generated file was edited by hand.
    public static func generated(_ text: String) -> AvroSchema {
        do {
            return try AvroSchema(parsing: text)
        } catch {
            preconditionFailure("generated Avro schema does not parse (was the file edited?): \(error)")
        }
    }
}

/// Stores a value behind a reference so that recursive records (a `Node` whose `next` is a
/// `Node?`) can be value types; copies stay independent because the box is never mutated.
@propertyWrapper
public struct AvroIndirect<Value: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
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
