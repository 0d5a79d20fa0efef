import OrderedCollections
import SchemaWireCore

extension AvroValue {
    /// The value in Avro's JSON encoding for `type`: unions as `{"branch name": value}`, bytes as
    /// ISO-8859-1 strings, non-finite floats as `"NaN"`, `"Infinity"`, `"-Infinity"`.
    public func avroJSON(type: AvroType, in schema: AvroSchema) throws(AvroError) -> JSONValue {
        try json(type: type, in: schema, readable: false)
    }

    /// Avro's JSON encoding, or with `readable` the same with logical types as people write them
    /// (``readableJSON(type:in:)``): one walk for both.
    func json(type: AvroType, in schema: AvroSchema, readable: Bool) throws(AvroError) -> JSONValue {
        let type = schema.resolve(type)
        if readable, let logical = type.logicalType, let text = Self.readable(self, logical) { return text }
        switch (type.kind, self) {
        case (.null, .null): return .null
        case let (.boolean, .boolean(bool)): return .bool(bool)
        case let (.int, .int(value)): return .integer(value)
        case let (.long, .long(value)): return .integer(value)
        case let (.float, .float(value)): return AvroValue.floatingJSON(Double(value), text: "\(value)")
        case let (.double, .double(value)): return AvroValue.floatingJSON(value, text: "\(value)")
        case let (.bytes, .bytes(bytes)), let (.fixed, .fixed(bytes)): return .string(AvroValue.latin1String(bytes))
        case let (.string, .string(string)): return .string(string)
        case let (.enumeration, .enumeration(symbol)): return .string(symbol)
        case let (.array(items), .array(elements)):
            var array: [JSONValue] = []
            array.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                do { array.append(try element.json(type: items, in: schema, readable: readable)) } catch { throw error.prefixed(String(index)) }
            }
            return .array(array)
        case let (.map(valueType), .map(entries)):
            var object = OrderedDictionary<String, JSONValue>(minimumCapacity: entries.count)
            for (key, element) in entries {
                do { object[key] = try element.json(type: valueType, in: schema, readable: readable) } catch { throw error.prefixed(JSONPointer.escape(key)) }
            }
            return .object(object)
        case let (.record(record), .record(fields)):
            var object = OrderedDictionary<String, JSONValue>(minimumCapacity: record.fields.count)
            for field in record.fields {
                guard let element = fields[field.name] else {
                    throw .valueMismatch(path: "/" + JSONPointer.escape(field.name), message: "the record has no value for this field")
                }
                do { object[field.name] = try element.json(type: field.type, in: schema, readable: readable) } catch { throw error.prefixed(JSONPointer.escape(field.name)) }
            }
            return .object(object)
        case let (.union(branches), .union(index, inner)):
            guard branches.indices.contains(index) else {
                throw .valueMismatch(path: "", message: "union branch \(index) does not exist (the union has \(branches.count))")
            }
            let branch = branches[index]
            if case .null = schema.resolve(branch).kind { return .null }
            do {
                return .object([branch.unionBranchName: try inner.json(type: branch, in: schema, readable: readable)])
            } catch {
                throw error.prefixed(JSONPointer.escape(branch.unionBranchName))
            }
        default:
            throw .valueMismatch(path: "", message: "expected a value of type \(type.unionBranchName), found \(kindName)")
        }
    }

    /// The value in Avro's JSON encoding for the schema's root type.
    public func avroJSON(schema: AvroSchema) throws(AvroError) -> JSONValue {
        try avroJSON(type: schema.root, in: schema)
    }

    static func floatingJSON(_ value: Double, text: String) -> JSONValue {
        if value.isNaN { return .string("NaN") }
        if value.isInfinite { return .string(value > 0 ? "Infinity" : "-Infinity") }
        return .number(text)
    }

    static func latin1String(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }
}
