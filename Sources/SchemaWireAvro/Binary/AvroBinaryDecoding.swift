import OrderedCollections
import SchemaWireCore

extension AvroSchema {
    /// Decodes one value written with this schema. The whole input must be consumed: leftover
    /// bytes mean the payload and schema disagree, and are reported as an error.
    public func decode(_ bytes: [UInt8], limits: AvroDecodingLimits = .default) throws(AvroError) -> AvroValue {
        var reader = AvroBinaryReader(ByteReader(bytes), limits: limits)
        let value = try decodeValue(root, from: &reader)
        try reader.expectEnd()
        return value
    }

    /// Decodes one value written with this schema from `reader`, leaving it after the value (for
    /// streams of concatenated values, as in container-file blocks).
    public func decode(from reader: inout ByteReader, limits: AvroDecodingLimits = .default) throws(AvroError) -> AvroValue {
        var binary = AvroBinaryReader(reader, limits: limits)
        defer { reader = binary.bytes }
        return try decodeValue(root, from: &binary)
    }

    func decodeValue(_ declared: AvroType, from reader: inout AvroBinaryReader) throws(AvroError) -> AvroValue {
        let type = resolve(declared)
        switch type.kind {
        case .null: return .null
        case .boolean: return .boolean(try reader.boolean())
        case .int: return .int(try reader.int())
        case .long: return .long(try reader.long())
        case .float: return .float(try reader.float())
        case .double: return .double(try reader.double())
        case .bytes: return .bytes(try reader.byteArray())
        case .string: return .string(try reader.string())
        case let .fixed(fixed): return .fixed(try reader.fixed(fixed.size))
        case let .enumeration(enumeration):
            return .enumeration(enumeration.symbols[try reader.enumIndex(symbolCount: enumeration.symbols.count)])
        case let .array(items):
            var elements: [AvroValue] = []
            try reader.readBlocks(minimumItemSize: minimumEncodedSize(items), emptyItemWeight: emptyValueWeight(items)) { (reader, index) throws(AvroError) in
                do throws(AvroError) { elements.append(try decodeValue(items, from: &reader)) } catch { throw error.prefixed(String(index)) }
            }
            return .array(elements)
        case let .map(valueType):
            var entries = OrderedDictionary<String, AvroValue>()
            try reader.readBlocks(minimumItemSize: 1) { (reader, _) throws(AvroError) in
                let key = try reader.string()
                do throws(AvroError) { entries[key] = try decodeValue(valueType, from: &reader) } catch { throw error.prefixed(JSONPointer.escape(key)) }
            }
            return .map(entries)
        case let .record(record):
            try reader.enter()
            defer { reader.leave() }
            var fields = OrderedDictionary<String, AvroValue>(minimumCapacity: record.fields.count)
            for field in record.fields {
                do { fields[field.name] = try decodeValue(field.type, from: &reader) } catch { throw error.prefixed(JSONPointer.escape(field.name)) }
            }
            return .record(fields)
        case let .union(branches):
            try reader.enter()
            defer { reader.leave() }
            let index = try reader.unionIndex(branchCount: branches.count)
            do { return .union(branch: index, value: try decodeValue(branches[index], from: &reader)) } catch {
                throw error.prefixed(branches[index].unionBranchName)
            }
        case let .reference(name):
            throw .invalidSchema(path: "", message: "undefined named type \"\(name)\"")
        }
    }

    /// Moves past one value of `type` without building it (for writer fields a reader drops).
    func skipValue(_ declared: AvroType, in reader: inout AvroBinaryReader) throws(AvroError) {
        let type = resolve(declared)
        switch type.kind {
        case .null: return
        case .boolean: _ = try reader.boolean()
        case .int: _ = try reader.int()
        case .long: _ = try reader.long()
        case .float: try reader.skip(4)
        case .double: try reader.skip(8)
        case .bytes, .string: try reader.skip(try reader.length())
        case let .fixed(fixed): try reader.skip(fixed.size)
        case .enumeration: _ = try reader.int()
        case let .array(items):
            try reader.readBlocks(minimumItemSize: minimumEncodedSize(items), emptyItemWeight: emptyValueWeight(items)) { (reader, _) throws(AvroError) in
                try skipValue(items, in: &reader)
            }
        case let .map(valueType):
            try reader.readBlocks(minimumItemSize: 1) { (reader, _) throws(AvroError) in
                try reader.skip(try reader.length())
                try skipValue(valueType, in: &reader)
            }
        case let .record(record):
            try reader.enter()
            defer { reader.leave() }
            for field in record.fields { try skipValue(field.type, in: &reader) }
        case let .union(branches):
            try reader.enter()
            defer { reader.leave() }
            try skipValue(branches[try reader.unionIndex(branchCount: branches.count)], in: &reader)
        case let .reference(name):
            throw .invalidSchema(path: "", message: "undefined named type \"\(name)\"")
        }
    }
}
