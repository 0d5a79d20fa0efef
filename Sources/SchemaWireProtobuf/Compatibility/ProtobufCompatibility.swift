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

    /// Every incompatible difference between `writer` (the original) and `reader` (the update), each
    /// named by the Confluent rule (`Difference.Type`) that refuses it.
    public static func incompatibilities(reader: ProtoSchema, writer: ProtoSchema, roles: CompatibilityPolicy.Roles) -> [Incompatibility] {
        var diff = ProtobufSchemaDiff(original: writer, update: reader, sink: IncompatibilitySink(roles: roles))
        diff.compareFiles()
        return diff.sink.found.incompatibilities
    }
}

extension Incompatibility.Kind {
    /// Confluent's names for incompatible Protobuf differences (``ProtobufDifference/Kind``).
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

/// Turns the incompatible differences of a walk into findings that say what breaks and how to fix
/// it, for the roles (which side reads, which version) of one pairwise check.
struct IncompatibilitySink: ProtobufDifferenceSink {
    let roles: CompatibilityPolicy.Roles
    var found = IncompatibilityList()

    init(roles: CompatibilityPolicy.Roles) { self.roles = roles }

    mutating func record(_ kind: ProtobufDifference.Kind, path: String, detail: @autoclosure () -> ProtobufDifferenceDetail) {
        guard !kind.isCompatible else { return }
        let findingKind = Incompatibility.Kind(rawValue: kind.rawValue)
        guard found.admits(findingKind, path: path, direction: roles.direction, version: roles.version) else { return }
        let explanation = explain(kind, detail())
        found.append(
            Incompatibility(
                kind: findingKind, path: path, message: explanation.message, hint: explanation.hint, readerFragment: explanation.reader,
                writerFragment: explanation.writer, direction: roles.direction, version: roles.version
            )
        )
    }

    mutating func depthLimitReached(at path: String, limit: Int) {
        guard found.admits(.checkLimitExceeded, path: path, direction: roles.direction, version: roles.version) else { return }
        found.append(
            Incompatibility(
                kind: .checkLimitExceeded, path: path,
                message: "imported message types reach deeper than \(limit) levels through fields here, so the check stopped.",
                hint: "shorten the chain of messages that hold each other.", readerFragment: "", writerFragment: "",
                direction: roles.direction, version: roles.version
            )
        )
    }

    static func describe(_ field: ProtoField?) -> String {
        guard let field else { return "" }
        let label = field.label == .optional ? (field.isProto3Optional ? "optional " : "") : field.label.rawValue + " "
        return label + (field.typeName.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 } ?? field.type.keyword) + " " + field.name + " = \(field.number)"
    }

    private func explain(_ kind: ProtobufDifference.Kind, _ detail: ProtobufDifferenceDetail) -> (message: String, hint: String, reader: String, writer: String) {
        let (reader, writer) = (roles.reader, roles.writer)
        switch detail {
        case .package(let old, let new):
            return (
                "the package is \"\(new)\" in \(reader) but \"\(old)\" in \(writer); fully qualified type names change with it.",
                "keep package \(old.isEmpty ? "(none)" : old); publish a renamed package under a new subject.",
                "package \(new)", "package \(old)"
            )
        case .type(let name):
            return (
                "\(writer) declares message \(name), which \(reader) does not.",
                "keep message \(name.split(separator: ".").last.map(String.init) ?? name) (it may be deprecated); consumers resolve message indexes and type names against it.",
                "", "message \(name)"
            )
        case .oneof(let name, let members):
            let origins = members.map { "\($0.number) (from \($0.origin))" }.joined(separator: ", ")
            if kind == .multipleFieldsMovedToOneof {
                return (
                    "oneof \(name) in \(reader) joins fields \(origins) that \(writer) kept apart; data setting more than one of them would lose all but one.",
                    "move at most one existing field into a new oneof; add new fields for the other members.", "oneof \(name)", ""
                )
            }
            return (
                "oneof \(name) in \(reader) joins fields \(origins) that \(writer) could set together; data setting both would lose one.",
                "leave the field where it was; add a new member to the oneof instead.", "oneof \(name)", ""
            )
        case .enumConstant:
            return ("", "", "", "")
        case .field(let old, let new, let oldType, let newType):
            let name = (new ?? old).map { "\($0.name) = \($0.number)" } ?? ""
            let fragments = (Self.describe(new), Self.describe(old))
            switch kind {
            case .fieldKindChanged:
                return (
                    "field \(name) is a \(newType) in \(reader) but a \(oldType) in \(writer).",
                    "keep the field's kind; add a new field with a new number for the new shape.", fragments.0, fragments.1
                )
            case .fieldScalarKindChanged:
                return (
                    "field \(name) reads \(newType) in \(reader) but \(writer) wrote \(oldType), a different wire encoding.",
                    "change only within a wire-compatible group (int32/int64/uint32/uint64/bool/enum, sint32/sint64, string/bytes, fixed32/sfixed32, fixed64/sfixed64).",
                    fragments.0, fragments.1
                )
            case .fieldNumericLabelChanged:
                return (
                    "field \(name) is \(new.map(labelName) ?? "") in \(reader) but \(old.map(labelName) ?? "") in \(writer); packed numeric data does not read as a single value.",
                    "keep the label of numeric and enum fields.", fragments.0, fragments.1
                )
            case .fieldNamedTypeChanged where oldType == newType:
                return (
                    "field \(name) refers to \(newType), which changed incompatibly in its imported file (see the findings under #/\(newType.split(separator: ".").joined(separator: "/"))).",
                    "make the imported message's change compatible.", fragments.0, fragments.1
                )
            case .fieldNamedTypeChanged:
                return (
                    "field \(name) is a \(newType) in \(reader) but a \(oldType) in \(writer).",
                    "keep the field's message type; add a new field for a different type.", fragments.0, fragments.1
                )
            case .requiredFieldAdded:
                return (
                    "\(reader) adds required field \(name), which data from \(writer) never carries.", "add the field as optional instead.",
                    fragments.0, ""
                )
            case .requiredFieldRemoved:
                return (
                    "required field \(name) of \(writer) is missing from \(reader); readers that still require it reject the data.",
                    "keep required fields; required can never be removed safely.", "", fragments.1
                )
            default:
                return (
                    "field \(name), a member of a oneof in \(writer), is gone from \(reader) while other members of its oneof remain.",
                    "keep the member in the oneof (deprecate it instead of removing it).", "", fragments.1
                )
            }
        }
    }

    private func labelName(_ field: ProtoField) -> String {
        field.isProto3Optional || field.label != .optional ? field.label.rawValue : "optional"
    }
}
