/// One difference between two versions of a Protobuf schema, named and located as Confluent Schema
/// Registry's `SchemaDiff` names and locates it, so a finding can be looked up in Confluent's
/// documentation and matched against its registry's answer.
public struct ProtobufDifference: Hashable, Sendable, CustomStringConvertible {
    /// Confluent's `Difference.Type`, all of it: compatible kinds too, so that a change can be
    /// explained in full and not only refused.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case packageChanged = "PACKAGE_CHANGED"
        case messageAdded = "MESSAGE_ADDED"
        case messageRemoved = "MESSAGE_REMOVED"
        case messageMoved = "MESSAGE_MOVED"
        case enumAdded = "ENUM_ADDED"
        case enumRemoved = "ENUM_REMOVED"
        case enumConstAdded = "ENUM_CONST_ADDED"
        case enumConstChanged = "ENUM_CONST_CHANGED"
        case enumConstRemoved = "ENUM_CONST_REMOVED"
        case fieldAdded = "FIELD_ADDED"
        case fieldRemoved = "FIELD_REMOVED"
        case fieldNameChanged = "FIELD_NAME_CHANGED"
        case fieldKindChanged = "FIELD_KIND_CHANGED"
        case fieldScalarKindChanged = "FIELD_SCALAR_KIND_CHANGED"
        case fieldNamedTypeChanged = "FIELD_NAMED_TYPE_CHANGED"
        case fieldNumericLabelChanged = "FIELD_NUMERIC_LABEL_CHANGED"
        case fieldStringOrBytesLabelChanged = "FIELD_STRING_OR_BYTES_LABEL_CHANGED"
        case requiredFieldAdded = "REQUIRED_FIELD_ADDED"
        case requiredFieldRemoved = "REQUIRED_FIELD_REMOVED"
        case oneofAdded = "ONEOF_ADDED"
        case oneofRemoved = "ONEOF_REMOVED"
        case oneofFieldAdded = "ONEOF_FIELD_ADDED"
        case oneofFieldRemoved = "ONEOF_FIELD_REMOVED"
        case oneofFieldMovedToTopLevel = "ONEOF_FIELD_MOVED_TO_TOP_LEVEL"
        case multipleFieldsMovedToOneof = "MULTIPLE_FIELDS_MOVED_TO_ONEOF"
        case fieldMovedToExistingOneof = "FIELD_MOVED_TO_EXISTING_ONEOF"

        /// Whether data written on one side still reads on the other: Confluent's
        /// `SchemaDiff.COMPATIBLE_CHANGES`.
        public var isCompatible: Bool {
            switch self {
            case .messageAdded, .messageMoved, .enumAdded, .enumRemoved, .enumConstAdded, .enumConstChanged, .enumConstRemoved,
                .fieldAdded, .fieldRemoved, .fieldNameChanged, .fieldStringOrBytesLabelChanged, .oneofAdded, .oneofRemoved,
                .oneofFieldAdded, .oneofFieldMovedToTopLevel:
                return true
            case .packageChanged, .messageRemoved, .fieldKindChanged, .fieldScalarKindChanged, .fieldNamedTypeChanged,
                .fieldNumericLabelChanged, .requiredFieldAdded, .requiredFieldRemoved, .oneofFieldRemoved,
                .multipleFieldsMovedToOneof, .fieldMovedToExistingOneof:
                return false
            }
        }
    }

    public var kind: Kind
    /// Confluent's path: `#/` then type names and field numbers (`#/Order/Line/2`), a oneof's name
    /// before its members' numbers (`#/Order/payment/4`).
    public var path: String

    public init(kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    public var isCompatible: Bool { kind.isCompatible }

    /// `KIND path`, the form Confluent's own diff tests list.
    public var description: String { "\(kind.rawValue) \(path)" }
}
