import SchemaWireAvro
import SchemaWireProtobuf

/// How large a schema the registry accepts, so that one request cannot make it build, store and
/// check something arbitrarily large. Each limit counts what a hostile submission would multiply;
/// a schema past one is refused with 422 (error code 42201) naming the limit and its setting.
public struct SchemaLimits: Hashable, Sendable {
    /// The most symbols of one Avro enum or values of one Protobuf enum.
    public var maximumEnumSymbols: Int
    /// The most fields of one Avro record or Protobuf message.
    public var maximumFields: Int
    /// The most named types (records, enums, fixed; messages and enums) one schema defines,
    /// counting its references.
    public var maximumNamedTypes: Int

    public init(maximumEnumSymbols: Int = 100_000, maximumFields: Int = 100_000, maximumNamedTypes: Int = 100_000) {
        self.maximumEnumSymbols = maximumEnumSymbols
        self.maximumFields = maximumFields
        self.maximumNamedTypes = maximumNamedTypes
    }

    /// The limits of `schemawire registry serve` unless its options say otherwise.
    public static let `default` = SchemaLimits()

    /// Refuses `schema` when it exceeds a limit.
    func check(_ schema: ParsedSchema) throws(RegistryError) {
        if let avro = schema.avro { try check(avro) }
        if let protobuf = schema.protobuf { try check(protobuf) }
    }

    private func check(_ schema: AvroSchema) throws(RegistryError) {
        try require(schema.namedTypes.count, maximumNamedTypes, "named types", in: "the schema", option: "--max-named-types")
        for (name, type) in schema.namedTypes {
            switch type.kind {
            case let .record(record): try require(record.fields.count, maximumFields, "fields", in: "record \(name)", option: "--max-fields")
            case let .enumeration(enumeration):
                try require(enumeration.symbols.count, maximumEnumSymbols, "symbols", in: "enum \(name)", option: "--max-enum-symbols")
            default: break
            }
        }
    }

    private func check(_ schema: ProtoSchema) throws(RegistryError) {
        var types = 0
        func visit(_ message: ProtoMessageType, scope: String) throws(RegistryError) {
            let name = scope.isEmpty ? message.name : scope + "." + message.name
            types += 1 + message.nestedEnums.count
            try require(message.fields.count, maximumFields, "fields", in: "message \(name)", option: "--max-fields")
            for enumType in message.nestedEnums { try check(enumType, scope: name) }
            for nested in message.nestedMessages { try visit(nested, scope: name) }
        }
        for file in [schema.file] + schema.dependencies {
            types += file.enums.count
            for enumType in file.enums { try check(enumType, scope: file.package) }
            for message in file.messages { try visit(message, scope: file.package) }
        }
        try require(types, maximumNamedTypes, "messages and enums", in: "the schema with its imports", option: "--max-named-types")
    }

    private func check(_ enumType: ProtoEnumType, scope: String) throws(RegistryError) {
        let name = scope.isEmpty ? enumType.name : scope + "." + enumType.name
        try require(enumType.values.count, maximumEnumSymbols, "values", in: "enum \(name)", option: "--max-enum-symbols")
    }

    private func require(_ count: Int, _ limit: Int, _ what: String, in place: String, option: String) throws(RegistryError) {
        guard count > limit else { return }
        throw .invalidSchema("\(place) has \(count) \(what), more than the \(limit) this registry accepts (\(option))")
    }
}
