/// Builds `google.protobuf.FileDescriptorProto` messages from linked files, field for field as protoc
/// writes them with `--descriptor_set_out`, so that SchemaWire's model can be checked against protoc
/// and handed to any tool that reads descriptor sets.
struct DescriptorProtoBuilder {
    let descriptorSchema: ProtoSchema

    /// The built-in `descriptor.proto`, parsed once.
    static let shared: Result<DescriptorProtoBuilder, ProtobufError> = Result { () throws(ProtobufError) -> DescriptorProtoBuilder in
        let path = "google/protobuf/descriptor.proto"
        let source = WellKnownTypes.sources[path] ?? ""
        return DescriptorProtoBuilder(descriptorSchema: try ProtoSchema(parsing: source, path: path))
    }

    func file(_ file: ProtoFile) throws(ProtobufError) -> ProtoMessage {
        var proto = ProtoMessage()
        proto[1] = .single(.string(file.path))
        if !file.package.isEmpty { proto[2] = .single(.string(file.package)) }
        if !file.imports.isEmpty { proto[3] = .repeated(file.imports.map { .string($0.path) }) }
        let publicIndexes = file.imports.indices.filter { file.imports[$0].kind == .public }
        if !publicIndexes.isEmpty { proto[10] = .repeated(publicIndexes.map { .int32(Int32($0)) }) }
        let weakIndexes = file.imports.indices.filter { file.imports[$0].kind == .weak }
        if !weakIndexes.isEmpty { proto[11] = .repeated(weakIndexes.map { .int32(Int32($0)) }) }
        proto[4] = try repeated(file.messages.map { (m) throws(ProtobufError) in try message(m) })
        proto[5] = try repeated(file.enums.map { (e) throws(ProtobufError) in try enumType(e) })
        proto[6] = try repeated(file.services.map { (s) throws(ProtobufError) in try service(s) })
        proto[7] = try repeated(file.extensions.map { (f) throws(ProtobufError) in try field(f) })
        proto[8] = try options(file.options, of: "google.protobuf.FileOptions")
        if file.syntax == .proto3 { proto[12] = .single(.string("proto3")) }
        return proto
    }

    private func repeated(_ messages: [ProtoMessage]) throws(ProtobufError) -> ProtoFieldValue? {
        messages.isEmpty ? nil : .repeated(messages.map { .message($0) })
    }

    private func ranges(_ ranges: [ProtoRange], exclusiveEnd: Bool) -> ProtoFieldValue? {
        guard !ranges.isEmpty else { return nil }
        return .repeated(ranges.map { range in
            .message(ProtoMessage(fields: [1: .single(.int32(range.start)), 2: .single(.int32(exclusiveEnd ? range.end &+ 1 : range.end))]))
        })
    }

    private func message(_ message: ProtoMessageType) throws(ProtobufError) -> ProtoMessage {
        var proto = ProtoMessage()
        proto[1] = .single(.string(message.name))
        proto[2] = try repeated(message.fields.map { (f) throws(ProtobufError) in try field(f) })
        proto[3] = try repeated(message.nestedMessages.map { (m) throws(ProtobufError) in try self.message(m) })
        proto[4] = try repeated(message.nestedEnums.map { (e) throws(ProtobufError) in try enumType(e) })
        proto[5] = ranges(message.extensionRanges, exclusiveEnd: true)
        proto[6] = try repeated(message.extensions.map { (f) throws(ProtobufError) in try field(f) })
        proto[7] = try options(message.options, of: "google.protobuf.MessageOptions")
        proto[8] = try repeated(message.oneofs.map { (oneof) throws(ProtobufError) -> ProtoMessage in
            var oneofProto = ProtoMessage(fields: [1: .single(.string(oneof.name))])
            oneofProto[2] = try options(oneof.options, of: "google.protobuf.OneofOptions")
            return oneofProto
        })
        proto[9] = ranges(message.reservedRanges, exclusiveEnd: true)
        if !message.reservedNames.isEmpty { proto[10] = .repeated(message.reservedNames.map { .string($0) }) }
        return proto
    }

    private func field(_ field: ProtoField) throws(ProtobufError) -> ProtoMessage {
        var proto = ProtoMessage()
        proto[1] = .single(.string(field.name))
        if let extendee = field.extendee { proto[2] = .single(.string(extendee)) }
        proto[3] = .single(.int32(field.number))
        let label: Int32 = switch field.label {
        case .optional: 1
        case .required: 2
        case .repeated: 3
        }
        proto[4] = .single(.enumValue(label))
        proto[5] = .single(.enumValue(Int32(field.type.rawValue)))
        if let typeName = field.typeName { proto[6] = .single(.string(typeName)) }
        if let value = field.defaultValue { proto[7] = .single(.string(Self.defaultValueText(value, type: field.type))) }
        proto[8] = try options(field.options, of: "google.protobuf.FieldOptions")
        if let oneof = field.oneofIndex { proto[9] = .single(.int32(Int32(oneof))) }
        proto[10] = .single(.string(field.jsonName))
        if field.isProto3Optional { proto[17] = .single(.bool(true)) }
        return proto
    }

    private func enumType(_ enumType: ProtoEnumType) throws(ProtobufError) -> ProtoMessage {
        var proto = ProtoMessage()
        proto[1] = .single(.string(enumType.name))
        proto[2] = try repeated(enumType.values.map { (value) throws(ProtobufError) -> ProtoMessage in
            var valueProto = ProtoMessage(fields: [1: .single(.string(value.name)), 2: .single(.int32(value.number))])
            valueProto[3] = try options(value.options, of: "google.protobuf.EnumValueOptions")
            return valueProto
        })
        proto[3] = try options(enumType.options, of: "google.protobuf.EnumOptions")
        proto[4] = ranges(enumType.reservedRanges, exclusiveEnd: false)
        if !enumType.reservedNames.isEmpty { proto[5] = .repeated(enumType.reservedNames.map { .string($0) }) }
        return proto
    }

    private func service(_ service: ProtoService) throws(ProtobufError) -> ProtoMessage {
        var proto = ProtoMessage()
        proto[1] = .single(.string(service.name))
        proto[2] = try repeated(service.methods.map { (method) throws(ProtobufError) -> ProtoMessage in
            var methodProto = ProtoMessage(fields: [
                1: .single(.string(method.name)), 2: .single(.string(method.inputType)), 3: .single(.string(method.outputType)),
            ])
            methodProto[4] = try options(method.options, of: "google.protobuf.MethodOptions")
            if method.clientStreaming { methodProto[5] = .single(.bool(true)) }
            if method.serverStreaming { methodProto[6] = .single(.bool(true)) }
            return methodProto
        })
        proto[3] = try options(service.options, of: "google.protobuf.ServiceOptions")
        return proto
    }

    /// Standard options become fields of the options message; custom `(extension)` options are not
    /// representable without their extension declarations and are left out.
    private func options(_ options: [ProtoOption], of messageName: String) throws(ProtobufError) -> ProtoFieldValue? {
        let standard = options.filter { !$0.name.hasPrefix("(") }
        guard !standard.isEmpty else { return nil }
        let index = try descriptorSchema.compiledIndex(of: messageName)
        let type = descriptorSchema.compiled.messages[index]
        var proto = ProtoMessage()
        for option in standard {
            guard let fieldIndex = type.fieldByName[option.name], type.fields[fieldIndex].name == option.name else {
                throw ProtobufError.invalidSchema(location: option.location, message: "unknown option \"\(option.name)\" for \(messageName)")
            }
            let field = type.fields[fieldIndex]
            let enumType = field.enumIndex.map { descriptorSchema.compiled.enums[$0] }
            let value = try ProtoValue.defaultValue(option.value, type: field.type, enumType: enumType, at: option.location)
            proto[field.number] = field.isRepeated ? .repeated([value]) : .single(value)
        }
        return .single(.message(proto))
    }

    /// protoc's text for `default_value`: decimal integers, shortest round-trip floats, `inf`/`nan`,
    /// raw strings, C-escaped bytes, enum value names.
    static func defaultValueText(_ constant: ProtoConstant, type: ProtoFieldType) -> String {
        switch constant {
        case let .identifier(name): return name
        case let .integer(negative, magnitude):
            if type == .float || type == .double { return floatText(negative ? -Double(magnitude) : Double(magnitude), type: type) }
            return (negative ? "-" : "") + String(magnitude)
        case let .float(value): return floatText(value, type: type)
        case let .string(bytes): return type == .bytes ? cEscape(bytes) : String(decoding: bytes, as: UTF8.self)
        case let .aggregate(text): return text
        }
    }

    private static func floatText(_ value: Double, type: ProtoFieldType) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let text = type == .float ? String(describing: Float(value)) : String(describing: value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    private static func cEscape(_ bytes: [UInt8]) -> String {
        var text = ""
        for byte in bytes {
            switch byte {
            case 0x0A: text += "\\n"
            case 0x0D: text += "\\r"
            case 0x09: text += "\\t"
            case 0x22: text += "\\\""
            case 0x27: text += "\\'"
            case 0x5C: text += "\\\\"
            case 0x20..<0x7F: text.append(Character(Unicode.Scalar(byte)))
            default:
                let octal = String(byte, radix: 8)
                text += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return text
    }
}

extension ProtoSchema {
    /// This file alone as a serialized `google.protobuf.FileDescriptorProto`: what Confluent's
    /// registry serves, base64-encoded, for `?format=serialized` and what its clients parse.
    public func fileDescriptorProto() throws(ProtobufError) -> [UInt8] {
        let builder = try DescriptorProtoBuilder.shared.get()
        return try builder.descriptorSchema.encode(try builder.file(file), as: "google.protobuf.FileDescriptorProto")
    }

    /// The schema and its imports as a serialized `google.protobuf.FileDescriptorSet`, dependencies
    /// first: the form protoc, grpcurl and Buf read.
    public func descriptorSet() throws(ProtobufError) -> [UInt8] {
        let builder = try DescriptorProtoBuilder.shared.get()
        var files: [ProtoValue] = []
        for file in dependencies + [file] { files.append(.message(try builder.file(file))) }
        return try builder.descriptorSchema.encode(ProtoMessage(fields: [1: .repeated(files)]), as: "google.protobuf.FileDescriptorSet")
    }
}
