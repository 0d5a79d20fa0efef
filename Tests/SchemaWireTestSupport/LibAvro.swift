import CAvro
import SchemaWireAvro

/// The reference C implementation (Debian's avro-c 1.11) as a test oracle: encodes an
/// ``AvroValue`` through avro-c's generic value API and re-encodes bytes that avro-c decoded.
///
/// The only file that calls avro-c; every handle is released in the function that made it.
public enum LibAvro {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private static func check(_ status: Int32, _ what: String) throws {
        guard status == 0 else { throw Failure(description: "\(what): \(String(cString: avro_strerror()))") }
    }

    /// Runs `body` with a fresh generic value of `schemaJSON`'s type.
    private static func withValue<Result>(_ schemaJSON: String, _ body: (inout avro_value_t) throws -> Result) throws -> Result {
        var schema: avro_schema_t?
        try check(avro_schema_from_json_length(schemaJSON, schemaJSON.utf8.count, &schema), "avro_schema_from_json")
        defer { avro_schema_decref(schema) }
        guard let iface = avro_generic_class_from_schema(schema) else {
            throw Failure(description: "avro_generic_class_from_schema: \(String(cString: avro_strerror()))")
        }
        defer { swa_iface_decref(iface) }
        var value = avro_value_t()
        try check(avro_generic_value_new(iface, &value), "avro_generic_value_new")
        defer { avro_value_decref(&value) }
        return try body(&value)
    }

    private static func write(_ value: inout avro_value_t) throws -> [UInt8] {
        var size = 0
        try check(avro_value_sizeof(&value, &size), "avro_value_sizeof")
        var buffer = [UInt8](repeating: 0, count: max(size, 1))
        try buffer.withUnsafeMutableBytes { raw in
            let writer = avro_writer_memory(raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int64(raw.count))
            defer { avro_writer_free(writer) }
            try check(avro_value_write(writer, &value), "avro_value_write")
        }
        return Array(buffer.prefix(size))
    }

    /// avro-c's binary encoding of `value` for the schema whose JSON is `schemaJSON`.
    public static func encode(_ value: AvroValue, schema: AvroSchema) throws -> [UInt8] {
        try withValue(schema.jsonString()) { avroValue in
            try fill(&avroValue, with: value, type: schema.root, schema: schema)
            return try write(&avroValue)
        }
    }

    /// Decodes `bytes` with avro-c and encodes the result again with avro-c: equal to `bytes`
    /// exactly when avro-c read the same value we wrote.
    public static func reencode(_ bytes: [UInt8], schema: AvroSchema) throws -> [UInt8] {
        try withValue(schema.jsonString()) { avroValue in
            try bytes.withUnsafeBytes { raw in
                let reader = avro_reader_memory(raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int64(raw.count))
                defer { avro_reader_free(reader) }
                try check(avro_value_read(reader, &avroValue), "avro_value_read")
            }
            return try write(&avroValue)
        }
    }

    private static func fill(_ target: inout avro_value_t, with value: AvroValue, type declared: AvroType, schema: AvroSchema) throws {
        let type = schema.resolve(declared)
        switch (type.kind, value) {
        case (.null, .null): try check(swa_set_null(&target), "set_null")
        case let (.boolean, .boolean(bool)): try check(swa_set_boolean(&target, bool ? 1 : 0), "set_boolean")
        case let (.int, .int(int)): try check(swa_set_int(&target, int), "set_int")
        case let (.long, .long(long)): try check(swa_set_long(&target, long), "set_long")
        case let (.float, .float(float)): try check(swa_set_float(&target, float), "set_float")
        case let (.double, .double(double)): try check(swa_set_double(&target, double), "set_double")
        case let (.bytes, .bytes(bytes)):
            var copy = bytes
            try copy.withUnsafeMutableBytes { try check(swa_set_bytes(&target, $0.baseAddress, $0.count), "set_bytes") }
        case let (.fixed, .fixed(bytes)):
            var copy = bytes
            try copy.withUnsafeMutableBytes { try check(swa_set_fixed(&target, $0.baseAddress, $0.count), "set_fixed") }
        case let (.string, .string(string)):
            var terminated = Array(string.utf8CString)
            try terminated.withUnsafeMutableBufferPointer {
                try check(swa_set_string_len(&target, $0.baseAddress, $0.count), "set_string_len")
            }
        case let (.enumeration(enumeration), .enumeration(symbol)):
            guard let index = enumeration.symbols.firstIndex(of: symbol) else { throw Failure(description: "unknown symbol \(symbol)") }
            try check(swa_set_enum(&target, Int32(index)), "set_enum")
        case let (.array(items), .array(elements)):
            for element in elements {
                var child = avro_value_t()
                try check(swa_append(&target, &child), "append")
                try fill(&child, with: element, type: items, schema: schema)
            }
        case let (.map(valueType), .map(entries)):
            for (key, element) in entries {
                var child = avro_value_t()
                try check(swa_add(&target, key, &child), "add")
                try fill(&child, with: element, type: valueType, schema: schema)
            }
        case let (.record(record), .record(fields)):
            for (index, field) in record.fields.enumerated() {
                guard let fieldValue = fields[field.name] else { throw Failure(description: "missing field \(field.name)") }
                var child = avro_value_t()
                try check(swa_get_by_index(&target, index, &child), "get_by_index")
                try fill(&child, with: fieldValue, type: field.type, schema: schema)
            }
        case let (.union(branches), .union(index, inner)):
            var branch = avro_value_t()
            try check(swa_set_branch(&target, Int32(index), &branch), "set_branch")
            try fill(&branch, with: inner, type: branches[index], schema: schema)
        default:
            throw Failure(description: "value \(value.kindName) does not match \(type.typeName)")
        }
    }
}
