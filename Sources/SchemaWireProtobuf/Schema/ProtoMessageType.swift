/// A message declaration with its nested declarations.
public struct ProtoMessageType: Hashable, Sendable {
    public var name: String
    /// Fields in declaration order (oneof members included, with ``ProtoField/oneofIndex`` set).
    public var fields: [ProtoField]
    public var oneofs: [ProtoOneof]
    public var nestedMessages: [ProtoMessageType]
    public var nestedEnums: [ProtoEnumType]
    public var extensionRanges: [ProtoRange]
    public var reservedRanges: [ProtoRange]
    public var reservedNames: [String]
    /// Extension fields declared inside this message (`extend Other { ... }`).
    public var extensions: [ProtoField]
    public var options: [ProtoOption]
    /// True for the `…Entry` messages synthesized for map fields.
    public var isMapEntry: Bool
    public var location: ProtoSourceLocation

    public init(
        name: String, fields: [ProtoField] = [], oneofs: [ProtoOneof] = [], nestedMessages: [ProtoMessageType] = [],
        nestedEnums: [ProtoEnumType] = [], extensionRanges: [ProtoRange] = [], reservedRanges: [ProtoRange] = [],
        reservedNames: [String] = [], extensions: [ProtoField] = [], options: [ProtoOption] = [], isMapEntry: Bool = false,
        location: ProtoSourceLocation
    ) {
        self.name = name
        self.fields = fields
        self.oneofs = oneofs
        self.nestedMessages = nestedMessages
        self.nestedEnums = nestedEnums
        self.extensionRanges = extensionRanges
        self.reservedRanges = reservedRanges
        self.reservedNames = reservedNames
        self.extensions = extensions
        self.options = options
        self.isMapEntry = isMapEntry
        self.location = location
    }

    /// Whether `number` is reserved in this message.
    public func isReserved(_ number: Int32) -> Bool { reservedRanges.contains { $0.contains(number) } }
}

/// A `oneof` group; its members are the fields whose ``ProtoField/oneofIndex`` points here.
public struct ProtoOneof: Hashable, Sendable {
    public var name: String
    public var options: [ProtoOption]
    /// True for the oneof protoc synthesizes around a proto3 `optional` field.
    public var isSynthetic: Bool
    public var location: ProtoSourceLocation

    public init(name: String, options: [ProtoOption] = [], isSynthetic: Bool = false, location: ProtoSourceLocation) {
        self.name = name
        self.options = options
        self.isSynthetic = isSynthetic
        self.location = location
    }
}

/// A field's cardinality as written.
public enum ProtoLabel: String, Hashable, Sendable {
    /// Singular: `optional` in proto2 or proto3, or no label in proto3.
    case optional
    case required
    case repeated
}

/// A field's type, numbered as in `google.protobuf.FieldDescriptorProto.Type`.
public enum ProtoFieldType: Int, Hashable, Sendable, CaseIterable {
    case double = 1, float, int64, uint64, int32, fixed64, fixed32, bool, string, group, message, bytes, uint32, `enum`,
        sfixed32, sfixed64, sint32, sint64

    /// The keyword used in `.proto` source (`message`/`enum`/`group` types are written by name).
    public var keyword: String {
        switch self {
        case .enum: return "enum"
        default: return String(describing: self)
        }
    }

    /// The scalar type a `.proto` keyword names, or nil for a type name.
    public init?(keyword: String) {
        guard let type = Self.allCases.first(where: { $0.keyword == keyword }), !type.isNamed else { return nil }
        self = type
    }

    /// Message, group and enum types are referred to by name.
    public var isNamed: Bool { self == .message || self == .group || self == .enum }

    /// Whether repeated fields of this type may use the packed encoding.
    public var isPackable: Bool { !(self == .string || self == .bytes || self == .message || self == .group) }
}

/// A field (or an extension field) of a message.
public struct ProtoField: Hashable, Sendable {
    public var name: String
    public var number: Int32
    public var label: ProtoLabel
    public var type: ProtoFieldType
    /// For message, group and enum fields: the type name, fully qualified with a leading dot after
    /// linking (`.shop.Order.Line`), as written before.
    public var typeName: String?
    /// The index into the containing message's ``ProtoMessageType/oneofs``.
    public var oneofIndex: Int?
    /// True for a proto3 `optional` field (explicit presence).
    public var isProto3Optional: Bool
    /// A proto2 `[default = ...]`.
    public var defaultValue: ProtoConstant?
    /// The JSON name: `[json_name = ...]` or the lowerCamelCase of ``name``.
    public var jsonName: String
    /// Whether `json_name` was given explicitly.
    public var hasExplicitJSONName: Bool
    /// For extension fields: the extended message's name (qualified after linking).
    public var extendee: String?
    /// Options other than the pseudo-options `default` and `json_name`.
    public var options: [ProtoOption]
    public var location: ProtoSourceLocation

    public init(
        name: String, number: Int32, label: ProtoLabel = .optional, type: ProtoFieldType, typeName: String? = nil,
        oneofIndex: Int? = nil, isProto3Optional: Bool = false, defaultValue: ProtoConstant? = nil, jsonName: String? = nil,
        extendee: String? = nil, options: [ProtoOption] = [], location: ProtoSourceLocation
    ) {
        self.name = name
        self.number = number
        self.label = label
        self.type = type
        self.typeName = typeName
        self.oneofIndex = oneofIndex
        self.isProto3Optional = isProto3Optional
        self.defaultValue = defaultValue
        self.jsonName = jsonName ?? ProtoField.defaultJSONName(name)
        self.hasExplicitJSONName = jsonName != nil
        self.extendee = extendee
        self.options = options
        self.location = location
    }

    /// protoc's default JSON name: underscores removed, the letter after each capitalized.
    public static func defaultJSONName(_ name: String) -> String {
        var result = ""
        var capitalizeNext = false
        for character in name {
            if character == "_" {
                capitalizeNext = true
            } else if capitalizeNext {
                result += character.uppercased()
                capitalizeNext = false
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The value of option `name` when it is a plain identifier or bool (`packed`, `deprecated`).
    public func option(_ name: String) -> ProtoConstant? { options.last { $0.name == name }?.value }
}

/// An enum declaration.
public struct ProtoEnumType: Hashable, Sendable {
    public var name: String
    public var values: [ProtoEnumValue]
    public var options: [ProtoOption]
    public var reservedRanges: [ProtoRange]
    public var reservedNames: [String]
    public var location: ProtoSourceLocation

    public init(
        name: String, values: [ProtoEnumValue] = [], options: [ProtoOption] = [], reservedRanges: [ProtoRange] = [],
        reservedNames: [String] = [], location: ProtoSourceLocation
    ) {
        self.name = name
        self.values = values
        self.options = options
        self.reservedRanges = reservedRanges
        self.reservedNames = reservedNames
        self.location = location
    }
}

/// One constant of an enum.
public struct ProtoEnumValue: Hashable, Sendable {
    public var name: String
    public var number: Int32
    public var options: [ProtoOption]
    public var location: ProtoSourceLocation

    public init(name: String, number: Int32, options: [ProtoOption] = [], location: ProtoSourceLocation) {
        self.name = name
        self.number = number
        self.options = options
        self.location = location
    }
}

/// A `service` declaration, parsed and kept so that files with services load; SchemaWire does no RPC.
public struct ProtoService: Hashable, Sendable {
    public struct Method: Hashable, Sendable {
        public var name: String
        public var inputType: String
        public var outputType: String
        public var clientStreaming: Bool
        public var serverStreaming: Bool
        public var options: [ProtoOption]
    }

    public var name: String
    public var methods: [Method]
    public var options: [ProtoOption]
    public var location: ProtoSourceLocation
}
