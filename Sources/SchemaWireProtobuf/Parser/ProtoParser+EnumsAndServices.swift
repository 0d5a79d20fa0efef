// Enum and service declarations.
extension ProtoParser {
    mutating func parseEnum() throws(ProtobufError) -> ProtoEnumType {
        let token = current
        try expectKeyword("enum")
        let name = try identifier("an enum name")
        var enumType = ProtoEnumType(name: name, location: location(token))
        try expect("{")
        while !consume("}") {
            if current.kind == .endOfFile { throw error("expected '}' to close enum \(name)", at: token) }
            if consume(";") { continue }
            if isKeyword("option") {
                enumType.options.append(try parseOptionStatement())
            } else if isKeyword("reserved") {
                let (ranges, names) = try parseReserved(maximum: Int32.max)
                enumType.reservedRanges += ranges
                enumType.reservedNames += names
            } else {
                let valueToken = current
                let valueName = try identifier("an enum value name")
                try expect("=")
                let number = try int32("an enum value number")
                let options = try parseOptionList()
                try expect(";")
                enumType.values.append(ProtoEnumValue(name: valueName, number: number, options: options, location: location(valueToken)))
            }
        }
        guard !enumType.values.isEmpty else { throw error("enum \(name) must have at least one value", at: token) }
        if syntax == .proto3, enumType.values[0].number != 0 {
            throw ProtobufError.invalidSchema(
                location: enumType.values[0].location, message: "the first value of a proto3 enum must be zero (\(name).\(enumType.values[0].name))"
            )
        }
        return enumType
    }

    // MARK: Services

    mutating func parseService() throws(ProtobufError) -> ProtoService {
        let token = current
        advance()
        let name = try identifier("a service name")
        var service = ProtoService(name: name, methods: [], options: [], location: location(token))
        try expect("{")
        while !consume("}") {
            if current.kind == .endOfFile { throw error("expected '}' to close service \(name)", at: token) }
            if consume(";") { continue }
            if isKeyword("option") {
                service.options.append(try parseOptionStatement())
                continue
            }
            try expectKeyword("rpc")
            let methodName = try identifier("a method name")
            try expect("(")
            let clientStreaming = isStreamKeyword()
            if clientStreaming { advance() }
            let input = try typeName()
            try expect(")")
            try expectKeyword("returns")
            try expect("(")
            let serverStreaming = isStreamKeyword()
            if serverStreaming { advance() }
            let output = try typeName()
            try expect(")")
            var options: [ProtoOption] = []
            if consume("{") {
                while !consume("}") {
                    if current.kind == .endOfFile { throw error("expected '}' to close rpc \(methodName)") }
                    if consume(";") { continue }
                    options.append(try parseOptionStatement())
                }
            } else {
                try expect(";")
            }
            service.methods.append(
                .init(name: methodName, inputType: input, outputType: output, clientStreaming: clientStreaming, serverStreaming: serverStreaming, options: options)
            )
        }
        return service
    }
}
