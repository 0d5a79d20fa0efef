import SchemaWireCore

/// Avro's binary encoding of each primitive, shared by the generic encoder and generated types.
extension ByteWriter {
    @inlinable public mutating func writeAvroBoolean(_ value: Bool) { write(byte: value ? 1 : 0) }
    @inlinable public mutating func writeAvroInt(_ value: Int32) { writeZigZag(Int64(value)) }
    @inlinable public mutating func writeAvroLong(_ value: Int64) { writeZigZag(value) }
    @inlinable public mutating func writeAvroFloat(_ value: Float) { writeLittleEndian(value.bitPattern) }
    @inlinable public mutating func writeAvroDouble(_ value: Double) { writeLittleEndian(value.bitPattern) }

    /// A length-prefixed byte string.
    @inlinable public mutating func writeAvroBytes(_ value: [UInt8]) {
        writeZigZag(Int64(value.count))
        write(bytes: value)
    }

    /// A length-prefixed UTF-8 string.
    @inlinable public mutating func writeAvroString(_ value: String) {
        writeZigZag(Int64(value.utf8.count))
        write(utf8: value)
    }
}
