import Foundation
import SchemaWireCore
import OrderedCollections

/// Gives what a `Codable` value wrote (an ``EncodingNode`` tree) the shape of an Avro type,
/// applying logical types: `Date` to timestamps and dates, `Decimal` to decimals, `UUID` to uuid
/// strings, `Data` to bytes and fixed.
struct AvroValueConversion {
    let schema: AvroSchema

    func mismatch(_ node: EncodingNode, _ type: AvroType) -> AvroError {
        .valueMismatch(path: "", message: "\(node.kindName) cannot be written as \(type.logicalType?.name ?? type.unionBranchName)")
    }

    func value(_ node: EncodingNode, as declared: AvroType) throws(AvroError) -> AvroValue {
        let type = schema.resolve(declared)
        if case let .union(branches) = type.kind { return try unionValue(node, branches) }
        switch (type.kind, node.content) {
        case (.null, .null), (.null, .empty): return .null
        case let (.boolean, .bool(bool)): return .boolean(bool)
        case let (.int, .integer(integer)):
            guard let narrow = Int32(exactly: integer) else {
                throw .valueMismatch(path: "", message: "\(integer) does not fit in an Avro int")
            }
            return .int(narrow)
        case let (.int, .unsignedInteger(integer)):
            guard let narrow = Int32(exactly: integer) else {
                throw .valueMismatch(path: "", message: "\(integer) does not fit in an Avro int")
            }
            return .int(narrow)
        case let (.long, .integer(integer)): return .long(integer)
        case let (.long, .unsignedInteger(integer)):
            guard let narrow = Int64(exactly: integer) else {
                throw .valueMismatch(path: "", message: "\(integer) does not fit in an Avro long")
            }
            return .long(narrow)
        case let (.float, .float(float)): return .float(float)
        case let (.float, .floatingPoint(double)): return .float(Float(double))
        case let (.double, .float(float)): return .double(Double(float))
        case let (.float, .integer(integer)): return .float(Float(integer))
        case let (.double, .floatingPoint(double)): return .double(double)
        case let (.double, .integer(integer)): return .double(Double(integer))
        case let (.string, .string(string)): return .string(string)
        case let (.string, .uuid(uuid)): return .string(String(decoding: AvroUUID.text(uuid), as: UTF8.self))
        case let (.bytes, .data(bytes)): return .bytes(bytes)
        case let (.bytes, .decimal(decimal)):
            guard case let .decimal(precision, scale) = type.logicalType else { throw mismatch(node, type) }
            return .bytes(try AvroDecimal.bytes(for: decimal, scale: scale, precision: precision))
        case let (.fixed(fixed), .data(bytes)):
            guard bytes.count == fixed.size else {
                throw .valueMismatch(path: "", message: "fixed \(fixed.name) needs \(fixed.size) bytes, got \(bytes.count)")
            }
            return .fixed(bytes)
        case let (.fixed(fixed), .decimal(decimal)):
            guard case let .decimal(precision, scale) = type.logicalType else { throw mismatch(node, type) }
            return .fixed(try AvroDecimal.bytes(for: decimal, scale: scale, precision: precision, size: fixed.size))
        case let (.fixed(fixed), .uuid(uuid)) where fixed.size == 16:
            return .fixed(withUnsafeBytes(of: uuid.uuid) { Array($0) })
        case let (.fixed(fixed), .unkeyed(elements)):
            let bytes = try byteArray(elements, type)
            guard bytes.count == fixed.size else {
                throw .valueMismatch(path: "", message: "fixed \(fixed.name) needs \(fixed.size) bytes, got \(bytes.count)")
            }
            return .fixed(bytes)
        case let (.bytes, .unkeyed(elements)): return .bytes(try byteArray(elements, type))
        case let (.int, .date(date)), let (.long, .date(date)):
            return try dateValue(date, type)
        case let (.enumeration(enumeration), .string(symbol)):
            guard schema.index(of: symbol, in: enumeration) != nil else {
                throw .valueMismatch(path: "", message: "\"\(symbol)\" is not a symbol of enum \(enumeration.name)")
            }
            return .enumeration(symbol)
        case let (.array(items), .unkeyed(elements)):
            var values: [AvroValue] = []
            values.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                do { values.append(try value(element, as: items)) } catch { throw error.prefixed(String(index)) }
            }
            return .array(values)
        case let (.map(valueType), .keyed(entries)):
            var values = OrderedDictionary<String, AvroValue>(minimumCapacity: entries.count)
            for (key, element) in entries {
                do { values[key] = try value(element, as: valueType) } catch { throw error.prefixed(JSONPointer.escape(key)) }
            }
            return .map(values)
        case let (.record(record), .keyed(entries)):
            return try recordValue(record, entries)
        default:
            throw mismatch(node, type)
        }
    }

    private func recordValue(_ record: AvroRecord, _ entries: [(String, EncodingNode)]) throws(AvroError) -> AvroValue {
        var values = OrderedDictionary<String, AvroValue>(minimumCapacity: record.fields.count)
        for field in record.fields {
            do throws(AvroError) {
                if let node = entries.first(where: { $0.0 == field.name })?.1 {
                    values[field.name] = try value(node, as: field.type)
                } else if let defaultJSON = field.defaultValue {
                    values[field.name] = try AvroValue(defaultJSON: defaultJSON, type: field.type, in: schema)
                } else if case let .union(branches) = schema.resolve(field.type).kind,
                    let nullIndex = branches.firstIndex(where: { schema.resolve($0).kind == .null })
                {
                    values[field.name] = .union(branch: nullIndex, value: .null)
                } else {
                    throw AvroError.valueMismatch(path: "", message: "the value has no \"\(field.name)\" and the field has no default")
                }
            } catch {
                throw error.prefixed(JSONPointer.escape(field.name))
            }
        }
        let known = Set(record.fields.map(\.name))
        if let extra = entries.first(where: { !known.contains($0.0) }) {
            throw .valueMismatch(path: "/" + JSONPointer.escape(extra.0), message: "record \(record.name) has no field \"\(extra.0)\"")
        }
        return .record(values)
    }

    /// A value written into a union goes to the first branch that can hold it: nil to `null`,
    /// anything else to the first non-null branch that accepts it.
    private func unionValue(_ node: EncodingNode, _ branches: [AvroType]) throws(AvroError) -> AvroValue {
        var firstError: AvroError?
        for (index, branch) in branches.enumerated() {
            let isNull = schema.resolve(branch).kind == .null
            switch node.content {
            case .null, .empty: if !isNull { continue }
            default: if isNull { continue }
            }
            do {
                return .union(branch: index, value: try value(node, as: branch))
            } catch {
                firstError = firstError ?? error
            }
        }
        throw firstError ?? .valueMismatch(path: "", message: "no branch of the union [\(branches.map(\.unionBranchName).joined(separator: ", "))] holds \(node.kindName)")
    }

    private func byteArray(_ elements: [EncodingNode], _ type: AvroType) throws(AvroError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(elements.count)
        for element in elements {
            switch element.content {
            case let .integer(integer) where (0...255).contains(integer): bytes.append(UInt8(integer))
            case let .unsignedInteger(integer) where integer <= 255: bytes.append(UInt8(integer))
            default: throw mismatch(element, type)
            }
        }
        return bytes
    }

    private func dateValue(_ date: Date, _ type: AvroType) throws(AvroError) -> AvroValue {
        if type.logicalType == .date { return .int(try AvroTime.days(of: date)) }
        guard let perSecond = AvroTime.unitsPerSecond(type.logicalType) else {
            throw .valueMismatch(path: "", message: "a Date needs a date or timestamp logical type, not \(type.logicalType?.name ?? type.typeName)")
        }
        return .long(try AvroTime.units(of: date, perSecond: perSecond))
    }
}
