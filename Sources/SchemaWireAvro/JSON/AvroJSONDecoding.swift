import OrderedCollections
import SchemaWireCore

extension AvroValue {
    /// Reads a value in Avro's JSON encoding: unions as `{"branch name": value}` (or `null`), bytes
    /// and fixed as strings of code points U+0000–U+00FF. Record fields that are absent take their
    /// schema default.
    public init(avroJSON json: JSONValue, type: AvroType, in schema: AvroSchema) throws(AvroError) {
        self = try AvroJSONReader(schema: schema, taggedUnions: true).read(json, type)
    }

    /// Reads a value in Avro's JSON encoding for the schema's root type.
    public init(avroJSON json: JSONValue, schema: AvroSchema) throws(AvroError) {
        try self.init(avroJSON: json, type: schema.root, in: schema)
    }

    /// Reads a field default as the specification writes it: like the JSON encoding, except that a
    /// union's default is a plain value of its first branch.
    public init(defaultJSON json: JSONValue, type: AvroType, in schema: AvroSchema) throws(AvroError) {
        self = try AvroJSONReader(schema: schema, taggedUnions: false).read(json, type)
    }
}

/// The one reader behind Avro JSON data and schema defaults, which differ only in union form.
struct AvroJSONReader {
    let schema: AvroSchema
    let taggedUnions: Bool

    private func mismatch(_ expected: String, _ json: JSONValue) -> AvroError {
        .invalidJSONData(path: "", message: "expected \(expected), found \(json.typeName) \(json.serialized().prefix(60))")
    }

    func read(_ json: JSONValue, _ declared: AvroType) throws(AvroError) -> AvroValue {
        let type = schema.resolve(declared)
        switch type.kind {
        case .null:
            guard case .null = json else { throw mismatch("null", json) }
            return .null
        case .boolean:
            guard case let .bool(bool) = json else { throw mismatch("a boolean", json) }
            return .boolean(bool)
        case .int:
            guard let integer = json.int64Value, let narrow = Int32(exactly: integer) else {
                throw mismatch("a 32-bit integer", json)
            }
            return .int(narrow)
        case .long:
            guard let integer = json.int64Value else { throw mismatch("a 64-bit integer", json) }
            return .long(integer)
        case .float:
            return .float(Float(try floatingPoint(json)))
        case .double:
            return .double(try floatingPoint(json))
        case .bytes:
            return .bytes(try latin1Bytes(json))
        case .string:
            guard case let .string(string) = json else { throw mismatch("a string", json) }
            return .string(string)
        case let .fixed(fixed):
            let bytes = try latin1Bytes(json)
            guard bytes.count == fixed.size else {
                throw .invalidJSONData(path: "", message: "fixed \(fixed.name) needs \(fixed.size) bytes, found \(bytes.count)")
            }
            return .fixed(bytes)
        case let .enumeration(enumeration):
            guard case let .string(symbol) = json else { throw mismatch("an enum symbol", json) }
            guard schema.index(of: symbol, in: enumeration) != nil else {
                throw .invalidJSONData(path: "", message: "\"\(symbol)\" is not a symbol of enum \(enumeration.name)")
            }
            return .enumeration(symbol)
        case let .array(items):
            guard case let .array(elements) = json else { throw mismatch("an array", json) }
            var values: [AvroValue] = []
            values.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                do { values.append(try read(element, items)) } catch { throw error.prefixed(String(index)) }
            }
            return .array(values)
        case let .map(valueType):
            guard case let .object(object) = json else { throw mismatch("an object (map)", json) }
            var values = OrderedDictionary<String, AvroValue>(minimumCapacity: object.count)
            for (key, element) in object {
                do { values[key] = try read(element, valueType) } catch { throw error.prefixed(JSONPointer.escape(key)) }
            }
            return .map(values)
        case let .record(record):
            guard case let .object(object) = json else { throw mismatch("an object (record \(record.name))", json) }
            var values = OrderedDictionary<String, AvroValue>(minimumCapacity: record.fields.count)
            var present = 0
            for field in record.fields {
                do throws(AvroError) {
                    if let element = object[field.name] {
                        values[field.name] = try read(element, field.type)
                        present += 1
                    } else if let defaultValue = try schema.defaultValue(of: field, in: record) {
                        values[field.name] = defaultValue
                    } else {
                        throw AvroError.invalidJSONData(path: "", message: "missing field \"\(field.name)\", which has no default")
                    }
                } catch {
                    throw error.prefixed(JSONPointer.escape(field.name))
                }
            }
            if present < object.count, let unknown = object.keys.first(where: { values[$0] == nil }) {
                throw .invalidJSONData(path: "/" + JSONPointer.escape(unknown), message: "record \(record.name) has no field \"\(unknown)\"")
            }
            return .record(values)
        case let .union(branches):
            return try readUnion(json, branches)
        case let .reference(name):
            throw .invalidSchema(path: "", message: "undefined named type \"\(name)\"")
        }
    }

    private func readUnion(_ json: JSONValue, _ branches: [AvroType]) throws(AvroError) -> AvroValue {
        if !taggedUnions {
            guard let first = branches.first else { throw .invalidJSONData(path: "", message: "an empty union has no values") }
            return .union(branch: 0, value: try read(json, first))
        }
        if case .null = json {
            guard let index = branches.firstIndex(where: { schema.resolve($0).kind == .null }) else {
                throw .invalidJSONData(path: "", message: "null is not a branch of this union")
            }
            return .union(branch: index, value: .null)
        }
        guard case let .object(object) = json, object.count == 1, let (tag, inner) = object.elements.first else {
            let names = branches.map(\.unionBranchName).joined(separator: ", ")
            throw .invalidJSONData(path: "", message: "a union value must be null or {\"<branch>\": value} with a branch of [\(names)]")
        }
        let index = branches.firstIndex { $0.unionBranchName == tag }
            ?? branches.firstIndex { AvroName(qualifying: $0.unionBranchName, in: nil).name == tag }
        guard let index else {
            let names = branches.map(\.unionBranchName).joined(separator: ", ")
            throw .invalidJSONData(path: "", message: "\"\(tag)\" is not a branch of the union [\(names)]")
        }
        do throws(AvroError) {
            return .union(branch: index, value: try read(inner, branches[index]))
        } catch {
            throw error.prefixed(JSONPointer.escape(tag))
        }
    }

    private func floatingPoint(_ json: JSONValue) throws(AvroError) -> Double {
        switch json {
        case let .number(text):
            guard let double = Double(text) else { throw mismatch("a number", json) }
            return double
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: throw mismatch("a number", json)
        }
    }

    private func latin1Bytes(_ json: JSONValue) throws(AvroError) -> [UInt8] {
        guard case let .string(string) = json else { throw mismatch("a string of bytes", json) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.unicodeScalars.count)
        for scalar in string.unicodeScalars {
            guard scalar.value <= 0xFF else {
                throw .invalidJSONData(path: "", message: "bytes are written as code points U+0000 to U+00FF; found U+\(String(scalar.value, radix: 16, uppercase: true))")
            }
            bytes.append(UInt8(scalar.value))
        }
        return bytes
    }
}
