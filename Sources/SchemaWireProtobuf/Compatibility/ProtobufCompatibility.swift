import SchemaWireCore

extension ProtoSchema {
    /// Checks this (new) schema against earlier versions, oldest first, at `level`, with the rules
    /// Confluent Schema Registry applies to Protobuf: the schema being read is diffed against the
    /// one that wrote the data, and every difference outside the compatible set is reported.
    public func compatibility(
        against previous: [(label: String, schema: ProtoSchema)], level: CompatibilityLevel = .default
    ) -> CompatibilityResult {
        CompatibilityPolicy.check(self, against: previous, level: level) { reader, writer, roles in
            ProtoSchema.incompatibilities(reader: reader, writer: writer, roles: roles)
        }
    }

    /// Every incompatible difference between `writer` (the original) and `reader` (the update).
    public static func incompatibilities(reader: ProtoSchema, writer: ProtoSchema, roles: CompatibilityPolicy.Roles) -> [Incompatibility] {
        var checker = ProtobufCompatibilityChecker(original: writer, update: reader, roles: roles)
        checker.compareFiles()
        return checker.found.incompatibilities
    }
}

extension Incompatibility.Kind {
    /// Confluent's names for incompatible Protobuf differences.
    public static let packageChanged = Self(rawValue: "PACKAGE_CHANGED")
    public static let messageRemoved = Self(rawValue: "MESSAGE_REMOVED")
    public static let fieldKindChanged = Self(rawValue: "FIELD_KIND_CHANGED")
    public static let fieldScalarKindChanged = Self(rawValue: "FIELD_SCALAR_KIND_CHANGED")
    public static let fieldNamedTypeChanged = Self(rawValue: "FIELD_NAMED_TYPE_CHANGED")
    public static let fieldNumericLabelChanged = Self(rawValue: "FIELD_NUMERIC_LABEL_CHANGED")
    public static let requiredFieldAdded = Self(rawValue: "REQUIRED_FIELD_ADDED")
    public static let requiredFieldRemoved = Self(rawValue: "REQUIRED_FIELD_REMOVED")
    public static let oneofFieldRemoved = Self(rawValue: "ONEOF_FIELD_REMOVED")
    public static let multipleFieldsMovedToOneof = Self(rawValue: "MULTIPLE_FIELDS_MOVED_TO_ONEOF")
    public static let fieldMovedToExistingOneof = Self(rawValue: "FIELD_MOVED_TO_EXISTING_ONEOF")
}

/// Walks an original (writer) and an updated (reader) schema together the way Confluent's
/// `SchemaDiff` does: top-level and nested types matched by name, fields by number, oneofs by name,
/// imported message types compared where a field reaches them.
struct ProtobufCompatibilityChecker {
    let original: ProtoSchema
    let update: ProtoSchema
    let roles: CompatibilityPolicy.Roles
    var found = IncompatibilityList()
    private var comparing: Set<String> = []
    private var depth = 0

    /// The deepest chain of imported message types compared through fields.
    static let maximumDepth = 512

    init(original: ProtoSchema, update: ProtoSchema, roles: CompatibilityPolicy.Roles) {
        self.original = original
        self.update = update
        self.roles = roles
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

    private mutating func report(_ kind: Incompatibility.Kind, _ path: String, message: String, hint: String, reader: String = "", writer: String = "") {
        guard found.admits(kind, path: path, direction: roles.direction, version: roles.version) else { return }
        found.append(
            Incompatibility(
                kind: kind, path: path, message: message, hint: hint, readerFragment: reader, writerFragment: writer,
                direction: roles.direction, version: roles.version
            )
        )
    }

    mutating func compareFiles() {
        if original.file.package != update.file.package {
            report(
                .packageChanged, "#/",
                message: "the package is \"\(update.file.package)\" in \(roles.reader) but \"\(original.file.package)\" in \(roles.writer); fully qualified type names change with it.",
                hint: "keep package \(original.file.package.isEmpty ? "(none)" : original.file.package); publish a renamed package under a new subject.",
                reader: "package \(update.file.package)", writer: "package \(original.file.package)"
            )
        }
        compareTypes(
            original.file.messages, update.file.messages, originalScope: original.file.package, updateScope: update.file.package,
            path: "#"
        )
    }

    private mutating func compareTypes(
        _ originalMessages: [ProtoMessageType], _ updateMessages: [ProtoMessageType], originalScope: String, updateScope: String, path: String
    ) {
        let updateByName = Dictionary(updateMessages.filter { !$0.isMapEntry }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for message in originalMessages where !message.isMapEntry {
            let originalName = Self.join(originalScope, message.name)
            guard let updated = updateByName[message.name] else {
                report(
                    .messageRemoved, path + "/" + message.name,
                    message: "\(roles.writer) declares message \(originalName), which \(roles.reader) does not.",
                    hint: "keep message \(message.name) (it may be deprecated); consumers resolve message indexes and type names against it.",
                    writer: "message \(message.name)"
                )
                continue
            }
            compareMessages(message, updated, originalName: originalName, updateName: Self.join(updateScope, updated.name), path: path + "/" + message.name)
        }
    }

    static func join(_ scope: String, _ name: String) -> String { scope.isEmpty ? name : scope + "." + name }

    /// Fields outside real oneofs (proto3 `optional` fields count as plain fields), as indexes
    /// into the message's fields by number (indexes, so that large messages are not copied).
    private static func plainFields(_ message: ProtoMessageType) -> [Int32: Int] {
        var fields: [Int32: Int] = [:]
        for (index, field) in message.fields.enumerated() where field.oneofIndex.map({ message.oneofs[$0].isSynthetic }) ?? true {
            fields[field.number] = index
        }
        return fields
    }

    private static func realOneofs(_ message: ProtoMessageType) -> [(name: String, fields: [Int32: Int])] {
        var members: [Int: [Int32: Int]] = [:]
        for (position, field) in message.fields.enumerated() {
            guard let index = field.oneofIndex, members[index]?[field.number] == nil else { continue }
            members[index, default: [:]][field.number] = position
        }
        return message.oneofs.indices.filter { !message.oneofs[$0].isSynthetic }.map { (message.oneofs[$0].name, members[$0] ?? [:]) }
    }

    private mutating func compareMessages(_ old: ProtoMessageType, _ new: ProtoMessageType, originalName: String, updateName: String, path: String) {
        let key = originalName + "→" + updateName
        guard comparing.insert(key).inserted else { return }
        let oldPlain = Self.plainFields(old)
        let newPlain = Self.plainFields(new)
        let oldOneofs = Self.realOneofs(old)
        let newOneofs = Self.realOneofs(new)
        let oldOneofTags = Set(oldOneofs.flatMap(\.fields.keys))
        let newOneofTags = Set(newOneofs.flatMap(\.fields.keys))
        let newOneofsByName = Dictionary(newOneofs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        // Plain fields that moved into a oneof are compared there, not reported as removed.
        var moved: Set<Int32> = []
        for oneof in newOneofs {
            let movedHere = oneof.fields.keys.filter { oldPlain[$0] != nil }
            moved.formUnion(movedHere)
            if movedHere.count > 1 {
                report(
                    .multipleFieldsMovedToOneof, path + "/" + oneof.name,
                    message: "fields \(movedHere.sorted().map(String.init).joined(separator: ", ")) moved into oneof \(oneof.name); data setting more than one of them would lose all but one.",
                    hint: "move at most one existing field into a new oneof; add new fields for the other members."
                )
            } else if movedHere.count == 1, oneof.fields.keys.contains(where: { oldOneofTags.contains($0) }) {
                report(
                    .fieldMovedToExistingOneof, path + "/" + oneof.name,
                    message: "field \(movedHere[0]) moved into the existing oneof \(oneof.name); data setting it alongside another member would lose one.",
                    hint: "leave the field outside the oneof; add a new member to the oneof instead."
                )
            }
        }
        for number in oldPlain.keys.sorted() where !moved.contains(number) {
            let field = old.fields[oldPlain[number] ?? 0]
            if let updated = newPlain[number] {
                compareField(field, new.fields[updated], path: path + "/\(number)")
            } else if !newOneofTags.contains(number), field.label == .required {
                report(
                    .requiredFieldRemoved, path + "/\(number)",
                    message: "required field \(field.name) = \(number) of \(roles.writer) is missing from \(roles.reader); readers that still require it reject the data.",
                    hint: "keep required fields; required can never be removed safely.", writer: Self.describe(field)
                )
            }
        }
        for number in newPlain.keys.sorted() where oldPlain[number] == nil && !oldOneofTags.contains(number) {
            let field = new.fields[newPlain[number] ?? 0]
            if field.label == .required {
                report(
                    .requiredFieldAdded, path + "/\(number)",
                    message: "\(roles.reader) adds required field \(field.name) = \(number), which data from \(roles.writer) never carries.",
                    hint: "add the field as optional instead.", reader: Self.describe(field)
                )
            }
        }
        for oneof in oldOneofs {
            guard let updated = newOneofsByName[oneof.name] else { continue }
            for number in oneof.fields.keys.sorted() {
                let field = old.fields[oneof.fields[number] ?? 0]
                if let newField = updated.fields[number] {
                    compareField(field, new.fields[newField], path: path + "/\(number)")
                } else {
                    report(
                        .oneofFieldRemoved, path + "/" + oneof.name + "/\(number)",
                        message: "field \(field.name) = \(number) is a member of oneof \(oneof.name) in \(roles.writer) but not in \(roles.reader).",
                        hint: "keep the member in the oneof (deprecate it instead of removing it).", writer: Self.describe(field)
                    )
                }
            }
        }
        compareTypes(old.nestedMessages, new.nestedMessages, originalScope: originalName, updateScope: updateName, path: path)
    }

    enum FieldKind: String {
        case scalar, map, message
    }

    private func kind(of field: ProtoField, in schema: ProtoSchema) -> FieldKind {
        switch field.type {
        case .message, .group:
            if field.label == .repeated, let typeName = field.typeName, schema.messageType(named: typeName)?.isMapEntry == true { return .map }
            return .message
        default:
            return .scalar
        }
    }

    /// Whether a label was written: Confluent compares labels only when both sides wrote one.
    private static func writtenLabel(_ field: ProtoField, in schema: ProtoSchema) -> ProtoLabel? {
        if field.label == .repeated || field.label == .required || field.isProto3Optional { return field.label }
        if schema.file.syntax == .proto2 && field.oneofIndex == nil { return field.label }
        return nil
    }

    static func describe(_ field: ProtoField) -> String {
        let label = field.label == .optional ? (field.isProto3Optional ? "optional " : "") : field.label.rawValue + " "
        return label + (field.typeName ?? field.type.keyword) + " " + field.name + " = \(field.number)"
    }

    private mutating func compareField(_ old: ProtoField, _ new: ProtoField, path: String) {
        let oldKind = kind(of: old, in: original)
        let newKind = kind(of: new, in: update)
        guard oldKind == newKind else {
            report(
                .fieldKindChanged, path,
                message: "field \(new.name) = \(new.number) is a \(newKind.rawValue) in \(roles.reader) but a \(oldKind.rawValue) in \(roles.writer).",
                hint: "keep the field's kind; add a new field with a new number for the new shape.",
                reader: Self.describe(new), writer: Self.describe(old)
            )
            return
        }
        switch newKind {
        case .scalar:
            guard compareScalar(old.type, new.type, old: old, new: new, path: path) else { return }
            if let oldLabel = Self.writtenLabel(old, in: original), let newLabel = Self.writtenLabel(new, in: update), oldLabel != newLabel,
                ScalarGroup(new.type) != .stringOrBytes
            {
                report(
                    .fieldNumericLabelChanged, path,
                    message: "field \(new.name) = \(new.number) is \(newLabel.rawValue) in \(roles.reader) but \(oldLabel.rawValue) in \(roles.writer); packed numeric data does not read as a single value.",
                    hint: "keep the label of numeric and enum fields.", reader: Self.describe(new), writer: Self.describe(old)
                )
            }
        case .map:
            guard let oldEntry = old.typeName.flatMap(original.messageType(named:)), let newEntry = new.typeName.flatMap(update.messageType(named:)),
                oldEntry.fields.count == 2, newEntry.fields.count == 2
            else { return }
            _ = compareScalar(oldEntry.fields[0].type, newEntry.fields[0].type, old: old, new: new, path: path + "/key")
            let (oldValue, newValue) = (oldEntry.fields[1], newEntry.fields[1])
            if kind(of: oldValue, in: original) != kind(of: newValue, in: update) {
                report(
                    .fieldKindChanged, path + "/value", message: "the values of map \(new.name) changed between a message and a scalar.",
                    hint: "keep the map's value type.", reader: Self.describe(new), writer: Self.describe(old)
                )
            } else if oldValue.type == .message {
                compareNamedType(oldValue, newValue, field: new, path: path + "/value")
            } else {
                _ = compareScalar(oldValue.type, newValue.type, old: old, new: new, path: path + "/value")
            }
        case .message:
            compareNamedType(old, new, field: new, path: path)
        }
    }

    /// Reports a scalar moving between wire groups; returns whether the types are compatible.
    private mutating func compareScalar(_ oldType: ProtoFieldType, _ newType: ProtoFieldType, old: ProtoField, new: ProtoField, path: String) -> Bool {
        guard ScalarGroup(oldType) != ScalarGroup(newType) else { return true }
        report(
            .fieldScalarKindChanged, path,
            message: "field \(new.name) = \(new.number) reads \(newType.keyword) in \(roles.reader) but \(roles.writer) wrote \(oldType.keyword), a different wire encoding.",
            hint: "change only within a wire-compatible group (int32/int64/uint32/uint64/bool/enum, sint32/sint64, string/bytes, fixed32/sfixed32, fixed64/sfixed64).",
            reader: Self.describe(new), writer: Self.describe(old)
        )
        return false
    }

    private static func localName(_ typeName: String, in schema: ProtoSchema, fileOf: (String) -> ProtoFile?) -> String {
        let fullName = typeName.hasPrefix(".") ? String(typeName.dropFirst()) : typeName
        guard let file = fileOf(fullName), !file.package.isEmpty, fullName.hasPrefix(file.package + ".") else { return fullName }
        return String(fullName.dropFirst(file.package.count + 1))
    }

    /// Message-typed fields must name the same message (package aside); messages from imports are
    /// compared in depth because the top-level walk does not reach them.
    private mutating func compareNamedType(_ old: ProtoField, _ new: ProtoField, field: ProtoField, path: String) {
        guard let oldName = old.typeName, let newName = new.typeName else { return }
        let oldLocal = Self.localName(oldName, in: original, fileOf: original.declaringFile)
        let newLocal = Self.localName(newName, in: update, fileOf: update.declaringFile)
        guard oldLocal == newLocal else {
            report(
                .fieldNamedTypeChanged, path,
                message: "field \(field.name) = \(field.number) is a \(newLocal) in \(roles.reader) but a \(oldLocal) in \(roles.writer).",
                hint: "keep the field's message type; add a new field for a different type.", reader: Self.describe(new), writer: Self.describe(old)
            )
            return
        }
        let oldFull = String(oldName.dropFirst())
        let newFull = String(newName.dropFirst())
        guard original.declaringFile(oldFull)?.path != original.file.path || update.declaringFile(newFull)?.path != update.file.path,
            let oldMessage = original.messageType(named: oldName), let newMessage = update.messageType(named: newName)
        else { return }
        guard depth < Self.maximumDepth else {
            report(
                .checkLimitExceeded, path,
                message: "imported message types reach deeper than \(Self.maximumDepth) levels through fields here, so the check stopped.",
                hint: "shorten the chain of messages that hold each other.", reader: Self.describe(new), writer: Self.describe(old)
            )
            return
        }
        let before = (found.listed.count, found.unlisted)
        depth += 1
        compareMessages(oldMessage, newMessage, originalName: oldFull, updateName: newFull, path: path + "/" + newLocal)
        depth -= 1
        if (found.listed.count, found.unlisted) != before {
            report(
                .fieldNamedTypeChanged, path,
                message: "field \(field.name) = \(field.number) refers to \(newLocal), which changed incompatibly in its imported file.",
                hint: "make the imported message's change compatible.", reader: Self.describe(new), writer: Self.describe(old)
            )
        }
    }
}

extension ProtoSchema {
    /// The file (this one or an import) that declares the message or enum `fullName`.
    func declaringFile(_ fullName: String) -> ProtoFile? {
        guard let path = compiled.declaringPath(of: fullName) else { return nil }
        return path == file.path ? file : dependencies.first { $0.path == path }
    }
}
