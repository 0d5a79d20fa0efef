extension ProtoSchema {
    /// Every difference from `original` to this schema, compatible ones included, with Confluent's
    /// names and paths: what `SchemaDiff.compare(original, update)` lists in Confluent Schema
    /// Registry. A message reached twice through imports is listed once.
    public func differences(from original: ProtoSchema) -> [ProtobufDifference] {
        var diff = ProtobufSchemaDiff(original: original, update: self, sink: DifferenceList())
        diff.compareFiles()
        return diff.sink.differences
    }
}

/// What a difference is about, for explaining it: kept apart from the kind and path so that the
/// walk builds no text for the differences nobody reads.
enum ProtobufDifferenceDetail {
    case package(original: String, update: String)
    case type(name: String)
    /// Two versions of one field (either may be absent), with the types compared: for a map,
    /// the key or value types.
    case field(original: ProtoField?, update: ProtoField?, originalType: String, updateType: String)
    /// A oneof and where its members were before.
    case oneof(name: String, members: [(number: Int32, origin: String)])
    case enumConstant(number: Int32, original: String?, update: String?)
}

/// Receives the differences of a walk.
protocol ProtobufDifferenceSink {
    mutating func record(_ kind: ProtobufDifference.Kind, path: String, detail: @autoclosure () -> ProtobufDifferenceDetail)
    /// The walk stopped following imported types at `path`, `limit` levels deep.
    mutating func depthLimitReached(at path: String, limit: Int)
}

extension ProtobufDifferenceSink {
    mutating func depthLimitReached(at path: String, limit: Int) {}
}

struct DifferenceList: ProtobufDifferenceSink {
    var differences: [ProtobufDifference] = []
    private var seen: Set<ProtobufDifference> = []

    mutating func record(_ kind: ProtobufDifference.Kind, path: String, detail: @autoclosure () -> ProtobufDifferenceDetail) {
        let difference = ProtobufDifference(kind: kind, path: path)
        if seen.insert(difference).inserted { differences.append(difference) }
    }
}

/// Walks an original and an updated schema together the way Confluent's `SchemaDiff` does:
/// types matched by name, messages' fields by number across the whole message whatever oneof
/// they sit in (so that moving a field between oneofs cannot hide a change to it), oneofs by name
/// and by where their members came from, message-typed fields by local name and, when either side
/// comes from an import, in depth.
struct ProtobufSchemaDiff<Sink: ProtobufDifferenceSink> {
    let original: ProtoSchema
    let update: ProtoSchema
    var sink: Sink
    /// Incompatible differences recorded so far (the verdict for a message compared in depth).
    private(set) var incompatibleCount = 0
    /// The original messages being compared, outermost first: one reached again through its own
    /// fields is not compared again inside itself (Confluent's `SchemaScope`).
    private var inScope: Set<String> = []
    /// Verdicts of imported message pairs already compared in depth, so that a type reached by
    /// many fields costs one comparison.
    private var verdicts: [String: Bool] = [:]
    private var depth = 0

    /// The deepest chain of imported message types compared through fields.
    static var maximumDepth: Int { 512 }

    init(original: ProtoSchema, update: ProtoSchema, sink: Sink) {
        self.original = original
        self.update = update
        self.sink = sink
    }

    private mutating func record(_ kind: ProtobufDifference.Kind, _ path: String, _ detail: @autoclosure () -> ProtobufDifferenceDetail) {
        if !kind.isCompatible { incompatibleCount += 1 }
        sink.record(kind, path: path.isEmpty ? "#/" : path, detail: detail())
    }

    mutating func compareFiles() {
        let (originalPackage, updatePackage) = (original.file.package, update.file.package)
        if originalPackage != updatePackage {
            record(.packageChanged, "", .package(original: originalPackage, update: updatePackage))
        }
        compareTypes(
            (original.file.messages, original.file.enums, original.file.package),
            (update.file.messages, update.file.enums, update.file.package), path: "#"
        )
    }

    typealias Types = (messages: [ProtoMessageType], enums: [ProtoEnumType], scope: String)

    static func join(_ scope: String, _ name: String) -> String { scope.isEmpty ? name : scope + "." + name }

    /// The messages a `.proto` file declares as such: not map entries or group bodies, which
    /// Confluent's parser never sees as messages.
    private static func declaredMessages(_ messages: [ProtoMessageType], groups: Set<String>) -> [ProtoMessageType] {
        messages.filter { !$0.isMapEntry && !groups.contains($0.name) }
    }

    private mutating func compareTypes(_ old: Types, _ new: Types, path: String, groups: (old: Set<String>, new: Set<String>) = ([], [])) {
        let oldMessages = Self.declaredMessages(old.messages, groups: groups.old)
        let newMessages = Self.declaredMessages(new.messages, groups: groups.new)
        let oldIndex = Dictionary(oldMessages.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { _, last in last })
        let newIndex = Dictionary(newMessages.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { _, last in last })
        for name in Set(oldIndex.keys).union(newIndex.keys).sorted() {
            let messagePath = path + "/" + name
            switch (oldIndex[name], newIndex[name]) {
            case (let before?, nil):
                record(.messageRemoved, messagePath, .type(name: Self.join(old.scope, oldMessages[before].name)))
            case (nil, let after?):
                record(.messageAdded, messagePath, .type(name: Self.join(new.scope, newMessages[after].name)))
            case (let before?, let after?):
                compareMessages(
                    oldMessages[before], newMessages[after], originalName: Self.join(old.scope, name), updateName: Self.join(new.scope, name),
                    path: messagePath
                )
                if before != after { record(.messageMoved, messagePath, .type(name: Self.join(new.scope, name))) }
            case (nil, nil):
                break
            }
        }
        let oldEnums = Dictionary(old.enums.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        let newEnums = Dictionary(new.enums.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        for name in Set(oldEnums.keys).union(newEnums.keys).sorted() {
            switch (oldEnums[name], newEnums[name]) {
            case (.some, nil): record(.enumRemoved, path + "/" + name, .type(name: Self.join(old.scope, name)))
            case (nil, .some): record(.enumAdded, path + "/" + name, .type(name: Self.join(new.scope, name)))
            case (let before?, let after?): compareEnums(before, after, path: path + "/" + name)
            case (nil, nil): break
            }
        }
    }

    private mutating func compareEnums(_ old: ProtoEnumType, _ new: ProtoEnumType, path: String) {
        let oldNames = Dictionary(old.values.map { ($0.number, $0.name) }, uniquingKeysWith: { _, last in last })
        let newNames = Dictionary(new.values.map { ($0.number, $0.name) }, uniquingKeysWith: { _, last in last })
        for number in Set(oldNames.keys).union(newNames.keys).sorted() {
            let detail = ProtobufDifferenceDetail.enumConstant(number: number, original: oldNames[number], update: newNames[number])
            switch (oldNames[number], newNames[number]) {
            case (.some, nil): record(.enumConstRemoved, path + "/\(number)", detail)
            case (nil, .some): record(.enumConstAdded, path + "/\(number)", detail)
            case (let before?, let after?) where before != after: record(.enumConstChanged, path + "/\(number)", detail)
            default: break
            }
        }
    }

    /// A message's fields by number, whatever oneof they are in, with their real oneof's name
    /// (proto3 `optional` fields sit in synthetic oneofs and count as plain fields).
    struct FieldTable {
        var byNumber: [Int32: Int] = [:]
        var oneofOf: [Int32: String] = [:]
        /// Real oneofs in declaration order, with their members' numbers.
        var oneofs: [(name: String, members: [Int32])] = []
        /// Names of nested messages that are group bodies.
        var groups: Set<String> = []

        init(_ message: ProtoMessageType) {
            var members = [[Int32]](repeating: [], count: message.oneofs.count)
            for (position, field) in message.fields.enumerated() {
                if field.type == .group {
                    if let typeName = field.typeName { groups.insert(String(typeName.split(separator: ".").last ?? "")) }
                    continue
                }
                byNumber[field.number] = position
                if let index = field.oneofIndex, index < message.oneofs.count, !message.oneofs[index].isSynthetic {
                    oneofOf[field.number] = message.oneofs[index].name
                    members[index].append(field.number)
                }
            }
            oneofs = message.oneofs.indices.filter { !message.oneofs[$0].isSynthetic }.map { (message.oneofs[$0].name, members[$0]) }
        }
    }

    private mutating func compareMessages(_ old: ProtoMessageType, _ new: ProtoMessageType, originalName: String, updateName: String, path: String) {
        let oldTable = FieldTable(old)
        let newTable = FieldTable(new)
        let entered = inScope.insert(originalName).inserted
        if entered { compareFields(old, new, oldTable, newTable, path: path) }
        compareTypes(
            (old.nestedMessages, old.nestedEnums, originalName), (new.nestedMessages, new.nestedEnums, updateName), path: path,
            groups: (oldTable.groups, newTable.groups)
        )
        if entered { inScope.remove(originalName) }
    }

    private mutating func compareFields(_ old: ProtoMessageType, _ new: ProtoMessageType, _ oldTable: FieldTable, _ newTable: FieldTable, path: String) {
        let newOneofNames = Set(newTable.oneofs.map(\.name))
        let oldOneofNames = Set(oldTable.oneofs.map(\.name))
        // A oneof gone by name with none of its members left anywhere is deleted whole: compatible.
        let deletedOneofs = Set(
            oldTable.oneofs.filter { !newOneofNames.contains($0.name) && !$0.members.contains { newTable.byNumber[$0] != nil } }.map(\.name)
        )
        // Members that were independent before and are exclusive now.
        for oneof in newTable.oneofs {
            var origins: Set<String> = []
            var movedFromTop = 0
            var members: [(number: Int32, origin: String)] = []
            for number in oneof.members {
                if let before = oldTable.oneofOf[number] {
                    origins.insert("oneof " + before)
                    members.append((number, "oneof " + before))
                } else if oldTable.byNumber[number] != nil {
                    origins.insert("field \(number)")
                    members.append((number, "a plain field"))
                    movedFromTop += 1
                }
            }
            if origins.count > 1 {
                record(
                    movedFromTop > 1 ? .multipleFieldsMovedToOneof : .fieldMovedToExistingOneof, path + "/" + oneof.name,
                    .oneof(name: oneof.name, members: members)
                )
            }
        }
        for name in oldOneofNames.union(newOneofNames).sorted() {
            if !newOneofNames.contains(name) {
                record(.oneofRemoved, path + "/" + name, .oneof(name: name, members: []))
            } else if !oldOneofNames.contains(name) {
                record(.oneofAdded, path + "/" + name, .oneof(name: name, members: []))
            }
        }
        for number in Set(oldTable.byNumber.keys).union(newTable.byNumber.keys).sorted() {
            let before = oldTable.byNumber[number].map { old.fields[$0] }
            let after = newTable.byNumber[number].map { new.fields[$0] }
            let oldOneof = oldTable.oneofOf[number]
            let newOneof = newTable.oneofOf[number]
            switch (before, after) {
            case (let field?, nil):
                let detail = ProtobufDifferenceDetail.field(original: field, update: nil, originalType: "", updateType: "")
                if let oldOneof {
                    if !deletedOneofs.contains(oldOneof) { record(.oneofFieldRemoved, path + "/" + oldOneof + "/\(number)", detail) }
                } else {
                    record(field.label == .required ? .requiredFieldRemoved : .fieldRemoved, path + "/\(number)", detail)
                }
            case (nil, let field?):
                let detail = ProtobufDifferenceDetail.field(original: nil, update: field, originalType: "", updateType: "")
                if let newOneof {
                    record(.oneofFieldAdded, path + "/" + newOneof + "/\(number)", detail)
                } else {
                    record(field.label == .required ? .requiredFieldAdded : .fieldAdded, path + "/\(number)", detail)
                }
            case (let oldField?, let newField?):
                if oldOneof != nil, newOneof == nil {
                    record(.oneofFieldMovedToTopLevel, path + "/\(number)", .field(original: oldField, update: newField, originalType: "", updateType: ""))
                }
                compareField(oldField, newField, path: path + (newOneof.map { "/" + $0 } ?? "") + "/\(number)")
            case (nil, nil):
                break
            }
        }
    }

    /// How Confluent's diff sees a field's type.
    enum FieldType {
        case scalar(ScalarGroup, keyword: String)
        case map(key: ProtoField, value: ProtoField)
        /// A message, by its fully qualified name without the leading dot.
        case message(String)

        var kindName: String {
            switch self {
            case .scalar: return "scalar"
            case .map: return "map"
            case .message: return "message"
            }
        }
    }

    /// The wire-compatible groups of scalar types (enums travel as varints like int32).
    enum ScalarGroup {
        case generalNumber, signedNumber, stringOrBytes, fixed32, fixed64, float, double

        init?(_ type: ProtoFieldType) {
            switch type {
            case .int32, .int64, .uint32, .uint64, .bool, .enum: self = .generalNumber
            case .sint32, .sint64: self = .signedNumber
            case .string, .bytes: self = .stringOrBytes
            case .fixed32, .sfixed32: self = .fixed32
            case .fixed64, .sfixed64: self = .fixed64
            case .float: self = .float
            case .double: self = .double
            case .message, .group: return nil
            }
        }
    }

    static func fieldType(_ field: ProtoField, in schema: ProtoSchema) -> FieldType {
        let name = field.typeName.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 } ?? ""
        if let group = ScalarGroup(field.type) {
            return .scalar(group, keyword: field.type == .enum ? name : field.type.keyword)
        }
        if field.label == .repeated, let entry = schema.messageType(named: name), entry.isMapEntry, entry.fields.count == 2 {
            return .map(key: entry.fields[0], value: entry.fields[1])
        }
        return .message(name)
    }

    /// The label as written in the file: Confluent compares labels only when both sides wrote one
    /// (a plain proto3 field and a oneof member have none).
    static func writtenLabel(_ field: ProtoField, in schema: ProtoSchema) -> ProtoLabel? {
        if field.label == .repeated || field.label == .required || field.isProto3Optional { return field.label }
        if schema.file.syntax == .proto2 && field.oneofIndex == nil { return field.label }
        return nil
    }

    private mutating func compareField(_ old: ProtoField, _ new: ProtoField, path: String) {
        if old.name != new.name {
            record(.fieldNameChanged, path, .field(original: old, update: new, originalType: "", updateType: ""))
        }
        compareTypes(
            old, new, Self.fieldType(old, in: original), Self.fieldType(new, in: update),
            labels: (Self.writtenLabel(old, in: original), Self.writtenLabel(new, in: update)), path: path
        )
    }

    private mutating func compareTypes(
        _ old: ProtoField, _ new: ProtoField, _ oldType: FieldType, _ newType: FieldType, labels: (ProtoLabel?, ProtoLabel?), path: String
    ) {
        switch (oldType, newType) {
        case (.scalar(let oldGroup, let oldKeyword), .scalar(let newGroup, let newKeyword)):
            let detail = ProtobufDifferenceDetail.field(original: old, update: new, originalType: oldKeyword, updateType: newKeyword)
            if oldGroup != newGroup {
                record(.fieldScalarKindChanged, path, detail)
            } else if let oldLabel = labels.0, let newLabel = labels.1, oldLabel != newLabel {
                record(oldGroup == .stringOrBytes ? .fieldStringOrBytesLabelChanged : .fieldNumericLabelChanged, path, detail)
            }
        case (.map(let oldKey, let oldValue), .map(let newKey, let newValue)):
            compareTypes(old, new, Self.fieldType(oldKey, in: original), Self.fieldType(newKey, in: update), labels: (nil, nil), path: path)
            compareTypes(old, new, Self.fieldType(oldValue, in: original), Self.fieldType(newValue, in: update), labels: (nil, nil), path: path)
        case (.message(let oldName), .message(let newName)):
            compareMessageTypes(old, new, oldName, newName, path: path)
        default:
            record(.fieldKindChanged, path, .field(original: old, update: new, originalType: oldType.kindName, updateType: newType.kindName))
        }
    }

    /// `fullName` without its declaring file's package.
    private static func localName(_ fullName: String, in schema: ProtoSchema) -> String {
        guard let file = schema.declaringFile(fullName), !file.package.isEmpty, fullName.hasPrefix(file.package + ".") else { return fullName }
        return String(fullName.dropFirst(file.package.count + 1))
    }

    /// Message-typed fields must name the same message, package aside; when either side's message
    /// comes from an import, the top-level walk does not reach it, so it is compared here in depth.
    private mutating func compareMessageTypes(_ old: ProtoField, _ new: ProtoField, _ oldName: String, _ newName: String, path: String) {
        let oldLocal = Self.localName(oldName, in: original)
        let newLocal = Self.localName(newName, in: update)
        let detail = ProtobufDifferenceDetail.field(original: old, update: new, originalType: oldLocal, updateType: newLocal)
        guard oldLocal == newLocal else {
            record(.fieldNamedTypeChanged, path, detail)
            return
        }
        let bothLocal = original.declaringFile(oldName)?.path == original.file.path && update.declaringFile(newName)?.path == update.file.path
        guard !bothLocal, let oldMessage = original.messageType(named: oldName), let newMessage = update.messageType(named: newName) else { return }
        let key = oldName + "\u{0}" + newName
        if let compatible = verdicts[key] {
            if !compatible { record(.fieldNamedTypeChanged, path, detail) }
            return
        }
        guard depth < Self.maximumDepth else {
            // Counted as incompatible, so that nothing unchecked passes.
            verdicts[key] = false
            record(.fieldNamedTypeChanged, path, detail)
            sink.depthLimitReached(at: path, limit: Self.maximumDepth)
            return
        }
        verdicts[key] = true
        let before = incompatibleCount
        depth += 1
        compareMessages(oldMessage, newMessage, originalName: oldName, updateName: newName, path: "#/" + oldLocal.split(separator: ".").joined(separator: "/"))
        depth -= 1
        let compatible = incompatibleCount == before
        verdicts[key] = compatible
        if !compatible { record(.fieldNamedTypeChanged, path, detail) }
    }
}

extension ProtoSchema {
    /// The file (this one or an import) that declares the message or enum `fullName`.
    func declaringFile(_ fullName: String) -> ProtoFile? {
        guard let path = compiled.declaringPath(of: fullName) else { return nil }
        return path == file.path ? file : dependencies.first { $0.path == path }
    }
}
