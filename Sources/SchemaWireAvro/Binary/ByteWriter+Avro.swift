import SchemaWireCore

/// Avro's binary encoding of each primitive, shared by the generic encoder and generated types.
extension ByteWriter {
    @inlinable public mutating func writeAvroBoolean(_ value: Bool) { write(byte: value ? 1 : 0) }
    @inlinable @inline(__always) public mutating func writeAvroInt(_ value: Int32) { writeZigZag(Int64(value)) }
    @inlinable @inline(__always) public mutating func writeAvroLong(_ value: Int64) { writeZigZag(value) }
    @inlinable public mutating func writeAvroFloat(_ value: Float) { writeLittleEndian(value.bitPattern) }
    @inlinable public mutating func writeAvroDouble(_ value: Double) { writeLittleEndian(value.bitPattern) }

    /// A length-prefixed byte string.
    @inlinable public mutating func writeAvroBytes(_ value: [UInt8]) {
        writeZigZag(Int64(value.count))
        write(bytes: value)
    }

    /// A length-prefixed UTF-8 string.
    @inlinable public mutating func writeAvroString(_ value: String) {
        value.withUTF8Bytes { utf8 in
            writeZigZag(Int64(utf8.count))
            write(bytes: utf8)
        }
    }

    /// An array: its items as one block (their count, then each), then the `0` that ends it.
    ///
    /// Items are handed to `writeItem` where they are stored, so encoding one copies nothing (a
    /// `for` loop over the array would retain and release every item's strings and arrays).
    @inlinable public mutating func writeAvroArray<Item>(
        _ items: [Item], _ writeItem: (inout ByteWriter, Item) throws(AvroError) -> Void
    ) throws(AvroError) {
        if !items.isEmpty {
            writeAvroLong(Int64(items.count))
            try items.withUnsafeBufferPointer { (buffer) throws(AvroError) in
                // A counted loop: `for` over a range calls the standard library's unspecialized
                // iterator, with a protocol witness for every comparison.
                var index = 0
                while index < buffer.count {
                    try writeItem(&self, buffer[index])
                    index &+= 1
                }
            }
        }
        write(byte: 0)
    }
}
