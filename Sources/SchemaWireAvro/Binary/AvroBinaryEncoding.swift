import SchemaWireCore

extension AvroSchema {
    /// Encodes `value` in Avro's binary encoding for this schema.
    public func encode(_ value: AvroValue) throws(AvroError) -> [UInt8] {
        try ByteWriter.collect { (writer: inout ByteWriter) throws(AvroError) in try encode(value, into: &writer) }
    }

    /// Appends the binary encoding of `value` to `writer`. On error nothing useful has been
    /// written past the writer's previous count; callers that reuse a writer should truncate.
    public func encode(_ value: AvroValue, into writer: inout ByteWriter) throws(AvroError) {
        try encode(value, as: root, into: &writer)
    }

    /// Appends the binary encoding of `value` as `type`, a node of this schema.
    ///
    /// A value that is not ``AvroValue/union(branch:value:)`` given for a union type goes to the
    /// first branch that can hold it, so `["null", "string"]` accepts `.string("x")` and `.null`.
    public func encode(_ value: AvroValue, as declared: AvroType, into writer: inout ByteWriter) throws(AvroError) {
        let type = resolve(declared)
        switch (type.kind, value) {
        case (.null, .null): return
        case let (.boolean, .boolean(bool)): writer.writeAvroBoolean(bool)
        case let (.int, .int(int)): writer.writeAvroInt(int)
        case let (.long, .long(long)): writer.writeAvroLong(long)
        case let (.long, .int(int)): writer.writeAvroLong(Int64(int))
        case let (.float, .float(float)): writer.writeAvroFloat(float)
        case let (.double, .double(double)): writer.writeAvroDouble(double)
        case let (.bytes, .bytes(bytes)): writer.writeAvroBytes(bytes)
        case let (.string, .string(string)): writer.writeAvroString(string)
        case let (.fixed(fixed), .fixed(bytes)):
            guard bytes.count == fixed.size else {
                throw .valueMismatch(path: "", message: "fixed \(fixed.name) needs \(fixed.size) bytes, got \(bytes.count)")
            }
            writer.write(bytes: bytes)
        case let (.enumeration(enumeration), .enumeration(symbol)):
            guard let index = index(of: symbol, in: enumeration) else {
                throw .valueMismatch(path: "", message: "\"\(symbol)\" is not a symbol of enum \(enumeration.name)")
            }
            writer.writeZigZag(Int64(index))
        case let (.array(items), .array(elements)):
            if !elements.isEmpty {
                writer.writeZigZag(Int64(elements.count))
                for (index, element) in elements.enumerated() {
                    do { try encode(element, as: items, into: &writer) } catch { throw error.prefixed(String(index)) }
                }
            }
            writer.write(byte: 0)
        case let (.map(valueType), .map(entries)):
            if !entries.isEmpty {
                writer.writeZigZag(Int64(entries.count))
                for (key, element) in entries {
                    writer.writeAvroString(key)
                    do { try encode(element, as: valueType, into: &writer) } catch { throw error.prefixed(JSONPointer.escape(key)) }
                }
            }
            writer.write(byte: 0)
        case let (.record(record), .record(fields)):
            for field in record.fields {
                guard let element = fields[field.name] else {
                    throw .valueMismatch(path: "/" + JSONPointer.escape(field.name), message: "the record has no value for this field")
                }
                do { try encode(element, as: field.type, into: &writer) } catch { throw error.prefixed(JSONPointer.escape(field.name)) }
            }
        case let (.union(branches), .union(index, inner)):
            guard branches.indices.contains(index) else {
                throw .valueMismatch(path: "", message: "union branch \(index) does not exist (the union has \(branches.count))")
            }
            writer.writeZigZag(Int64(index))
            do { try encode(inner, as: branches[index], into: &writer) } catch { throw error.prefixed(branches[index].unionBranchName) }
        case let (.union(branches), _):
            guard let index = branches.firstIndex(where: { accepts(value, as: $0) }) else {
                throw .valueMismatch(path: "", message: "no branch of the union [\(branches.map(\.unionBranchName).joined(separator: ", "))] holds a \(value.kindName)")
            }
            writer.writeZigZag(Int64(index))
            try encode(value, as: branches[index], into: &writer)
        default:
            throw .valueMismatch(path: "", message: "expected a value of type \(type.unionBranchName), found \(value.kindName)")
        }
    }

    /// Whether `value`'s shape matches `type` at the top level (used to pick a union branch).
    func accepts(_ value: AvroValue, as declared: AvroType) -> Bool {
        switch (resolve(declared).kind, value) {
        case (.null, .null), (.boolean, .boolean), (.int, .int), (.long, .long), (.float, .float),
            (.double, .double), (.bytes, .bytes), (.string, .string), (.record, .record),
            (.enumeration, .enumeration), (.array, .array), (.map, .map), (.fixed, .fixed):
            return true
        default:
            return false
        }
    }
}
