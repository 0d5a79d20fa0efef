/// Parses one `.proto` file into an unlinked ``ProtoFile`` (type names as written).
///
/// The grammar follows the Protocol Buffers language specification for proto2 and proto3. Errors
/// carry the `file:line:column` of the token where parsing went wrong.
struct ProtoParser {
    static let maximumFieldNumber: Int32 = 536_870_911
    static let implementationReserved: ClosedRange<Int32> = 19000...19999
    /// Bounds nesting of messages so that hostile input cannot exhaust the stack.
    static let maximumNesting = 64

    private let tokens: [ProtoToken]
    private let path: String
    private var index = 0
    private(set) var syntax: ProtoSyntax = .proto2
    private var depth = 0

    static func parse(_ source: String, path: String) throws(ProtobufError) -> ProtoFile {
        var parser = ProtoParser(tokens: try ProtoLexer.tokenize(source, file: path), path: path)
        return try parser.parseFile()
    }

    private init(tokens: [ProtoToken], path: String) {
        self.tokens = tokens
        self.path = path
    }

    // MARK: Token helpers

    var current: ProtoToken { tokens[index] }

    func location(_ token: ProtoToken) -> ProtoSourceLocation {
        ProtoSourceLocation(file: path, line: token.line, column: token.column)
    }

    func error(_ message: String, at token: ProtoToken? = nil) -> ProtobufError {
        .invalidSchema(location: location(token ?? current), message: message)
    }

    func describe(_ token: ProtoToken) -> String {
        token.kind == .endOfFile ? "end of file" : "'\(token.text)'"
    }

    func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol && current.text == symbol }
    func isKeyword(_ word: String) -> Bool { current.kind == .identifier && current.text == word }

    /// `stream` before an rpc's type (`stream Foo`, `stream .pkg.Foo`), not a type named `stream`.
    func isStreamKeyword() -> Bool {
        guard isKeyword("stream"), index + 1 < tokens.count else { return false }
        let next = tokens[index + 1]
        return next.kind == .identifier || (next.kind == .symbol && next.text == ".")
    }

    @discardableResult
    mutating func advance() -> ProtoToken {
        let token = tokens[index]
        if token.kind != .endOfFile { index += 1 }
        return token
    }

    mutating func consume(_ symbol: String) -> Bool {
        guard isSymbol(symbol) else { return false }
        advance()
        return true
    }

    mutating func expect(_ symbol: String) throws(ProtobufError) {
        guard consume(symbol) else { throw error("expected '\(symbol)', found \(describe(current))") }
    }

    mutating func expectKeyword(_ word: String) throws(ProtobufError) {
        guard isKeyword(word) else { throw error("expected '\(word)', found \(describe(current))") }
        advance()
    }

    mutating func identifier(_ what: String) throws(ProtobufError) -> String {
        guard current.kind == .identifier else { throw error("expected \(what), found \(describe(current))") }
        return advance().text
    }

    /// A possibly dotted name: `a.b.C` or `.a.b.C`.
    mutating func typeName() throws(ProtobufError) -> String {
        var name = consume(".") ? "." : ""
        name += try identifier("a type name")
        while consume(".") { name += "." + (try identifier("a name after '.'")) }
        return name
    }

    mutating func stringLiteral(_ what: String) throws(ProtobufError) -> [UInt8] {
        guard current.kind == .string else { throw error("expected \(what) (a string), found \(describe(current))") }
        var bytes = advance().bytes
        while current.kind == .string { bytes += advance().bytes }
        return bytes
    }

    mutating func integer(_ what: String) throws(ProtobufError) -> (negative: Bool, magnitude: UInt64) {
        let negative = consume("-")
        if !negative { _ = consume("+") }
        guard current.kind == .integer, let magnitude = Self.parseInteger(current.text) else {
            throw error("expected \(what) (an integer), found \(describe(current))")
        }
        if negative && magnitude > UInt64(Int64.max) + 1 { throw error("integer out of range") }
        advance()
        return (negative, magnitude)
    }

    mutating func int32(_ what: String) throws(ProtobufError) -> Int32 {
        let token = current
        let (negative, magnitude) = try integer(what)
        let value = negative ? -Int64(clamping: magnitude) : Int64(clamping: magnitude)
        guard let narrow = Int32(exactly: value) else { throw error("\(what) \(value) is out of the 32-bit range", at: token) }
        return narrow
    }

    static func parseInteger(_ text: String) -> UInt64? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt64(text.dropFirst(2), radix: 16) }
        if text.count > 1 && text.hasPrefix("0") { return UInt64(text.dropFirst(), radix: 8) }
        return UInt64(text, radix: 10)
    }

    // MARK: File

    mutating func parseFile() throws(ProtobufError) -> ProtoFile {
        var file = ProtoFile(path: path, syntax: .proto2)
        if isKeyword("syntax") {
            advance()
            try expect("=")
            let token = current
            let value = String(decoding: try stringLiteral("the syntax"), as: UTF8.self)
            guard let declared = ProtoSyntax(rawValue: value) else {
                throw error("unsupported syntax \"\(value)\" (expected \"proto2\" or \"proto3\")", at: token)
            }
            syntax = declared
            try expect(";")
        } else if isKeyword("edition") {
            throw error("editions are not supported; declare syntax = \"proto3\" or \"proto2\"")
        }
        file.syntax = syntax
        var sawPackage = false
        while current.kind != .endOfFile {
            if consume(";") { continue }
            let token = current
            switch current.kind == .identifier ? current.text : "" {
            case "import":
                advance()
                var kind = ProtoImport.Kind.default
                if isKeyword("public") { advance(); kind = .public } else if isKeyword("weak") { advance(); kind = .weak }
                let importPath = String(decoding: try stringLiteral("an import path"), as: UTF8.self)
                try expect(";")
                file.imports.append(ProtoImport(path: importPath, kind: kind, location: location(token)))
            case "package":
                advance()
                guard !sawPackage else { throw error("multiple package declarations", at: token) }
                sawPackage = true
                file.package = try typeName()
                if file.package.hasPrefix(".") { throw error("a package name cannot start with '.'", at: token) }
                // Every type name is looked up from each enclosing scope outwards: the scopes are bounded.
                guard file.package.utf8.count(where: { $0 == UInt8(ascii: ".") }) < Self.maximumNesting else {
                    throw error("the package name has more than \(Self.maximumNesting) components", at: token)
                }
                try expect(";")
            case "option":
                file.options.append(try parseOptionStatement())
            case "message":
                file.messages.append(try parseMessage())
            case "enum":
                file.enums.append(try parseEnum())
            case "service":
                file.services.append(try parseService())
            case "extend":
                let (fields, groups) = try parseExtend()
                file.extensions += fields
                file.messages += groups
            default:
                throw error("expected a top-level declaration (message, enum, service, extend, import, package, option), found \(describe(current))")
            }
        }
        return file
    }

    // MARK: Messages

    mutating func parseMessage() throws(ProtobufError) -> ProtoMessageType {
        let token = current
        try expectKeyword("message")
        let name = try identifier("a message name")
        return try parseMessageBody(named: name, at: token)
    }

    mutating func parseMessageBody(named name: String, at token: ProtoToken) throws(ProtobufError) -> ProtoMessageType {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumNesting else { throw error("messages nested deeper than \(Self.maximumNesting) levels", at: token) }
        var message = ProtoMessageType(name: name, location: location(token))
        try expect("{")
        while !consume("}") {
            if current.kind == .endOfFile { throw error("expected '}' to close message \(name)", at: token) }
            if consume(";") { continue }
            switch current.kind == .identifier ? current.text : "" {
            case "message": message.nestedMessages.append(try parseMessage())
            case "enum": message.nestedEnums.append(try parseEnum())
            case "option": message.options.append(try parseOptionStatement())
            case "oneof": try parseOneof(into: &message)
            case "reserved":
                let (ranges, names) = try parseReserved(maximum: Self.maximumFieldNumber)
                message.reservedRanges += ranges
                message.reservedNames += names
            case "extensions":
                advance()
                message.extensionRanges += try parseRanges(maximum: Self.maximumFieldNumber)
                _ = try parseOptionList()
                try expect(";")
            case "extend":
                let (fields, groups) = try parseExtend()
                message.extensions += fields
                message.nestedMessages += groups
            case "map": try parseMapField(into: &message)
            default: try parseField(into: &message, oneofIndex: nil)
            }
        }
        addSyntheticOneofs(to: &message)
        return message
    }

    /// protoc wraps each proto3 `optional` field in a oneof named `_field`, after the real oneofs.
    func addSyntheticOneofs(to message: inout ProtoMessageType) {
        var taken = Set(message.fields.map(\.name)).union(message.oneofs.map(\.name))
        for index in message.fields.indices where message.fields[index].isProto3Optional {
            var name = "_" + message.fields[index].name
            while taken.contains(name) { name = "X" + name }
            taken.insert(name)
            message.oneofs.append(ProtoOneof(name: name, isSynthetic: true, location: message.fields[index].location))
            message.fields[index].oneofIndex = message.oneofs.count - 1
        }
    }

    mutating func parseLabel(inOneof: Bool) throws(ProtobufError) -> (ProtoLabel, explicitOptional: Bool) {
        if inOneof {
            if ["required", "optional", "repeated"].contains(where: isKeyword) {
                throw error("fields in a oneof must not have labels")
            }
            return (.optional, false)
        }
        switch current.kind == .identifier ? current.text : "" {
        case "required":
            if syntax == .proto3 { throw error("required fields are not allowed in proto3") }
            advance()
            return (.required, false)
        case "optional":
            advance()
            return (.optional, true)
        case "repeated":
            advance()
            return (.repeated, false)
        default:
            if syntax == .proto2 { throw error("expected 'required', 'optional', or 'repeated' (proto2 fields need a label)") }
            return (.optional, false)
        }
    }

    /// A field, or a proto2 group, appended to `message` (groups also add their nested message).
    mutating func parseField(into message: inout ProtoMessageType, oneofIndex: Int?, extendee: String? = nil) throws(ProtobufError) {
        let start = current
        let (label, explicitOptional) = try parseLabel(inOneof: oneofIndex != nil)
        if isKeyword("group") && tokens[index + 1].kind == .identifier {
            try parseGroup(label: label, into: &message, oneofIndex: oneofIndex, extendee: extendee, start: start)
            return
        }
        let written = try typeName()
        let type = ProtoFieldType(keyword: written) ?? .message
        let nameToken = current
        let name = try identifier("a field name")
        try expect("=")
        let number = try fieldNumber()
        var field = ProtoField(
            name: name, number: number, label: label, type: type, typeName: type == .message ? written : nil, oneofIndex: oneofIndex,
            isProto3Optional: syntax == .proto3 && explicitOptional, extendee: extendee, location: location(nameToken)
        )
        try applyFieldOptions(try parseOptionList(), to: &field)
        try expect(";")
        if extendee != nil { message.extensions.append(field) } else { message.fields.append(field) }
    }

    mutating func fieldNumber() throws(ProtobufError) -> Int32 {
        let token = current
        let number = try int32("a field number")
        guard number >= 1, number <= Self.maximumFieldNumber else {
            throw error("field number \(number) is out of range 1...\(Self.maximumFieldNumber)", at: token)
        }
        if Self.implementationReserved.contains(number) {
            throw error("field numbers 19000 through 19999 are reserved for the Protocol Buffers implementation", at: token)
        }
        return number
    }

    /// Moves the pseudo-options `default` and `json_name` into the field's own properties.
    func applyFieldOptions(_ options: [ProtoOption], to field: inout ProtoField) throws(ProtobufError) {
        for option in options {
            switch option.name {
            case "default":
                guard syntax == .proto2 else {
                    throw ProtobufError.invalidSchema(location: option.location, message: "explicit default values are not allowed in proto3")
                }
                guard field.label != .repeated, field.type != .group else {
                    throw ProtobufError.invalidSchema(location: option.location, message: "repeated and group fields cannot have default values")
                }
                field.defaultValue = option.value
            case "json_name":
                guard case let .string(bytes) = option.value else {
                    throw ProtobufError.invalidSchema(location: option.location, message: "json_name must be a string")
                }
                field.jsonName = String(decoding: bytes, as: UTF8.self)
                field.hasExplicitJSONName = true
            default:
                field.options.append(option)
            }
        }
    }

    /// `label group Name = number { body }`: a nested message plus a field of type group.
    mutating func parseGroup(
        label: ProtoLabel, into message: inout ProtoMessageType, oneofIndex: Int?, extendee: String?, start: ProtoToken
    ) throws(ProtobufError) {
        guard syntax == .proto2 else { throw error("groups are not supported in proto3; use a nested message") }
        advance()
        let nameToken = current
        let name = try identifier("a group name")
        guard let first = name.first, first.isUppercase else { throw error("a group's name must start with a capital letter", at: nameToken) }
        try expect("=")
        let number = try fieldNumber()
        var field = ProtoField(
            name: name.lowercased(), number: number, label: label, type: .group, typeName: name, oneofIndex: oneofIndex,
            extendee: extendee, location: location(nameToken)
        )
        try applyFieldOptions(try parseOptionList(), to: &field)
        let body = try parseMessageBody(named: name, at: nameToken)
        message.nestedMessages.append(body)
        if extendee != nil { message.extensions.append(field) } else { message.fields.append(field) }
    }

    /// `map<K, V> name = number [options];` becomes a repeated field of a synthesized entry message.
    mutating func parseMapField(into message: inout ProtoMessageType) throws(ProtobufError) {
        let start = current
        advance()
        try expect("<")
        let keyToken = current
        let keyName = try typeName()
        guard let keyType = ProtoFieldType(keyword: keyName), keyType != .float, keyType != .double, keyType != .bytes else {
            throw error("invalid map key type \(keyName) (use an integral type, bool or string)", at: keyToken)
        }
        try expect(",")
        let valueName = try typeName()
        try expect(">")
        let nameToken = current
        let name = try identifier("a field name")
        try expect("=")
        let number = try fieldNumber()
        let valueType = ProtoFieldType(keyword: valueName) ?? .message
        let entryName = Self.mapEntryName(name)
        let entryLocation = location(start)
        var entry = ProtoMessageType(name: entryName, isMapEntry: true, location: entryLocation)
        entry.fields = [
            ProtoField(name: "key", number: 1, type: keyType, location: entryLocation),
            ProtoField(name: "value", number: 2, type: valueType, typeName: valueType == .message ? valueName : nil, location: entryLocation),
        ]
        entry.options = [ProtoOption(name: "map_entry", value: .identifier("true"), location: entryLocation)]
        var field = ProtoField(name: name, number: number, label: .repeated, type: .message, typeName: entryName, location: location(nameToken))
        try applyFieldOptions(try parseOptionList(), to: &field)
        try expect(";")
        message.nestedMessages.append(entry)
        message.fields.append(field)
    }

    /// protoc's entry name for a map field: `tag_counts` → `TagCountsEntry`.
    static func mapEntryName(_ field: String) -> String {
        let camel = ProtoField.defaultJSONName(field)
        return camel.prefix(1).uppercased() + camel.dropFirst() + "Entry"
    }

    mutating func parseOneof(into message: inout ProtoMessageType) throws(ProtobufError) {
        let token = current
        advance()
        let name = try identifier("a oneof name")
        let oneofIndex = message.oneofs.count
        message.oneofs.append(ProtoOneof(name: name, location: location(token)))
        try expect("{")
        var members = 0
        while !consume("}") {
            if current.kind == .endOfFile { throw error("expected '}' to close oneof \(name)", at: token) }
            if consume(";") { continue }
            if isKeyword("option") {
                message.oneofs[oneofIndex].options.append(try parseOptionStatement())
                continue
            }
            if isKeyword("map") && tokens[index + 1].kind == .symbol && tokens[index + 1].text == "<" {
                throw error("map fields are not allowed in a oneof")
            }
            try parseField(into: &message, oneofIndex: oneofIndex)
            members += 1
        }
        if members == 0 { throw error("oneof \(name) must have at least one field", at: token) }
    }

    mutating func parseRanges(maximum: Int32) throws(ProtobufError) -> [ProtoRange] {
        var ranges: [ProtoRange] = []
        repeat {
            let token = current
            let start = try int32("a range start")
            var end = start
            if isKeyword("to") {
                advance()
                if isKeyword("max") {
                    advance()
                    end = maximum
                } else {
                    end = try int32("a range end")
                }
            }
            guard end >= start else { throw error("range \(start) to \(end) is empty", at: token) }
            ranges.append(ProtoRange(start, end))
        } while consume(",")
        return ranges
    }

    mutating func parseReserved(maximum: Int32) throws(ProtobufError) -> ([ProtoRange], [String]) {
        advance()
        if current.kind == .string {
            var names: [String] = []
            repeat { names.append(String(decoding: try stringLiteral("a reserved name"), as: UTF8.self)) } while consume(",")
            try expect(";")
            return ([], names)
        }
        let ranges = try parseRanges(maximum: maximum)
        try expect(";")
        return (ranges, [])
    }

    /// `extend Type { fields }`: returns the extension fields and any group messages they declare.
    mutating func parseExtend() throws(ProtobufError) -> ([ProtoField], [ProtoMessageType]) {
        let token = current
        advance()
        let extendee = try typeName()
        var holder = ProtoMessageType(name: "", location: location(token))
        try expect("{")
        while !consume("}") {
            if current.kind == .endOfFile { throw error("expected '}' to close extend \(extendee)", at: token) }
            if consume(";") { continue }
            try parseField(into: &holder, oneofIndex: nil, extendee: extendee)
        }
        return (holder.extensions, holder.nestedMessages)
    }

}
