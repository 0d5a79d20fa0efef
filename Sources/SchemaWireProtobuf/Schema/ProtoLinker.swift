/// Resolves the type names of parsed files against each other and checks the rules that need the
/// whole file: unique field numbers and names, reserved numbers and names, enum aliases.
struct ProtoLinker {
    let symbols: ProtoSymbolTable
    let filesByPath: [String: ProtoFile]

    /// The files whose declarations `file` may use: itself, its imports, and what those re-export
    /// through `import public`, transitively.
    func visibleFiles(of file: ProtoFile) -> Set<String> {
        var visible: Set<String> = [file.path]
        var pending = file.imports.map(\.path)
        while let path = pending.popLast() {
            guard visible.insert(path).inserted, let imported = filesByPath[path] else { continue }
            pending += imported.imports.filter { $0.kind == .public }.map(\.path)
        }
        return visible
    }

    func link(_ file: ProtoFile) throws(ProtobufError) -> ProtoFile {
        var linked = file
        let visible = visibleFiles(of: file)
        let scope = file.package
        for index in linked.messages.indices {
            try link(&linked.messages[index], scope: scope, syntax: file.syntax, visible: visible)
        }
        for index in linked.enums.indices { try check(linked.enums[index]) }
        for index in linked.extensions.indices {
            try resolveFieldType(&linked.extensions[index], scope: scope, visible: visible)
            try resolveExtendee(&linked.extensions[index], scope: scope, visible: visible)
        }
        for serviceIndex in linked.services.indices {
            for methodIndex in linked.services[serviceIndex].methods.indices {
                let method = linked.services[serviceIndex].methods[methodIndex]
                linked.services[serviceIndex].methods[methodIndex].inputType =
                    try resolveMessage(method.inputType, scope: scope, visible: visible, at: linked.services[serviceIndex].location)
                linked.services[serviceIndex].methods[methodIndex].outputType =
                    try resolveMessage(method.outputType, scope: scope, visible: visible, at: linked.services[serviceIndex].location)
            }
        }
        return linked
    }

    private func link(_ message: inout ProtoMessageType, scope: String, syntax: ProtoSyntax, visible: Set<String>) throws(ProtobufError) {
        let fullName = scope.isEmpty ? message.name : scope + "." + message.name
        var numbers: [Int32: String] = [:]
        var names: Set<String> = []
        let reservedNumbers = ProtoRangeSet(message.reservedRanges)
        let reservedNames = Set(message.reservedNames)
        for index in message.fields.indices {
            let field = message.fields[index]
            if let other = numbers[field.number] {
                throw ProtobufError.invalidSchema(
                    location: field.location, message: "field number \(field.number) of \(fullName).\(field.name) is already used by \(other)"
                )
            }
            numbers[field.number] = field.name
            guard names.insert(field.name).inserted else {
                throw ProtobufError.invalidSchema(location: field.location, message: "field \"\(field.name)\" is already defined in \(fullName)")
            }
            if reservedNumbers.contains(field.number) {
                throw ProtobufError.invalidSchema(location: field.location, message: "field \(fullName).\(field.name) uses reserved number \(field.number)")
            }
            if reservedNames.contains(field.name) {
                throw ProtobufError.invalidSchema(location: field.location, message: "field name \"\(field.name)\" is reserved in \(fullName)")
            }
            try resolveFieldType(&message.fields[index], scope: fullName, visible: visible)
            if syntax == .proto3, message.fields[index].type == .enum, let typeName = message.fields[index].typeName,
                let enumFile = symbols.symbols[String(typeName.dropFirst())]?.file, filesByPath[enumFile]?.syntax == .proto2
            {
                throw ProtobufError.invalidSchema(
                    location: field.location, message: "proto3 field \(fullName).\(field.name) cannot use the proto2 enum \(typeName) (closed enums)"
                )
            }
        }
        for index in message.extensions.indices {
            try resolveFieldType(&message.extensions[index], scope: fullName, visible: visible)
            try resolveExtendee(&message.extensions[index], scope: fullName, visible: visible)
        }
        for index in message.nestedMessages.indices {
            try link(&message.nestedMessages[index], scope: fullName, syntax: syntax, visible: visible)
        }
        for enumType in message.nestedEnums { try check(enumType) }
    }

    private func resolveFieldType(_ field: inout ProtoField, scope: String, visible: Set<String>) throws(ProtobufError) {
        guard let written = field.typeName else { return }
        guard let (name, kind) = symbols.resolve(written, scope: scope, visibleFiles: visible) else {
            throw ProtobufError.invalidSchema(
                location: field.location, message: "\"\(written)\" is not defined (field \(field.name)); is its file imported?"
            )
        }
        field.typeName = "." + name
        switch kind {
        case .enum:
            guard field.type != .group else {
                throw ProtobufError.invalidSchema(location: field.location, message: "group \(field.name) must name a message")
            }
            field.type = .enum
        case .message:
            if field.defaultValue != nil {
                throw ProtobufError.invalidSchema(location: field.location, message: "message field \(field.name) cannot have a default value")
            }
        case .package:
            throw ProtobufError.invalidSchema(location: field.location, message: "\"\(written)\" is a package, not a type")
        }
        if field.type == .enum, field.defaultValue != nil, case .identifier = field.defaultValue {
            return
        } else if field.type == .enum, let value = field.defaultValue {
            throw ProtobufError.invalidSchema(location: field.location, message: "default of enum field \(field.name) must be a value name, not \(value)")
        }
    }

    private func resolveExtendee(_ field: inout ProtoField, scope: String, visible: Set<String>) throws(ProtobufError) {
        guard let extendee = field.extendee else { return }
        field.extendee = try resolveMessage(extendee, scope: scope, visible: visible, at: field.location)
    }

    private func resolveMessage(_ written: String, scope: String, visible: Set<String>, at location: ProtoSourceLocation) throws(ProtobufError) -> String {
        guard let (name, kind) = symbols.resolve(written, scope: scope, visibleFiles: visible), kind == .message else {
            throw ProtobufError.invalidSchema(location: location, message: "\"\(written)\" is not a defined message; is its file imported?")
        }
        return "." + name
    }

    private func check(_ enumType: ProtoEnumType) throws(ProtobufError) {
        let allowsAlias = enumType.options.contains { $0.name == "allow_alias" && $0.value == .identifier("true") }
        var numbers: [Int32: String] = [:]
        var names: Set<String> = []
        let reservedNumbers = ProtoRangeSet(enumType.reservedRanges)
        let reservedNames = Set(enumType.reservedNames)
        for value in enumType.values {
            guard names.insert(value.name).inserted else {
                throw ProtobufError.invalidSchema(location: value.location, message: "enum value \(value.name) is already defined in \(enumType.name)")
            }
            if let other = numbers[value.number], !allowsAlias {
                throw ProtobufError.invalidSchema(
                    location: value.location,
                    message: "\(enumType.name).\(value.name) reuses number \(value.number) of \(other); set option allow_alias = true to alias"
                )
            }
            numbers[value.number] = value.name
            if reservedNumbers.contains(value.number) || reservedNames.contains(value.name) {
                throw ProtobufError.invalidSchema(location: value.location, message: "enum value \(enumType.name).\(value.name) is reserved")
            }
        }
    }
}
