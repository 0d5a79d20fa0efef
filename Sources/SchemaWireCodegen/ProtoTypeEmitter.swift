import SchemaWireProtobuf

/// Emits the Swift declarations of one `.proto` file.
struct ProtoTypeEmitter {
    let file: ProtoFile
    let names: ProtoSwiftNames
    let access: String
    /// Every file involved, to look message types up for recursion checks.
    let files: [ProtoFile]
    private var messagesByName: [String: ProtoMessageType] = [:]
    private var output = ""

    init(file: ProtoFile, names: ProtoSwiftNames, access: String, files: [ProtoFile]) {
        self.file = file
        self.names = names
        self.access = access
        self.files = files
        for file in files {
            func visit(_ message: ProtoMessageType, scope: String) {
                let name = scope.isEmpty ? message.name : scope + "." + message.name
                messagesByName[name] = message
                for nested in message.nestedMessages { visit(nested, scope: name) }
            }
            for message in file.messages { visit(message, scope: file.package) }
        }
    }

    /// The identifier of the file-level constant holding the `.proto` source.
    private var fileConstant: String { "protoFile_" + file.path.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined() }

    mutating func emitFile(source: String, imports: [String: String]) throws(CodegenError) -> String {
        output = """

            private let \(fileConstant) = ProtoGeneratedFile(
                path: \(SwiftNames.stringLiteral(file.path)),
                source: \(SwiftNames.multilineRawStringLiteral(source)),
                imports: [\(imports.keys.sorted().map { "\n" + SwiftNames.stringLiteral($0) + ": " + SwiftNames.multilineRawStringLiteral(imports[$0] ?? "") + "," }.joined())\(imports.isEmpty ? ":" : "\n")]
            )

            """
        for enumType in file.enums {
            emitEnum(enumType, swiftName: names.swiftType(qualified(file.package, enumType.name)), indent: "")
        }
        for message in file.messages {
            try emitMessage(message, fullName: qualified(file.package, message.name), indent: "")
        }
        return output
    }

    private func qualified(_ scope: String, _ name: String) -> String { scope.isEmpty ? name : scope + "." + name }

    private mutating func line(_ indent: String, _ text: String) { output += indent + text + "\n" }

    // MARK: Enums

    /// Case names: lowerCamelCase, without the enum's UPPER_SNAKE name prefix when every value has it.
    static func caseNames(_ enumType: ProtoEnumType) -> [String] {
        let prefix = enumType.name.reduce(into: "") { result, character in
            if character.isUppercase, !result.isEmpty { result += "_" }
            result += character.uppercased()
        } + "_"
        let strip = enumType.values.allSatisfy { $0.name.hasPrefix(prefix) && $0.name.dropFirst(prefix.count).first?.isLetter == true }
        return enumType.values.map { value in
            let base = strip ? String(value.name.dropFirst(prefix.count)) : value.name
            let parts = base.split(separator: "_").map { $0.lowercased() }
            guard let first = parts.first else { return "_" + base }
            return SwiftNames.identifier(first + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())
        }
    }

    private mutating func emitEnum(_ enumType: ProtoEnumType, swiftName: String, indent: String) {
        let simple = swiftName.split(separator: ".").last.map(String.init) ?? swiftName
        let cases = Self.caseNames(enumType)
        var seen: Set<Int32> = []
        var primary: [(name: String, number: Int32)] = []
        var aliases: [(name: String, target: String)] = []
        for (value, name) in zip(enumType.values, cases) {
            if seen.insert(value.number).inserted {
                primary.append((name, value.number))
            } else if let target = primary.first(where: { $0.number == value.number }) {
                aliases.append((name, target.name))
            }
        }
        line(indent, "/// The Protobuf enum `\(qualifiedEnumName(swiftName: swiftName, enumType))`; numbers this build does not know are kept in `unrecognized`.")
        line(indent, "\(access) enum \(simple): RawRepresentable, Hashable, Sendable, Codable {")
        for (name, number) in primary { line(indent + "    ", "case \(name) // = \(number)") }
        line(indent + "    ", "case unrecognized(Int32)")
        output += "\n"
        line(indent + "    ", "\(access) init(rawValue: Int32) {")
        line(indent + "        ", "switch rawValue {")
        for (name, number) in primary { line(indent + "        ", "case \(number): self = .\(name)") }
        line(indent + "        ", "default: self = .unrecognized(rawValue)")
        line(indent + "        ", "}")
        line(indent + "    ", "}")
        output += "\n"
        line(indent + "    ", "\(access) var rawValue: Int32 {")
        line(indent + "        ", "switch self {")
        for (name, number) in primary { line(indent + "        ", "case .\(name): return \(number)") }
        line(indent + "        ", "case let .unrecognized(number): return number")
        line(indent + "        ", "}")
        line(indent + "    ", "}")
        for (name, target) in aliases {
            output += "\n"
            line(indent + "    ", "\(access) static let \(name): Self = .\(target)")
        }
        line(indent, "}")
        output += "\n"
    }

    private func qualifiedEnumName(swiftName: String, _ enumType: ProtoEnumType) -> String {
        names.types.first { $0.value == swiftName }?.key ?? enumType.name
    }

    // MARK: Messages

    /// Members every generated message declares, which no field may take; and `self`, which the
    /// generated methods could not tell from the message itself.
    static let reservedMembers: Set<String> = ["unknownFields", "protoMessageName", "protoFile", "encode", "merge", "self"]

    /// Gives every field (in declaration order) and then every real oneof a property name no other
    /// member has: names that differ only in case or underscores (`self` and `Self`, `foo_bar` and
    /// `fooBar`), or that a generated member takes, get trailing underscores. Returns the oneofs'
    /// property names by oneof index.
    static func uniqueProperties(_ plans: inout [Plan], oneofs: [ProtoOneof]) -> [String] {
        var taken = reservedMembers
        func claim(_ property: String) -> String {
            let bare = property.replacingOccurrences(of: "`", with: "")
            var candidate = bare
            while taken.contains(candidate) { candidate += "_" }
            taken.insert(candidate)
            return candidate == bare ? property : SwiftNames.identifier(candidate)
        }
        /// The real oneof a field is a member of (proto3 `optional` fields sit in synthetic ones).
        func realOneof(_ plan: Plan) -> Int? {
            guard let oneof = plan.field.oneofIndex, oneofs.indices.contains(oneof), !oneofs[oneof].isSynthetic else { return nil }
            return oneof
        }
        for index in plans.indices where realOneof(plans[index]) == nil {
            plans[index].property = claim(plans[index].property)
        }
        var oneofProperties = oneofs.map { ProtoSwiftNames.property($0.name) }
        for index in oneofs.indices where !oneofs[index].isSynthetic { oneofProperties[index] = claim(oneofProperties[index]) }
        // Oneof members are cases of their oneof's enum, not properties: unique among themselves.
        var caseNames: [Int: Set<String>] = [:]
        for index in plans.indices {
            guard let oneof = realOneof(plans[index]) else { continue }
            let bare = plans[index].property.replacingOccurrences(of: "`", with: "")
            var candidate = bare
            while caseNames[oneof, default: []].contains(candidate) { candidate += "_" }
            caseNames[oneof, default: []].insert(candidate)
            if candidate != bare { plans[index].property = SwiftNames.identifier(candidate) }
        }
        return oneofProperties
    }

    /// How a field is stored and coded.
    struct Plan {
        enum Shape {
            case implicit, optional, required, repeated(packed: Bool), map(key: ProtoField, value: ProtoField), oneof(Int)
        }

        var field: ProtoField
        var property: String
        var shape: Shape
        var indirect: Bool
    }

    private func plan(_ field: ProtoField, in message: ProtoMessageType, fullName: String, syntax: ProtoSyntax) -> Plan {
        let property = ProtoSwiftNames.property(field.name)
        if field.label == .repeated, let entry = field.typeName.flatMap({ messagesByName[String($0.dropFirst())] }), entry.isMapEntry {
            return Plan(field: field, property: property, shape: .map(key: entry.fields[0], value: entry.fields[1]), indirect: false)
        }
        if field.label == .repeated {
            let packed = field.type.isPackable && (syntax == .proto3 ? field.option("packed") != .identifier("false") : field.option("packed") == .identifier("true"))
            return Plan(field: field, property: property, shape: .repeated(packed: packed), indirect: false)
        }
        let indirect = field.type == .message && reaches(messageName(of: field), target: fullName, visited: [])
        if let oneof = field.oneofIndex, !message.oneofs[oneof].isSynthetic { return Plan(field: field, property: property, shape: .oneof(oneof), indirect: indirect) }
        if field.label == .required { return Plan(field: field, property: property, shape: .required, indirect: indirect) }
        if syntax == .proto2 || field.isProto3Optional || field.type == .message {
            let large = field.type == .message && inlineSize(of: messageName(of: field), visiting: []) > Self.inlineSizeLimit
            return Plan(field: field, property: property, shape: .optional, indirect: indirect || large)
        }
        return Plan(field: field, property: property, shape: .implicit, indirect: false)
    }

    /// The property wrapper that keeps a recursive field out of line: optional ones hold no box
    /// while nil.
    private func wrapper(_ plan: Plan) -> String {
        guard plan.indirect else { return "" }
        if case .optional = plan.shape { return "@IndirectOptional " }
        return "@Indirect "
    }

    /// Optional message fields whose type is estimated larger than this (bytes) are kept out of
    /// line too. A decoded message is built, copied and destroyed whole: two inline optional
    /// sub-messages made a test message several hundred bytes, copied three times per decode;
    /// boxed, they cost one allocation each when set. Unset fields hold no box.
    static let inlineSizeLimit = 64

    /// About how many bytes a message type's stored properties take inline (alignment ignored).
    private func inlineSize(of name: String, visiting: Set<String>) -> Int {
        guard !visiting.contains(name), let message = messagesByName[name] else { return 8 }
        var size = 8  // unknownFields
        for field in message.fields {
            switch (field.label, field.type) {
            case (.repeated, _), (_, .bytes): size += 8
            case (_, .string): size += 16
            case (_, .message), (_, .group):
                let nested = inlineSize(of: messageName(of: field), visiting: visiting.union([name]))
                size += nested > Self.inlineSizeLimit ? 8 : nested + 1
            case (_, .double), (_, .int64), (_, .uint64), (_, .sint64), (_, .fixed64), (_, .sfixed64): size += 8
            case (_, .bool): size += 1
            default: size += 4
            }
        }
        return size
    }

    /// The full name (without the leading dot) of the message type `field` refers to, or "" for
    /// scalar fields.
    private func messageName(of field: ProtoField) -> String {
        field.typeName.map { String($0.dropFirst()) } ?? ""
    }

    /// Whether message `from` contains `target` through singular message fields (a cycle that a
    /// value type can only hold behind ``Indirect``).
    private func reaches(_ from: String, target: String, visited: Set<String>) -> Bool {
        if from == target { return true }
        guard !visited.contains(from), let message = messagesByName[from] else { return false }
        for field in message.fields where field.type == .message && field.label != .repeated {
            if reaches(messageName(of: field), target: target, visited: visited.union([from])) { return true }
        }
        return false
    }

    private func swiftType(_ field: ProtoField) -> String {
        switch field.type {
        case .message, .group, .enum: return names.swiftType(field.typeName)
        default: return ProtoScalar(field.type).swiftType
        }
    }

    private func zero(_ field: ProtoField) -> String {
        switch field.type {
        case .enum: return "\(names.swiftType(field.typeName))(rawValue: 0)"
        case .message, .group: return "\(names.swiftType(field.typeName))()"
        default: return ProtoScalar(field.type).zero
        }
    }

    private func declaredType(_ plan: Plan) -> (type: String, initial: String) {
        let element = swiftType(plan.field)
        switch plan.shape {
        case .implicit, .required: return (element, zero(plan.field))
        case .optional: return (element + "?", "nil")
        case .repeated: return ("[\(element)]", "[]")
        case let .map(key, value): return ("[\(swiftType(key)): \(swiftType(value))]", "[:]")
        case .oneof: return ("", "")
        }
    }

    private mutating func emitMessage(_ message: ProtoMessageType, fullName: String, indent: String) throws(CodegenError) {
        guard !message.isMapEntry else { return }
        if message.fields.contains(where: { $0.type == .group }) {
            throw .invalidSchema(file: file.path, message: "\(fullName) uses a proto2 group, which code generation does not support; use a nested message")
        }
        let swiftName = names.swiftType(fullName)
        let simple = swiftName.split(separator: ".").last.map(String.init) ?? swiftName
        var plans = message.fields.map { plan($0, in: message, fullName: fullName, syntax: file.syntax) }
        let oneofProperties = Self.uniqueProperties(&plans, oneofs: message.oneofs)
        let inner = indent + "    "
        line(indent, "/// The Protobuf message `\(fullName)`.")
        line(indent, "\(access) struct \(simple): ProtoGeneratedMessage, Codable {")
        line(inner, "\(access) static let protoMessageName = \(SwiftNames.stringLiteral(fullName))")
        line(inner, "\(access) static var protoFile: ProtoGeneratedFile { \(fileConstant) }")
        output += "\n"
        currentOneofs = oneofProperties
        for plan in plans {
            if case .oneof = plan.shape { continue }
            let (type, initial) = declaredType(plan)
            line(inner, wrapper(plan) + "\(access) var \(plan.property): \(type) = \(initial)")
        }
        for (index, oneof) in message.oneofs.enumerated() where !oneof.isSynthetic {
            line(inner, "\(access) var \(oneofProperties[index]): \(ProtoSwiftNames.upperCamel(oneof.name))? = nil")
        }
        line(inner, "/// Fields this build does not declare, kept so that re-encoding loses nothing.")
        line(inner, "\(access) var unknownFields: [UInt8] = []")
        output += "\n"
        line(inner, "\(access) init() {}")
        output += "\n"
        for (index, oneof) in message.oneofs.enumerated() where !oneof.isSynthetic {
            let members = plans.filter { if case .oneof(index) = $0.shape { true } else { false } }
            let recursive = members.contains(where: \.indirect)
            line(inner, "/// The oneof `\(oneof.name)`.")
            line(inner, "\(access) \(recursive ? "indirect " : "")enum \(ProtoSwiftNames.upperCamel(oneof.name)): Hashable, Sendable, Codable {")
            for member in members { line(inner + "    ", "case \(member.property)(\(swiftType(member.field)))") }
            line(inner, "}")
            output += "\n"
        }
        emitEncode(plans, indent: inner)
        emitMerge(plans, message: message, fullName: fullName, indent: inner)
        for enumType in message.nestedEnums {
            output += "\n"
            emitEnum(enumType, swiftName: names.swiftType(fullName + "." + enumType.name), indent: inner)
        }
        for nested in message.nestedMessages where !nested.isMapEntry {
            output += "\n"
            try emitMessage(nested, fullName: fullName + "." + nested.name, indent: inner)
        }
        line(indent, "}")
        output += "\n"
    }

    // MARK: Encoding

    private func writeCall(_ field: ProtoField, _ value: String, writer: String = "writer") -> String {
        switch field.type {
        case .enum: return "\(writer).writeInt32(\(value).rawValue)"
        case .message, .group: return "\(writer).writeLengthDelimited { \(value).encode(to: &$0) }"
        default: return "\(writer).\(ProtoScalar(field.type).write)(\(value))"
        }
    }

    private func wireType(_ field: ProtoField) -> Int {
        switch field.type {
        case .enum: return 0
        case .message, .group: return 2
        default: return ProtoScalar(field.type).wireType
        }
    }

    private func isSet(_ field: ProtoField, _ value: String) -> String {
        switch field.type {
        case .enum: return "\(value).rawValue != 0"
        case .float, .double: return "\(value).bitPattern != 0"
        case .bool: return value
        case .string, .bytes: return "!\(value).isEmpty"
        default: return "\(value) != 0"
        }
    }

    private mutating func emitEncode(_ plans: [Plan], indent: String) {
        line(indent, "\(access) func encode(to writer: inout ProtoWireWriter) {")
        let body = indent + "    "
        for plan in plans.sorted(by: { $0.field.number < $1.field.number }) {
            let number = plan.field.number
            let tag = "writer.writeTag(\(number), \(wireType(plan.field)))"
            switch plan.shape {
            case .implicit:
                line(body, "if \(isSet(plan.field, plan.property)) {")
                line(body + "    ", tag)
                line(body + "    ", writeCall(plan.field, plan.property))
                line(body, "}")
            case .required:
                line(body, tag)
                line(body, writeCall(plan.field, plan.property))
            case .optional:
                line(body, "if let value = \(plan.property) {")
                line(body + "    ", tag)
                line(body + "    ", writeCall(plan.field, "value"))
                line(body, "}")
            case let .repeated(packed):
                if packed {
                    line(body, "if !\(plan.property).isEmpty {")
                    line(body + "    ", "writer.writeTag(\(number), 2)")
                    line(body + "    ", "writer.writeLengthDelimited { writer in for value in \(plan.property) { \(writeCall(plan.field, "value")) } }")
                    line(body, "}")
                } else {
                    line(body, "for value in \(plan.property) {")
                    line(body + "    ", tag)
                    line(body + "    ", writeCall(plan.field, "value"))
                    line(body, "}")
                }
            case let .map(key, value):
                line(body, "ProtoMapKeyOrder.forEach(\(plan.property)) { key, value in")
                line(body + "    ", "writer.writeTag(\(number), 2)")
                line(body + "    ", "writer.writeLengthDelimited { writer in")
                line(body + "        ", "writer.writeTag(1, \(wireType(key)))")
                line(body + "        ", writeCall(key, "key"))
                line(body + "        ", "writer.writeTag(2, \(wireType(value)))")
                line(body + "        ", writeCall(value, "value"))
                line(body + "    ", "}")
                line(body, "}")
            case .oneof:
                let oneofProperty = oneofProperty(of: plan)
                line(body, "if case let .\(plan.property)(value)? = \(oneofProperty) {")
                line(body + "    ", tag)
                line(body + "    ", writeCall(plan.field, "value"))
                line(body, "}")
            }
        }
        line(body, "writer.writeRaw(unknownFields)")
        line(indent, "}")
        output += "\n"
    }

    private var currentOneofs: [String] = []

    private func oneofProperty(of plan: Plan) -> String {
        guard case let .oneof(index) = plan.shape, index < currentOneofs.count else { return "" }
        return currentOneofs[index]
    }

    // MARK: Decoding

    private func readExpression(_ field: ProtoField) -> String {
        switch field.type {
        case .enum: return "\(names.swiftType(field.typeName))(rawValue: try $0.readEnum())"
        case .message, .group: return "try $0.readMessage(\(names.swiftType(field.typeName)).self)"
        default: return "try $0.\(ProtoScalar(field.type).read)()"
        }
    }

    /// A closure reading one value, typed so that it throws only ``ProtobufError``.
    private func readClosure(_ field: ProtoField) -> String {
        "{ (reader: inout ProtoWireReader) throws(ProtobufError) in \(readStatement(field)) }"
    }

    private func readStatement(_ field: ProtoField) -> String {
        readExpression(field).replacingDollar(with: "reader")
    }

    private mutating func emitMerge(_ plans: [Plan], message: ProtoMessageType, fullName: String, indent: String) {
        line(indent, "\(access) mutating func merge(from reader: inout ProtoWireReader) throws(ProtobufError) {")
        let body = indent + "    "
        let required = plans.filter { if case .required = $0.shape { true } else { false } }
        for plan in required { line(body, "var saw_\(plan.field.number) = false") }
        line(body, "while let (number, wireType, tagStart) = try reader.nextField() {")
        line(body + "    ", "switch number {")
        let cases = body + "    "
        for plan in plans.sorted(by: { $0.field.number < $1.field.number }) {
            let number = plan.field.number
            let expect = "try reader.expect(wireType, \(wireType(plan.field)), field: \(number))"
            line(cases, "case \(number):")
            let statement = cases + "    "
            switch plan.shape {
            case .implicit, .required, .optional:
                line(statement, expect)
                if plan.field.type == .message {
                    // Taken out while it merges, so that nothing shares its storage and a repeated
                    // occurrence costs its own size, not a copy of everything merged before.
                    if case .required = plan.shape {
                        line(statement, "var value = \(plan.property)")
                        line(statement, "\(plan.property) = \(zero(plan.field))")
                    } else {
                        line(statement, "var value = \(plan.property) ?? \(zero(plan.field))")
                        line(statement, "\(plan.property) = nil")
                    }
                    line(statement, "try reader.readMessage(into: &value)")
                    line(statement, "\(plan.property) = value")
                } else {
                    line(statement, "\(plan.property) = \(readStatement(plan.field))")
                }
                if case .required = plan.shape { line(statement, "saw_\(number) = true") }
            case .repeated:
                if plan.field.type.isPackable {
                    line(statement, "try reader.readRepeated(wireType: wireType, elementWireType: \(wireType(plan.field)), field: \(number), into: &\(plan.property), \(readClosure(plan.field)))")
                } else {
                    line(statement, expect)
                    // As for maps: room for a few at the first element, instead of growing 1 → 2 → 4.
                    line(statement, "if \(plan.property).isEmpty { \(plan.property).reserveCapacity(4) }")
                    line(statement, "\(plan.property).append(\(readStatement(plan.field)))")
                }
            case let .map(key, value):
                line(statement, expect)
                line(
                    statement,
                    "let (key, value) = try reader.readMapEntry(field: \(number), keyWireType: \(wireType(key)), valueWireType: \(wireType(value)), "
                        + "defaultKey: \(zero(key)), defaultValue: \(zero(value)), key: \(readClosure(key)), value: \(readClosure(value)))"
                )
                // The first entry makes room for a few: a small map allocates once instead of growing twice.
                line(statement, "if \(plan.property).isEmpty { \(plan.property) = .init(minimumCapacity: 4) }")
                line(statement, "\(plan.property)[key] = value")
            case .oneof:
                let oneofProperty = oneofProperty(of: plan)
                line(statement, expect)
                if plan.field.type == .message {
                    line(statement, "var value = \(zero(plan.field))")
                    line(statement, "if case let .\(plan.property)(existing)? = \(oneofProperty) { value = existing; \(oneofProperty) = nil }")
                    line(statement, "try reader.readMessage(into: &value)")
                    line(statement, "\(oneofProperty) = .\(plan.property)(value)")
                } else {
                    line(statement, "\(oneofProperty) = .\(plan.property)(\(readStatement(plan.field)))")
                }
            }
        }
        line(cases, "default:")
        line(cases + "    ", "unknownFields += try reader.skip(number: number, wireType: wireType, tagStart: tagStart)")
        line(body + "    ", "}")
        line(body, "}")
        for plan in required {
            line(body, "if !saw_\(plan.field.number) {")
            line(body + "    ", "throw .malformedData(offset: reader.offset, path: \"\", message: \"required field \(fullName).\(plan.field.name) is missing\")")
            line(body, "}")
        }
        line(indent, "}")
    }
}

/// The Swift side of each scalar field type.
struct ProtoScalar {
    let swiftType: String
    let zero: String
    let write: String
    let read: String
    let wireType: Int

    init(_ type: ProtoFieldType) {
        switch type {
        case .double: (swiftType, zero, write, read, wireType) = ("Double", "0", "writeDouble", "readDouble", 1)
        case .float: (swiftType, zero, write, read, wireType) = ("Float", "0", "writeFloat", "readFloat", 5)
        case .int32: (swiftType, zero, write, read, wireType) = ("Int32", "0", "writeInt32", "readInt32", 0)
        case .int64: (swiftType, zero, write, read, wireType) = ("Int64", "0", "writeInt64", "readInt64", 0)
        case .uint32: (swiftType, zero, write, read, wireType) = ("UInt32", "0", "writeUInt32", "readUInt32", 0)
        case .uint64: (swiftType, zero, write, read, wireType) = ("UInt64", "0", "writeUInt64", "readUInt64", 0)
        case .sint32: (swiftType, zero, write, read, wireType) = ("Int32", "0", "writeSInt32", "readSInt32", 0)
        case .sint64: (swiftType, zero, write, read, wireType) = ("Int64", "0", "writeSInt64", "readSInt64", 0)
        case .fixed32: (swiftType, zero, write, read, wireType) = ("UInt32", "0", "writeFixed32", "readFixed32", 5)
        case .fixed64: (swiftType, zero, write, read, wireType) = ("UInt64", "0", "writeFixed64", "readFixed64", 1)
        case .sfixed32: (swiftType, zero, write, read, wireType) = ("Int32", "0", "writeSFixed32", "readSFixed32", 5)
        case .sfixed64: (swiftType, zero, write, read, wireType) = ("Int64", "0", "writeSFixed64", "readSFixed64", 1)
        case .bool: (swiftType, zero, write, read, wireType) = ("Bool", "false", "writeBool", "readBool", 0)
        case .string: (swiftType, zero, write, read, wireType) = ("String", "\"\"", "writeString", "readString", 2)
        case .bytes: (swiftType, zero, write, read, wireType) = ("[UInt8]", "[]", "writeBytes", "readBytes", 2)
        case .enum, .message, .group: (swiftType, zero, write, read, wireType) = ("Never", "", "", "", 0)
        }
    }
}

extension String {
    /// `try $0.readX()` as a statement on a named reader.
    func replacingDollar(with name: String) -> String {
        split(separator: "$0", omittingEmptySubsequences: false).joined(separator: name)
    }
}
