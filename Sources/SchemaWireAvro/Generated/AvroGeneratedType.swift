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
    @inlinable
    public func avroEncoded() throws(AvroError) -> [UInt8] {
        try ByteWriter.collect { (writer: inout ByteWriter) throws(AvroError) in try avroEncode(to: &writer) }
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

/// Stores a recursive record's self-referencing fields behind a reference (see ``Indirect``).
public typealias AvroIndirect<Value: Hashable & Sendable & Codable> = Indirect<Value>
