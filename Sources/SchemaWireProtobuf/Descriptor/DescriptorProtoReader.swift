/// Reads a serialized `google.protobuf.FileDescriptorProto` back into SchemaWire's model: the form
/// Confluent's Python and Go Protobuf serializers register schemas in (base64-encoded), and what
/// `?format=serialized` hands out.
///
/// Standard options come back by name; custom `(extension)` options travel as unknown fields of the
/// options messages and cannot be named without their declarations, so they are left out, as they
/// are when a descriptor is built.
struct DescriptorProtoReader {
    let descriptorSchema: ProtoSchema
    let path: String
    private var location: ProtoSourceLocation { ProtoSourceLocation(file: path, line: 1, column: 1) }

    /// The file a descriptor describes, its name as given in the descriptor.
    static func file(_ bytes: [UInt8]) throws(ProtobufError) -> ProtoFile {
        let builder = try DescriptorProtoBuilder.shared.get()
        let proto = try builder.descriptorSchema.decode(bytes, as: "google.protobuf.FileDescriptorProto")
        let name = Self.string(proto[1]) ?? ""
        guard !name.isEmpty else {
            throw ProtobufError.invalidSchema(location: ProtoSourceLocation(file: "descriptor", line: 1, column: 1), message: "the FileDescriptorProto has no name")
        }
        return try DescriptorProtoReader(descriptorSchema: builder.descriptorSchema, path: name).file(proto)
    }

    func file(_ proto: ProtoMessage) throws(ProtobufError) -> ProtoFile {
        let dependencies = Self.strings(proto[3])
        let publicIndexes = Set(Self.integers(proto[10]))
        let weakIndexes = Set(Self.integers(proto[11]))
        let imports = dependencies.enumerated().map { index, dependency in
            ProtoImport(
                path: dependency, kind: publicIndexes.contains(Int64(index)) ? .public : weakIndexes.contains(Int64(index)) ? .weak : .default,
                location: location
            )
        }
        let syntax: ProtoSyntax = Self.string(proto[12]) == "proto3" ? .proto3 : .proto2
        return ProtoFile(
            path: path, syntax: syntax, package: Self.string(proto[2]) ?? "", imports: imports,
            options: try options(proto[8], of: "google.protobuf.FileOptions"),
            messages: try Self.messages(proto[4]).map { (m) throws(ProtobufError) in try message(m) },
            enums: try Self.messages(proto[5]).map { (e) throws(ProtobufError) in try enumType(e) },
            services: try Self.messages(proto[6]).map { (s) throws(ProtobufError) in try service(s) },
            extensions: try Self.messages(proto[7]).map { (f) throws(ProtobufError) in try field(f) }
        )
    }

    private func message(_ proto: ProtoMessage) throws(ProtobufError) -> ProtoMessageType {
        var options = try self.options(proto[7], of: "google.protobuf.MessageOptions")
        let isMapEntry = options.contains { $0.name == "map_entry" && $0.value == .identifier("true") }
        options.removeAll { $0.name == "map_entry" }
        let oneofs = try Self.messages(proto[8]).map { (oneof) throws(ProtobufError) in
            ProtoOneof(name: Self.string(oneof[1]) ?? "", options: try self.options(oneof[2], of: "google.protobuf.OneofOptions"), location: location)
        }
        var declared = ProtoMessageType(
            name: Self.string(proto[1]) ?? "", fields: try Self.messages(proto[2]).map { (f) throws(ProtobufError) in try field(f) }, oneofs: oneofs,
            nestedMessages: try Self.messages(proto[3]).map { (m) throws(ProtobufError) in try message(m) },
            nestedEnums: try Self.messages(proto[4]).map { (e) throws(ProtobufError) in try enumType(e) },
            extensionRanges: Self.ranges(proto[5], exclusiveEnd: true), reservedRanges: Self.ranges(proto[9], exclusiveEnd: true),
            reservedNames: Self.strings(proto[10]), extensions: try Self.messages(proto[6]).map { (f) throws(ProtobufError) in try field(f) },
            options: options, isMapEntry: isMapEntry, location: location
        )
        // A proto3 `optional` field sits alone in a synthetic oneof, which the text does not declare.
        for field in declared.fields where field.isProto3Optional {
            if let index = field.oneofIndex, index < declared.oneofs.count { declared.oneofs[index].isSynthetic = true }
        }
        return declared
    }

    private func field(_ proto: ProtoMessage) throws(ProtobufError) -> ProtoField {
        let name = Self.string(proto[1]) ?? ""
        let label: ProtoLabel = switch Self.integers(proto[4]).first {
        case 2: .required
        case 3: .repeated
        default: .optional
        }
        let typeNumber = Self.integers(proto[5]).first.flatMap { Int(exactly: $0) } ?? 0
        let typeName = Self.string(proto[6])
        let type = ProtoFieldType(rawValue: typeNumber) ?? (typeName == nil ? .int32 : .message)
        guard ProtoFieldType(rawValue: typeNumber) != nil || typeName != nil else {
            throw ProtobufError.invalidSchema(location: location, message: "field \(name) has no type")
        }
        let jsonName = Self.string(proto[10])
        return ProtoField(
            name: name, number: Int32(clamping: Self.integers(proto[3]).first ?? 0), label: label, type: type, typeName: typeName,
            oneofIndex: Self.integers(proto[9]).first.flatMap { Int(exactly: $0) }, isProto3Optional: Self.integers(proto[17]).first == 1,
            defaultValue: try Self.string(proto[7]).map { (text) throws(ProtobufError) in try defaultValue(text, type: type, field: name) },
            jsonName: jsonName == ProtoField.defaultJSONName(name) ? nil : jsonName, extendee: Self.string(proto[2]),
            options: try options(proto[8], of: "google.protobuf.FieldOptions"), location: location
        )
    }

    private func enumType(_ proto: ProtoMessage) throws(ProtobufError) -> ProtoEnumType {
        ProtoEnumType(
            name: Self.string(proto[1]) ?? "",
            values: try Self.messages(proto[2]).map { (value) throws(ProtobufError) in
                ProtoEnumValue(
                    name: Self.string(value[1]) ?? "", number: Int32(clamping: Self.integers(value[2]).first ?? 0),
                    options: try options(value[3], of: "google.protobuf.EnumValueOptions"), location: location
                )
            },
            options: try options(proto[3], of: "google.protobuf.EnumOptions"), reservedRanges: Self.ranges(proto[4], exclusiveEnd: false),
            reservedNames: Self.strings(proto[5]), location: location
        )
    }

    private func service(_ proto: ProtoMessage) throws(ProtobufError) -> ProtoService {
        ProtoService(
            name: Self.string(proto[1]) ?? "",
            methods: try Self.messages(proto[2]).map { (method) throws(ProtobufError) in
                ProtoService.Method(
                    name: Self.string(method[1]) ?? "", inputType: Self.string(method[2]) ?? "", outputType: Self.string(method[3]) ?? "",
                    clientStreaming: Self.integers(method[5]).first == 1, serverStreaming: Self.integers(method[6]).first == 1,
                    options: try options(method[4], of: "google.protobuf.MethodOptions")
                )
            },
            options: try options(proto[3], of: "google.protobuf.ServiceOptions"), location: location
        )
    }

    /// The standard options set in an options message, by name.
    private func options(_ value: ProtoFieldValue?, of messageName: String) throws(ProtobufError) -> [ProtoOption] {
        guard case let .single(.message(proto))? = value else { return [] }
        let type = descriptorSchema.compiled.messages[try descriptorSchema.compiledIndex(of: messageName)]
        var options: [ProtoOption] = []
        for number in proto.fields.keys.sorted() {
            guard let index = type.fieldByNumber[number], let fieldValue = proto[number] else { continue }
            let field = type.fields[index]
            let values: [ProtoValue]
            switch fieldValue {
            case let .single(single): values = [single]
            case let .repeated(many): values = many
            case .map: values = []
            }
            for value in values {
                guard let constant = Self.constant(value, enumNames: field.enumIndex.map { descriptorSchema.compiled.enums[$0].nameByNumber }) else { continue }
                options.append(ProtoOption(name: field.name, value: constant, location: location))
            }
        }
        return options
    }

    private static func constant(_ value: ProtoValue, enumNames: [Int32: String]?) -> ProtoConstant? {
        switch value {
        case let .bool(flag): return .identifier(flag ? "true" : "false")
        case let .string(text): return .string(Array(text.utf8))
        case let .bytes(bytes): return .string(bytes)
        case let .int32(number): return .integer(negative: number < 0, magnitude: UInt64(number.magnitude))
        case let .int64(number): return .integer(negative: number < 0, magnitude: number.magnitude)
        case let .uint32(number): return .integer(negative: false, magnitude: UInt64(number))
        case let .uint64(number): return .integer(negative: false, magnitude: number)
        case let .float(number): return .float(Double(number))
        case let .double(number): return .float(number)
        case let .enumValue(number): return enumNames?[number].map(ProtoConstant.identifier)
        case .message: return nil
        }
    }

    /// `default_value` as protoc writes it: decimal numbers, `inf`/`nan`, raw strings, C-escaped
    /// bytes (read by the `.proto` lexer, which reads the same escapes in string literals), enum
    /// value names.
    private func defaultValue(_ text: String, type: ProtoFieldType, field: String) throws(ProtobufError) -> ProtoConstant {
        switch type {
        case .string: return .string(Array(text.utf8))
        case .bytes:
            // One string token, then the end of the input.
            guard let literal = try? ProtoLexer.tokenize("\"" + text + "\"", file: path), literal.count == 2, literal[0].kind == .string else {
                throw ProtobufError.invalidSchema(location: location, message: "field \(field) has a bytes default that is not C-escaped text: \(text)")
            }
            return .string(literal[0].bytes)
        case .bool, .enum: return .identifier(text)
        case .float, .double: return .float(Double(text) ?? 0)
        default:
            if text.hasPrefix("-") { return .integer(negative: true, magnitude: UInt64(text.dropFirst()) ?? 0) }
            return .integer(negative: false, magnitude: UInt64(text) ?? 0)
        }
    }

    private static func string(_ value: ProtoFieldValue?) -> String? {
        guard case let .single(.string(text))? = value else { return nil }
        return text
    }

    private static func strings(_ value: ProtoFieldValue?) -> [String] {
        guard case let .repeated(values)? = value else { return string(value).map { [$0] } ?? [] }
        return values.compactMap { if case let .string(text) = $0 { text } else { nil } }
    }

    private static func integers(_ value: ProtoFieldValue?) -> [Int64] {
        let values: [ProtoValue]
        switch value {
        case let .single(single)?: values = [single]
        case let .repeated(many)?: values = many
        default: values = []
        }
        return values.compactMap { value in
            switch value {
            case let .int32(number): return Int64(number)
            case let .int64(number): return number
            case let .enumValue(number): return Int64(number)
            case let .bool(flag): return flag ? 1 : 0
            default: return nil
            }
        }
    }

    private static func messages(_ value: ProtoFieldValue?) -> [ProtoMessage] {
        switch value {
        case let .single(.message(message))?: return [message]
        case let .repeated(values)?: return values.compactMap { if case let .message(message) = $0 { message } else { nil } }
        default: return []
        }
    }

    private static func ranges(_ value: ProtoFieldValue?, exclusiveEnd: Bool) -> [ProtoRange] {
        messages(value).map { range in
            let start = Int32(clamping: integers(range[1]).first ?? 0)
            let end = Int32(clamping: integers(range[2]).first ?? 0)
            return ProtoRange(start, exclusiveEnd ? end &- 1 : end)
        }
    }
}

extension ProtoSchema {
    /// Parses a schema given as a serialized `google.protobuf.FileDescriptorProto` (what
    /// Confluent's Python and Go serializers register, base64-encoded), its imports' sources in
    /// `references` by import path as for text. The schema's ``source`` is the file written out as
    /// `.proto` text in normal form, so it reads and links exactly as a hand-written file would.
    public init(fileDescriptorProto bytes: [UInt8], references: [String: String] = [:]) throws(ProtobufError) {
        let file = try DescriptorProtoReader.file(bytes)
        try self.init(parsing: file.normalizedSource, path: file.path, references: references)
    }
}
