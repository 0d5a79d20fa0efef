import Foundation
import SchemaWireAvro
import SchemaWireCore

/// Writes the Swift declaration of one named Avro type, with its fast-path encode/decode.
struct TypeEmitter {
    let schema: AvroSchema
    let names: [String: String]
    let access: String
    /// Union enums nested in the record being emitted.
    private var nested: [String] = []
    private var declaredUnions: Set<String> = []
    private var counter = 0

    init(schema: AvroSchema, names: [String: String], access: String) {
        self.schema = schema
        self.names = names
        self.access = access
    }

    mutating func emit(_ type: AvroType) -> String {
        switch type.kind {
        case let .record(record): return emitRecord(record, type)
        case let .enumeration(enumeration): return emitEnum(enumeration, type)
        case let .fixed(fixed): return emitFixed(fixed, type)
        default: return ""
        }
    }

    private func name(_ fullName: String) -> String { names[fullName] ?? AvroName(qualifying: fullName, in: nil).name }

    private mutating func fresh(_ stem: String) -> String {
        counter += 1
        return "\(stem)\(counter)"
    }

    // MARK: Types

    private func logical(_ type: AvroType) -> AvroLogicalType? { type.logicalType }

    private static func unitsConstant(_ logical: AvroLogicalType?) -> String? {
        switch logical {
        case .timestampMillis?, .localTimestampMillis?: return "AvroTime.millis"
        case .timestampMicros?, .localTimestampMicros?: return "AvroTime.micros"
        case .timestampNanos?, .localTimestampNanos?: return "AvroTime.nanos"
        default: return nil
        }
    }

    /// The Swift type for `declared`; multi-branch unions declare a nested enum named `unionName`.
    private mutating func swiftType(_ declared: AvroType, unionName: String) -> String {
        let type = schema.resolve(declared)
        switch type.kind {
        case .null: return "AvroNull"
        case .boolean: return "Swift.Bool"
        case .int: return type.logicalType == .date ? "Foundation.Date" : "Swift.Int32"
        case .long: return Self.unitsConstant(type.logicalType) != nil ? "Foundation.Date" : "Swift.Int64"
        case .float: return "Swift.Float"
        case .double: return "Swift.Double"
        case .bytes: if case .decimal? = type.logicalType { return "Foundation.Decimal" } else { return "Foundation.Data" }
        case .string: return type.logicalType == .uuid ? "Foundation.UUID" : "Swift.String"
        case let .fixed(fixed):
            if case .decimal? = type.logicalType { return "Foundation.Decimal" }
            return name(fixed.name.fullName)
        case let .enumeration(enumeration): return name(enumeration.name.fullName)
        case let .record(record): return name(record.name.fullName)
        case let .array(items): return "[\(swiftType(items, unionName: unionName + "Item"))]"
        case let .map(values): return "[Swift.String: \(swiftType(values, unionName: unionName + "Value"))]"
        case let .union(branches):
            let nonNull = branches.filter { schema.resolve($0).kind != .null }
            let hasNull = nonNull.count < branches.count
            if nonNull.count == 1 {
                let inner = swiftType(nonNull[0], unionName: unionName)
                return hasNull ? "\(inner)?" : inner
            }
            declareUnion(unionName, branches)
            return hasNull ? "\(unionName)?" : unionName
        case let .reference(name): return self.name(name)
        }
    }

    private func caseName(_ branch: AvroType) -> String {
        let type = schema.resolve(branch)
        if let fullName = type.fullName { return SwiftNames.lowerCamel(AvroName(qualifying: fullName, in: nil).name) }
        return SwiftNames.identifier(type.typeName == "boolean" ? "boolean" : type.typeName)
    }

    // MARK: Encoding

    /// Statements appending `value` (a Swift expression of `declared`'s type) to `writer`.
    private mutating func encode(_ declared: AvroType, _ value: String, unionName: String, indent: String) -> [String] {
        let type = schema.resolve(declared)
        switch type.kind {
        case .null: return []
        case .boolean: return [indent + "writer.writeAvroBoolean(\(value))"]
        case .int:
            return [indent + (type.logicalType == .date ? "writer.writeAvroInt(try AvroTime.days(of: \(value)))" : "writer.writeAvroInt(\(value))")]
        case .long:
            if let units = Self.unitsConstant(type.logicalType) {
                return [indent + "writer.writeAvroLong(try AvroTime.units(of: \(value), perSecond: \(units)))"]
            }
            return [indent + "writer.writeAvroLong(\(value))"]
        case .float: return [indent + "writer.writeAvroFloat(\(value))"]
        case .double: return [indent + "writer.writeAvroDouble(\(value))"]
        case .bytes:
            if case let .decimal(precision, scale)? = type.logicalType {
                return [indent + "try writer.writeAvroDecimal(\(value), scale: \(scale), precision: \(precision))"]
            }
            return [indent + "writer.writeAvroBytes([Swift.UInt8](\(value)))"]
        case .string:
            return [indent + (type.logicalType == .uuid ? "writer.writeAvroUUID(\(value))" : "writer.writeAvroString(\(value))")]
        case let .fixed(fixed):
            if case let .decimal(precision, scale)? = type.logicalType {
                return [indent + "writer.write(bytes: try AvroDecimal.bytes(for: \(value), scale: \(scale), precision: \(precision), size: \(fixed.size)))"]
            }
            return [indent + "\(value).avroEncode(to: &writer)"]
        case .enumeration: return [indent + "writer.writeAvroInt(\(value).avroIndex)"]
        case .record: return [indent + "try \(value).avroEncode(to: &writer)"]
        case let .array(items):
            let item = fresh("item")
            let itemType = swiftType(items, unionName: unionName + "Item")
            return [indent + "try writer.writeAvroArray(\(value)) { (writer: inout ByteWriter, \(item): \(itemType)) throws(AvroError) in"]
                + encode(items, item, unionName: unionName + "Item", indent: indent + "    ") + [indent + "}"]
        case let .map(values):
            let key = fresh("key")
            let element = fresh("value")
            return [
                indent + "if !\(value).isEmpty {",
                indent + "    writer.writeAvroLong(Swift.Int64(\(value).count))",
                indent + "    for (\(key), \(element)) in \(value) {",
                indent + "        writer.writeAvroString(\(key))",
            ] + encode(values, element, unionName: unionName + "Value", indent: indent + "        ") + [
                indent + "    }",
                indent + "}",
                indent + "writer.write(byte: 0)",
            ]
        case let .union(branches):
            let nullIndex = branches.firstIndex { schema.resolve($0).kind == .null }
            let nonNull = branches.enumerated().filter { schema.resolve($0.element).kind != .null }
            if nonNull.count == 1 {
                let (index, branch) = nonNull[0]
                guard let nullIndex else {
                    return [indent + "writer.writeAvroLong(\(index))"] + encode(branch, value, unionName: unionName, indent: indent)
                }
                let unwrapped = fresh("value")
                return [indent + "if let \(unwrapped) = \(value) {", indent + "    writer.writeAvroLong(\(index))"]
                    + encode(branch, unwrapped, unionName: unionName, indent: indent + "    ")
                    + [indent + "} else {", indent + "    writer.writeAvroLong(\(nullIndex))", indent + "}"]
            }
            guard let nullIndex else { return [indent + "try \(value).avroEncode(to: &writer)"] }
            let unwrapped = fresh("value")
            return [
                indent + "if let \(unwrapped) = \(value) {", indent + "    try \(unwrapped).avroEncode(to: &writer)",
                indent + "} else {", indent + "    writer.writeAvroLong(\(nullIndex))", indent + "}",
            ]
        case .reference:
            return [indent + "try \(value).avroEncode(to: &writer)"]
        }
    }

    // MARK: Decoding

    /// A Swift expression reading a value of `declared` from `reader`.
    private mutating func decode(_ declared: AvroType, unionName: String) -> String {
        let type = schema.resolve(declared)
        switch type.kind {
        case .null: return "AvroNull()"
        case .boolean: return "try reader.boolean()"
        case .int: return type.logicalType == .date ? "AvroTime.date(days: try reader.int())" : "try reader.int()"
        case .long:
            if let units = Self.unitsConstant(type.logicalType) { return "AvroTime.date(units: try reader.long(), perSecond: \(units))" }
            return "try reader.long()"
        case .float: return "try reader.float()"
        case .double: return "try reader.double()"
        case .bytes:
            if case let .decimal(_, scale)? = type.logicalType { return "try reader.decimal(scale: \(scale))" }
            return "Foundation.Data(try reader.byteArray())"
        case .string: return type.logicalType == .uuid ? "try reader.uuid()" : "try reader.string()"
        case let .fixed(fixed):
            if case let .decimal(_, scale)? = type.logicalType { return "try reader.fixedDecimal(size: \(fixed.size), scale: \(scale))" }
            return "try \(name(fixed.name.fullName))(avroFrom: &reader)"
        case let .enumeration(enumeration): return "try \(name(enumeration.name.fullName))(avroFrom: &reader)"
        case let .record(record): return "try \(name(record.name.fullName))(avroFrom: &reader)"
        case let .array(items):
            let itemType = swiftType(items, unionName: unionName + "Item")
            let minimum = schema.minimumEncodedSize(items)
            // Items that take no bytes are charged the values each holds.
            let weight = minimum == 0 && schema.emptyValueWeight(items) > 1 ? ", emptyItemWeight: \(schema.emptyValueWeight(items))" : ""
            return "try reader.array(minimumItemSize: \(minimum)\(weight)) { (reader: inout AvroBinaryReader) throws(AvroError) -> \(itemType) in \(decode(items, unionName: unionName + "Item")) }"
        case let .map(values):
            let valueType = swiftType(values, unionName: unionName + "Value")
            return "try reader.map { (reader: inout AvroBinaryReader) throws(AvroError) -> \(valueType) in \(decode(values, unionName: unionName + "Value")) }"
        case let .union(branches):
            let resultType = swiftType(type, unionName: unionName)
            let nullIndex = branches.firstIndex { schema.resolve($0).kind == .null }
            let nonNull = branches.enumerated().filter { schema.resolve($0.element).kind != .null }
            let value = nonNull.count == 1 ? decode(nonNull[0].element, unionName: unionName) : "try \(unionName)(avroBranch: branch, from: &reader)"
            let body = nullIndex.map { "if branch == \($0) { nil } else { \(value) }" } ?? value
            return "try reader.union(branchCount: \(branches.count)) { (reader: inout AvroBinaryReader, branch: Swift.Int) throws(AvroError) -> \(resultType) in \(body) }"
        case let .reference(name): return "try \(self.name(name))(avroFrom: &reader)"
        }
    }

    // MARK: Declarations

    private mutating func declareUnion(_ unionName: String, _ branches: [AvroType]) {
        guard declaredUnions.insert(unionName).inserted else { return }
        let (i1, i2, i3, i4) = ("    ", "        ", "            ", "                ")
        var cases: [String] = []
        var decodes: [String] = []
        var encodes: [String] = []
        var codableDecodes: [String] = []
        var codableEncodes: [String] = []
        for (index, branch) in branches.enumerated() where schema.resolve(branch).kind != .null {
            let caseName = caseName(branch)
            let payload = swiftType(branch, unionName: unionName + caseName.prefix(1).uppercased() + caseName.dropFirst())
            cases.append("\(i2)case \(caseName)(\(payload))")
            decodes.append("\(i3)case \(index): self = .\(caseName)(\(decode(branch, unionName: unionName)))")
            let bound = fresh("value")
            encodes.append("\(i3)case let .\(caseName)(\(bound)):")
            encodes.append("\(i4)writer.writeAvroLong(\(index))")
            encodes += encode(branch, bound, unionName: unionName, indent: i4)
            codableDecodes.append("\(i2)if let value = try? container.decode(\(payload).self) { self = .\(caseName)(value); return }")
            codableEncodes.append("\(i3)case let .\(caseName)(value): try container.encode(value)")
        }
        let lines: [String] = [
            "\(i1)/// One value of the union; each case is a branch.",
            "\(i1)\(access) enum \(unionName): Codable, Hashable, Sendable {",
        ] + cases + [
            "",
            "\(i2)init(avroBranch branch: Swift.Int, from reader: inout AvroBinaryReader) throws(AvroError) {",
            "\(i3)switch branch {",
        ] + decodes + [
            "\(i3)default: throw reader.malformed(\"union branch \\(branch) holds no value of \(unionName)\")",
            "\(i3)}",
            "\(i2)}",
            "",
            "\(i2)func avroEncode(to writer: inout ByteWriter) throws(AvroError) {",
            "\(i3)switch self {",
        ] + encodes + [
            "\(i3)}",
            "\(i2)}",
            "",
            "\(i2)/// Decodes the first branch whose type fits (the generic path cannot see the branch index).",
            "\(i2)\(access) init(from decoder: any Decoder) throws {",
            "\(i3)let container = try decoder.singleValueContainer()",
        ] + codableDecodes.map { i1 + $0 } + [
            "\(i3)throw DecodingError.dataCorruptedError(in: container, debugDescription: \"no branch of \(unionName) matches\")",
            "\(i2)}",
            "",
            "\(i2)\(access) func encode(to encoder: any Encoder) throws {",
            "\(i3)var container = encoder.singleValueContainer()",
            "\(i3)switch self {",
        ] + codableEncodes + [
            "\(i3)}",
            "\(i2)}",
            "\(i1)}",
        ]
        nested.append(lines.joined(separator: "\n"))
    }

    /// Whether a field of `declared` leads back to `target` without passing through an array or
    /// map (which are already indirect), so the property must be boxed.
    private func reaches(_ declared: AvroType, _ target: String, visited: Set<String> = []) -> Bool {
        let type = schema.resolve(declared)
        switch type.kind {
        case let .record(record):
            if record.name.fullName == target { return true }
            guard !visited.contains(record.name.fullName) else { return false }
            return record.fields.contains { reaches($0.type, target, visited: visited.union([record.name.fullName])) }
        case let .union(branches): return branches.contains { reaches($0, target, visited: visited) }
        default: return false
        }
    }

    private func defaultLiteral(_ field: AvroField, swiftType: String) -> String? {
        guard let json = field.defaultValue else { return nil }
        let type = schema.resolve(field.type)
        switch (json, type.kind) {
        case (.null, _): return swiftType.hasSuffix("?") ? "nil" : nil
        case let (.bool(bool), _): return bool ? "true" : "false"
        case let (.number(text), .int), let (.number(text), .long), let (.number(text), .float), let (.number(text), .double):
            return type.logicalType == nil ? text : nil
        case let (.string(text), .string) where type.logicalType == nil: return SwiftNames.stringLiteral(text)
        case let (.string(symbol), .enumeration): return "." + SwiftNames.identifier(symbol)
        case let (.array(items), .array) where items.isEmpty: return "[]"
        case let (.object(entries), .map) where entries.isEmpty: return "[:]"
        case let (value, .union(branches)):
            guard let first = branches.first, case .null = schema.resolve(first).kind, value == .null else { return nil }
            return "nil"
        default: return nil
        }
    }

    private mutating func emitRecord(_ record: AvroRecord, _ type: AvroType) -> String {
        nested = []
        declaredUnions = []
        let typeName = name(record.name.fullName)
        var properties: [String] = []
        var parameters: [String] = []
        var assignments: [String] = []
        var decodeLines: [String] = []
        var encodeLines: [String] = []
        let fieldNames = Set(record.fields.map(\.name))
        for field in record.fields {
            let identifier = SwiftNames.identifier(field.name)
            // A keyword keeps its spelling as the argument label, but the parameter inside the
            // initializer needs a plain name: `self` or `Type` there would shadow the instance.
            let parameter = SwiftNames.parameterName(field.name, avoiding: fieldNames)
            let unionName = field.name.prefix(1).uppercased() + field.name.dropFirst()
            let fieldType = swiftType(field.type, unionName: unionName)
            let boxed = reaches(field.type, record.name.fullName)
            properties.append(SwiftNames.docComment(field.doc, indent: "    ") + "    \(boxed ? "@AvroIndirect " : "")\(access) var \(identifier): \(fieldType)")
            let label = parameter == field.name ? identifier : "\(identifier) \(parameter)"
            parameters.append("\(label): \(fieldType)" + (defaultLiteral(field, swiftType: fieldType).map { " = \($0)" } ?? ""))
            let bareName = identifier.replacingOccurrences(of: "`", with: "")
            assignments.append(boxed ? "        self._\(bareName) = AvroIndirect(wrappedValue: \(parameter))" : "        self.\(identifier) = \(parameter)")
            // Fields are read straight into the stored properties: values gathered into locals and
            // passed to the memberwise initializer cost a copy of the whole struct.
            let decoded = decode(field.type, unionName: unionName)
            decodeLines.append(boxed ? "        self._\(bareName) = AvroIndirect(wrappedValue: \(decoded))" : "        self.\(identifier) = \(decoded)")
            encodeLines += encode(field.type, "self.\(identifier)", unionName: unionName, indent: "        ")
        }
        let standalone = try? schema.subschema(rootedAt: record.name.fullName)
        let schemaText = standalone?.jsonString() ?? type.jsonValue.serialized()
        var text = SwiftNames.docComment(record.doc, indent: "")
        text += "\(access) struct \(typeName): AvroGeneratedType {\n"
        text += properties.joined(separator: "\n") + (properties.isEmpty ? "" : "\n\n")
        text += "    \(access) init(\(parameters.joined(separator: ", "))) {\n"
        text += assignments.joined(separator: "\n") + (assignments.isEmpty ? "" : "\n")
        text += "    }\n\n"
        text += "    /// The schema this type was generated from (\(record.name.fullName)).\n"
        text += "    \(access) static let avroSchema = AvroSchema.generated(\(SwiftNames.rawStringLiteral(schemaText)))\n"
        if let standalone {
            text += "    /// The schema's Parsing Canonical Form.\n"
            text += "    \(access) static let avroCanonicalForm = \(SwiftNames.rawStringLiteral(standalone.canonicalForm))\n"
            text += "    /// The CRC-64-AVRO fingerprint of the canonical form.\n"
            text += "    \(access) static let avroFingerprint: Swift.UInt64 = 0x\(String(standalone.fingerprint, radix: 16))\n"
        }
        text += "\n    \(access) init(avroFrom reader: inout AvroBinaryReader) throws(AvroError) {\n"
        text += "        try reader.enter()\n        defer { reader.leave() }\n"
        text += decodeLines.joined(separator: "\n") + (decodeLines.isEmpty ? "" : "\n")
        text += "    }\n\n"
        text += "    \(access) func avroEncode(to writer: inout ByteWriter) throws(AvroError) {\n"
        text += encodeLines.joined(separator: "\n") + (encodeLines.isEmpty ? "" : "\n")
        text += "    }\n"
        if !nested.isEmpty { text += "\n" + nested.joined(separator: "\n\n") + "\n" }
        text += "}\n"
        return text
    }

    private func emitEnum(_ enumeration: AvroEnum, _ type: AvroType) -> String {
        let typeName = name(enumeration.name.fullName)
        var text = SwiftNames.docComment(enumeration.doc, indent: "")
        text += "\(access) enum \(typeName): Swift.String, Codable, Hashable, Sendable, CaseIterable {\n"
        for symbol in enumeration.symbols { text += "    case \(SwiftNames.identifier(symbol))\n" }
        text += "\n    /// Reads the symbol's index as written with this enum's schema.\n"
        text += "    \(access) init(avroFrom reader: inout AvroBinaryReader) throws(AvroError) {\n"
        text += "        self = Self.allCases[try reader.enumIndex(symbolCount: \(enumeration.symbols.count))]\n    }\n\n"
        text += "    /// The symbol's position in the schema, as Avro writes it.\n"
        text += "    \(access) var avroIndex: Swift.Int32 {\n        switch self {\n"
        for (index, symbol) in enumeration.symbols.enumerated() { text += "        case .\(SwiftNames.identifier(symbol)): return \(index)\n" }
        text += "        }\n    }\n"
        if let defaultSymbol = enumeration.defaultSymbol {
            text += "\n    /// Symbols this version does not know decode as `.\(defaultSymbol)`, the schema's enum default.\n"
            text += "    \(access) init(from decoder: any Decoder) throws {\n"
            text += "        let symbol = try decoder.singleValueContainer().decode(Swift.String.self)\n"
            text += "        self = Self(rawValue: symbol) ?? .\(SwiftNames.identifier(defaultSymbol))\n    }\n"
        }
        return text + "}\n"
    }

    private func emitFixed(_ fixed: AvroFixed, _ type: AvroType) -> String {
        let typeName = name(fixed.name.fullName)
        var text = SwiftNames.docComment(fixed.doc, indent: "")
        text += """
            \(access) struct \(typeName): Codable, Hashable, Sendable {
                /// The number of bytes every value has.
                \(access) static let size = \(fixed.size)
                \(access) let bytes: [Swift.UInt8]

                /// Wraps exactly ``size`` bytes.
                \(access) init(bytes: [Swift.UInt8]) throws(AvroError) {
                    guard bytes.count == Self.size else {
                        throw .valueMismatch(path: "", message: "\(typeName) needs \\(Self.size) bytes, got \\(bytes.count)")
                    }
                    self.bytes = bytes
                }

                \(access) init(avroFrom reader: inout AvroBinaryReader) throws(AvroError) {
                    bytes = try reader.fixed(Self.size)
                }

                \(access) func avroEncode(to writer: inout ByteWriter) {
                    writer.write(bytes: bytes)
                }

                \(access) init(from decoder: any Decoder) throws {
                    let data = try decoder.singleValueContainer().decode(Foundation.Data.self)
                    guard data.count == Self.size else {
                        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(typeName) needs \\(Self.size) bytes"))
                    }
                    bytes = [Swift.UInt8](data)
                }

                \(access) func encode(to encoder: any Encoder) throws {
                    var container = encoder.singleValueContainer()
                    try container.encode(Foundation.Data(bytes))
                }
            }

            """
        return text
    }
}
