/// The normal form of a `.proto` file (`normalize.schemas`): one text for every way of writing
/// the same schema, so that a registry gives it one id however a team formats, comments or
/// orders it.
///
/// Rules: no comments; two-space indentation, one declaration per line; every type reference
/// fully qualified with a leading dot; imports, options (file, message, field, enum, value,
/// service and method options alike), reserved names and ranges sorted; extensions grouped by
/// extended type. Declarations keep their order — messages and enums because Confluent's message
/// indexes count them, fields so that JSON and generated code read as the author wrote them.
extension ProtoFile {
    /// The file's normal form (see the extension's documentation); type references are fully
    /// qualified only once the file is linked (a ``ProtoSchema``'s file and dependencies are).
    public var normalizedSource: String {
        var printer = ProtoNormalPrinter()
        printer.file(self)
        return printer.output
    }
}

extension ProtoSchema {
    /// The normal form of the schema's own file.
    public var normalizedSource: String { file.normalizedSource }
}

struct ProtoNormalPrinter {
    var output = ""
    private var depth = 0

    private mutating func line(_ text: String) {
        output += String(repeating: "  ", count: depth) + text + "\n"
    }

    mutating func file(_ file: ProtoFile) {
        line("syntax = \"\(file.syntax.rawValue)\";")
        if !file.package.isEmpty { line("package \(file.package);") }
        for item in file.imports.sorted(by: { $0.path < $1.path }) {
            line("import \(item.kind == .default ? "" : item.kind.rawValue + " ")\(Self.quoted(Array(item.path.utf8)));")
        }
        options(file.options)
        for message in file.messages { self.message(message, syntax: file.syntax) }
        for enumeration in file.enums { self.enumeration(enumeration) }
        extensions(file.extensions, syntax: file.syntax)
        for service in file.services { self.service(service) }
    }

    private mutating func options(_ options: [ProtoOption]) {
        for option in Self.sorted(options) { line("option \(option.name) = \(Self.constant(option.value));") }
    }

    private mutating func message(_ message: ProtoMessageType, syntax: ProtoSyntax) {
        line("message \(message.name) {")
        depth += 1
        body(message, syntax: syntax)
        depth -= 1
        line("}")
    }

    /// A message's declarations; also the body of a proto2 group.
    private mutating func body(_ message: ProtoMessageType, syntax: ProtoSyntax) {
        options(message.options)
        let groups = Set(message.fields.filter { $0.type == .group }.compactMap { $0.typeName.map(Self.lastComponent) })
        let entries = Dictionary(message.nestedMessages.filter(\.isMapEntry).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let groupBodies = Dictionary(message.nestedMessages.filter { groups.contains($0.name) }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var members: [Int: [ProtoField]] = [:]
        for field in message.fields { if let index = Self.realOneof(field, in: message) { members[index, default: []].append(field) } }
        var printedOneofs: Set<Int> = []
        for field in message.fields {
            guard let index = Self.realOneof(field, in: message) else {
                self.field(field, syntax: syntax, groups: groupBodies, entries: entries)
                continue
            }
            // A oneof's members are declared together: print the block at its first member.
            guard printedOneofs.insert(index).inserted else { continue }
            line("oneof \(message.oneofs[index].name) {")
            depth += 1
            options(message.oneofs[index].options)
            for member in members[index] ?? [] {
                self.field(member, syntax: syntax, groups: groupBodies, entries: entries, inOneof: true)
            }
            depth -= 1
            line("}")
        }
        for nested in message.nestedMessages where !nested.isMapEntry && !groups.contains(nested.name) {
            self.message(nested, syntax: syntax)
        }
        for enumeration in message.nestedEnums { self.enumeration(enumeration) }
        extensions(message.extensions, syntax: syntax)
        for range in message.extensionRanges.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
            line("extensions \(Self.range(range, maximum: 536_870_911));")
        }
        reserved(message.reservedRanges, message.reservedNames, maximum: 536_870_911)
    }

    private static func realOneof(_ field: ProtoField, in message: ProtoMessageType) -> Int? {
        guard let index = field.oneofIndex, index < message.oneofs.count, !message.oneofs[index].isSynthetic else { return nil }
        return index
    }

    /// - Parameter groups: the bodies of the message's proto2 groups, by name.
    private mutating func field(
        _ field: ProtoField, syntax: ProtoSyntax, groups: [String: ProtoMessageType], entries: [String: ProtoMessageType], inOneof: Bool = false
    ) {
        var attributes = field.options.map { ($0.name, Self.constant($0.value)) }
        if let defaultValue = field.defaultValue { attributes.append(("default", Self.constant(defaultValue))) }
        if field.hasExplicitJSONName { attributes.append(("json_name", Self.quoted(Array(field.jsonName.utf8)))) }
        let suffix = attributes.isEmpty ? "" : " [" + attributes.sorted { $0.0 < $1.0 }.map { "\($0.0) = \($0.1)" }.joined(separator: ", ") + "]"

        if field.label == .repeated, field.type == .message, let typeName = field.typeName, let entry = entries[Self.lastComponent(typeName)],
            entry.fields.count == 2
        {
            let key = entry.fields.first { $0.number == 1 } ?? entry.fields[0]
            let value = entry.fields.first { $0.number == 2 } ?? entry.fields[1]
            line("map<\(Self.typeText(key)), \(Self.typeText(value))> \(field.name) = \(field.number)\(suffix);")
            return
        }
        let label: String
        switch (field.label, syntax) {
        case _ where inOneof: label = ""
        case (.repeated, _): label = "repeated "
        case (.required, _): label = "required "
        case (.optional, .proto2): label = "optional "
        case (.optional, .proto3): label = field.isProto3Optional ? "optional " : ""
        }
        if field.type == .group, let typeName = field.typeName, let group = groups[Self.lastComponent(typeName)] {
            line("\(label)group \(group.name) = \(field.number)\(suffix) {")
            depth += 1
            body(group, syntax: syntax)
            depth -= 1
            line("}")
            return
        }
        line("\(label)\(Self.typeText(field)) \(field.name) = \(field.number)\(suffix);")
    }

    private mutating func enumeration(_ enumeration: ProtoEnumType) {
        line("enum \(enumeration.name) {")
        depth += 1
        options(enumeration.options)
        for value in enumeration.values {
            let attributes = Self.sorted(value.options).map { "\($0.name) = \(Self.constant($0.value))" }
            line("\(value.name) = \(value.number)\(attributes.isEmpty ? "" : " [" + attributes.joined(separator: ", ") + "]");")
        }
        reserved(enumeration.reservedRanges, enumeration.reservedNames, maximum: Int32.max)
        depth -= 1
        line("}")
    }

    private mutating func extensions(_ fields: [ProtoField], syntax: ProtoSyntax) {
        let byExtendee = Dictionary(grouping: fields) { $0.extendee ?? "" }
        for extendee in byExtendee.keys.sorted() {
            line("extend \(extendee) {")
            depth += 1
            for field in byExtendee[extendee, default: []] {
                self.field(field, syntax: syntax, groups: [:], entries: [:])
            }
            depth -= 1
            line("}")
        }
    }

    private mutating func reserved(_ ranges: [ProtoRange], _ names: [String], maximum: Int32) {
        if !ranges.isEmpty {
            line("reserved " + ranges.sorted { ($0.start, $0.end) < ($1.start, $1.end) }.map { Self.range($0, maximum: maximum) }.joined(separator: ", ") + ";")
        }
        if !names.isEmpty { line("reserved " + names.sorted().map { Self.quoted(Array($0.utf8)) }.joined(separator: ", ") + ";") }
    }

    private mutating func service(_ service: ProtoService) {
        line("service \(service.name) {")
        depth += 1
        options(service.options)
        for method in service.methods {
            let input = (method.clientStreaming ? "stream " : "") + method.inputType
            let output = (method.serverStreaming ? "stream " : "") + method.outputType
            if method.options.isEmpty {
                line("rpc \(method.name) (\(input)) returns (\(output));")
            } else {
                line("rpc \(method.name) (\(input)) returns (\(output)) {")
                depth += 1
                options(method.options)
                depth -= 1
                line("}")
            }
        }
        depth -= 1
        line("}")
    }

    // MARK: Text of parts

    private static func sorted(_ options: [ProtoOption]) -> [ProtoOption] {
        options.sorted { ($0.name, constant($0.value)) < ($1.name, constant($1.value)) }
    }

    private static func typeText(_ field: ProtoField) -> String {
        field.type.isNamed ? (field.typeName ?? field.type.keyword) : field.type.keyword
    }

    private static func lastComponent(_ name: String) -> String {
        name.split(separator: ".").last.map(String.init) ?? name
    }

    private static func range(_ range: ProtoRange, maximum: Int32) -> String {
        if range.start == range.end { return String(range.start) }
        return "\(range.start) to \(range.end == maximum ? "max" : String(range.end))"
    }

    static func constant(_ value: ProtoConstant) -> String {
        switch value {
        case let .identifier(name): return name
        case let .integer(negative, magnitude): return (negative ? "-" : "") + String(magnitude)
        case let .float(number):
            if number.isNaN { return "nan" }
            if number.isInfinite { return number < 0 ? "-inf" : "inf" }
            return "\(number)"
        case let .string(bytes): return quoted(bytes)
        case let .aggregate(text): return text
        }
    }

    /// A string literal: printable ASCII as is, quotes and backslashes escaped, other bytes in octal.
    static func quoted(_ bytes: [UInt8]) -> String {
        var text = "\""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): text += "\\\""
            case UInt8(ascii: "\\"): text += "\\\\"
            case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let octal = String(byte, radix: 8)
                text += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return text + "\""
    }
}
