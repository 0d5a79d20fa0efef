import SchemaWireCore

extension AvroSchema {
    /// Appends the Avro JSON text of `payload`, a value in this schema's binary encoding, to
    /// `output`: the text `decode(payload).avroJSON(schema:).serialized()` makes, written while
    /// the bytes are read, for tools that print records as JSON lines.
    ///
    /// It reads with the same ``AvroBinaryReader`` and limits as ``decode(_:limits:)``; a map that
    /// repeats a key, and every malformed payload, goes the general way, so the text and the
    /// errors are the same either way.
    public func appendAvroJSON(decoding payload: [UInt8], to output: inout String, limits: AvroDecodingLimits = .default) throws(AvroError) {
        var text = ""
        var reader = AvroBinaryReader(bytes: payload, limits: limits)
        var written = false
        do {
            written = try appendJSON(root, from: &reader, to: &text)
            if written { try reader.expectEnd() }
        } catch {
            written = false
        }
        if written {
            output += text
        } else {
            output += try decode(payload, limits: limits).avroJSON(schema: self).serialized()
        }
    }

    /// One value's text; false for a form left to the general path (a repeated map key).
    private func appendJSON(_ declared: AvroType, from reader: inout AvroBinaryReader, to output: inout String) throws(AvroError) -> Bool {
        let type = resolve(declared)
        switch type.kind {
        case .null: output += "null"
        case .boolean: output += try reader.boolean() ? "true" : "false"
        case .int: output += String(try reader.int())
        case .long: output += String(try reader.long())
        case .float:
            let value = try reader.float()
            Self.appendFloatingPoint(Double(value), text: value.isFinite ? "\(value)" : "", to: &output)
        case .double:
            let value = try reader.double()
            Self.appendFloatingPoint(value, text: value.isFinite ? "\(value)" : "", to: &output)
        case .bytes: JSONValue.writeString(AvroValue.latin1String(try reader.byteArray()), to: &output)
        case .string: JSONValue.writeString(try reader.string(), to: &output)
        case let .fixed(fixed): JSONValue.writeString(AvroValue.latin1String(try reader.fixed(fixed.size)), to: &output)
        case let .enumeration(enumeration):
            JSONValue.writeString(enumeration.symbols[try reader.enumIndex(symbolCount: enumeration.symbols.count)], to: &output)
        case let .array(items):
            output += "["
            var complete = true
            try reader.readBlocks(minimumItemSize: minimumEncodedSize(items), emptyItemWeight: emptyValueWeight(items)) { (reader, index) throws(AvroError) in
                guard complete else { return }
                if index > 0 { output += "," }
                complete = try appendJSON(items, from: &reader, to: &output)
            }
            guard complete else { return false }
            output += "]"
        case let .map(valueType):
            output += "{"
            var keys = Set<String>()
            var complete = true
            try reader.readBlocks(minimumItemSize: 1) { (reader, index) throws(AvroError) in
                guard complete else { return }
                let key = try reader.string()
                // The general path keeps one entry per key, where the first one was.
                guard keys.insert(key).inserted else {
                    complete = false
                    return
                }
                if index > 0 { output += "," }
                JSONValue.writeString(key, to: &output)
                output += ":"
                complete = try appendJSON(valueType, from: &reader, to: &output)
            }
            guard complete else { return false }
            output += "}"
        case let .record(record):
            try reader.enter()
            defer { reader.leave() }
            output += "{"
            for (index, field) in record.fields.enumerated() {
                if index > 0 { output += "," }
                JSONValue.writeString(field.name, to: &output)
                output += ":"
                guard try appendJSON(field.type, from: &reader, to: &output) else { return false }
            }
            output += "}"
        case let .union(branches):
            try reader.enter()
            defer { reader.leave() }
            let branch = branches[try reader.unionIndex(branchCount: branches.count)]
            if case .null = resolve(branch).kind { output += "null"; return true }
            output += "{"
            JSONValue.writeString(branch.unionBranchName, to: &output)
            output += ":"
            guard try appendJSON(branch, from: &reader, to: &output) else { return false }
            output += "}"
        case let .reference(name):
            throw .invalidSchema(path: "", message: "undefined named type \"\(name)\"")
        }
        return true
    }

    /// A float or double as ``AvroValue/avroJSON(schema:)`` writes it: `text` for finite values,
    /// the specification's strings for NaN and the infinities.
    private static func appendFloatingPoint(_ value: Double, text: String, to output: inout String) {
        if value.isNaN {
            output += "\"NaN\""
        } else if value.isInfinite {
            output += value > 0 ? "\"Infinity\"" : "\"-Infinity\""
        } else {
            output += text
        }
    }
}
