/// Messages and enums of a linked schema, indexed for the codecs: fields sorted by number with
/// their wire type, packing and presence decided once, and message/enum types as array indexes so
/// that recursive types need no reference cycles.
struct CompiledTypes: Sendable {
    var messages: [CompiledMessage] = []
    var enums: [CompiledEnum] = []
    private var messageByName: [String: Int] = [:]
    private var enumByName: [String: Int] = [:]
    /// The import path of the file declaring each message and enum, by full name.
    private var declaringPaths: [String: String] = [:]

    func messageIndex(named fullName: String) -> Int? { messageByName[fullName] }
    func enumIndex(named fullName: String) -> Int? { enumByName[fullName] }
    func declaringPath(of fullName: String) -> String? { declaringPaths[fullName] }

    init(files: [ProtoFile]) throws(ProtobufError) {
        var pending: [(ProtoMessageType, String, ProtoSyntax)] = []
        func collect(_ message: ProtoMessageType, scope: String, file: ProtoFile) {
            let name = scope.isEmpty ? message.name : scope + "." + message.name
            messageByName[name] = pending.count
            declaringPaths[name] = file.path
            pending.append((message, name, file.syntax))
            for nested in message.nestedMessages { collect(nested, scope: name, file: file) }
            for enumType in message.nestedEnums { addEnum(enumType, scope: name, file: file) }
        }
        func addEnum(_ enumType: ProtoEnumType, scope: String, file: ProtoFile) {
            let name = scope.isEmpty ? enumType.name : scope + "." + enumType.name
            enumByName[name] = enums.count
            declaringPaths[name] = file.path
            enums.append(CompiledEnum(fullName: name, declaration: enumType, isClosed: file.syntax == .proto2))
        }
        for file in files {
            for message in file.messages { collect(message, scope: file.package, file: file) }
            for enumType in file.enums { addEnum(enumType, scope: file.package, file: file) }
        }
        for (declaration, name, syntax) in pending {
            messages.append(try CompiledMessage(declaration: declaration, fullName: name, syntax: syntax, types: self))
        }
    }
}

/// One enum, with lookups both ways.
struct CompiledEnum: Sendable {
    let fullName: String
    let declaration: ProtoEnumType
    /// proto2 enums are closed: unknown numbers are not valid values.
    let isClosed: Bool
    let nameByNumber: [Int32: String]
    let numberByName: [String: Int32]

    init(fullName: String, declaration: ProtoEnumType, isClosed: Bool) {
        self.fullName = fullName
        self.declaration = declaration
        self.isClosed = isClosed
        var names: [Int32: String] = [:]
        for value in declaration.values where names[value.number] == nil { names[value.number] = value.name }
        self.nameByNumber = names
        self.numberByName = Dictionary(declaration.values.map { ($0.name, $0.number) }, uniquingKeysWith: { first, _ in first })
    }
}

/// One message type ready for encoding and decoding.
struct CompiledMessage: Sendable {
    let fullName: String
    let declaration: ProtoMessageType
    let syntax: ProtoSyntax
    /// Fields sorted by number: the order every encoder writes them in.
    let fields: [CompiledField]
    let fieldByNumber: [Int32: Int]
    /// Field lookup by proto name and by JSON name.
    let fieldByName: [String: Int]
    /// The numbers of each oneof's members, by oneof index.
    let oneofMembers: [Int: [Int32]]
    /// Indexes into ``fields`` of the proto2 `required` fields.
    let requiredFields: [Int]

    init(declaration: ProtoMessageType, fullName: String, syntax: ProtoSyntax, types: CompiledTypes) throws(ProtobufError) {
        self.fullName = fullName
        self.declaration = declaration
        self.syntax = syntax
        var fields: [CompiledField] = []
        // Map entries are always nested in the message that declares the map field.
        let mapEntries = Set(declaration.nestedMessages.filter(\.isMapEntry).map { fullName + "." + $0.name })
        for field in declaration.fields.sorted(by: { $0.number < $1.number }) {
            fields.append(try CompiledField(field, syntax: syntax, mapEntries: mapEntries, types: types))
        }
        self.fields = fields
        var byNumber: [Int32: Int] = [:]
        var byName: [String: Int] = [:]
        var oneofMembers: [Int: [Int32]] = [:]
        var required: [Int] = []
        for (index, field) in fields.enumerated() {
            byNumber[field.number] = index
            byName[field.name] = index
            if byName[field.jsonName] == nil { byName[field.jsonName] = index }
            if let oneof = field.oneofIndex { oneofMembers[oneof, default: []].append(field.number) }
            if field.isRequired { required.append(index) }
        }
        self.fieldByNumber = byNumber
        self.fieldByName = byName
        self.oneofMembers = oneofMembers
        self.requiredFields = required
    }
}

/// One field with everything the codecs decide per field computed up front.
struct CompiledField: Sendable {
    let name: String
    let jsonName: String
    let number: Int32
    let type: ProtoFieldType
    let isRepeated: Bool
    let isRequired: Bool
    /// Packed encoding when repeated (proto3 default for scalars, proto2 `[packed = true]`).
    let isPacked: Bool
    /// Whether an unset field differs from one set to its default (proto2, messages, proto3
    /// `optional`, oneof members); implicit-presence fields are omitted when default.
    let hasPresence: Bool
    let oneofIndex: Int?
    /// For message and group fields: the index into ``CompiledTypes/messages``.
    let messageIndex: Int?
    /// For enum fields: the index into ``CompiledTypes/enums``.
    let enumIndex: Int?
    /// True when the field is a `map<K, V>` (a repeated field of a map-entry message).
    let isMap: Bool
    /// The proto2 `[default = ...]`, or nil for the type's zero value.
    let defaultValue: ProtoValue?
    /// The full name of the message or enum type, without the leading dot.
    let typeName: String?

    /// - Parameter mapEntries: the full names of the map-entry types nested in the field's message.
    init(_ field: ProtoField, syntax: ProtoSyntax, mapEntries: Set<String>, types: CompiledTypes) throws(ProtobufError) {
        name = field.name
        jsonName = field.jsonName
        number = field.number
        type = field.type
        isRepeated = field.label == .repeated
        isRequired = field.label == .required
        let packedOption = field.option("packed")
        if isRepeated && field.type.isPackable {
            isPacked = syntax == .proto3 ? packedOption != .identifier("false") : packedOption == .identifier("true")
        } else {
            isPacked = false
        }
        hasPresence = !isRepeated && (syntax == .proto2 || field.type == .message || field.type == .group || field.oneofIndex != nil)
        oneofIndex = field.oneofIndex
        typeName = field.typeName.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }
        messageIndex = (field.type == .message || field.type == .group) ? typeName.flatMap(types.messageIndex(named:)) : nil
        enumIndex = field.type == .enum ? typeName.flatMap(types.enumIndex(named:)) : nil
        if field.type.isNamed && messageIndex == nil && enumIndex == nil {
            throw ProtobufError.invalidSchema(location: field.location, message: "type \(field.typeName ?? "?") of field \(field.name) is not linked")
        }
        isMap = isRepeated && typeName.map(mapEntries.contains) == true
        if let constant = field.defaultValue {
            defaultValue = try ProtoValue.defaultValue(constant, type: field.type, enumType: enumIndex.map { types.enums[$0] }, at: field.location)
        } else {
            defaultValue = nil
        }
    }
}
