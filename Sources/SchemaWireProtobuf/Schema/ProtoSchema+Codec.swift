extension ProtoSchema {
    /// The compiled index of `messageName` (qualified or package-relative), or of the file's first
    /// message when nil.
    func compiledIndex(of messageName: String?) throws(ProtobufError) -> Int {
        guard let name = messageName ?? defaultMessageName else {
            throw ProtobufError.unknownMessage("\(file.path) declares no message")
        }
        guard let index = compiled.messageIndex(named: qualified(name)) else {
            throw ProtobufError.unknownMessage("no message named \(name) in \(file.path)")
        }
        return index
    }

    /// Decodes a Protobuf payload (without Confluent framing) as `messageName`, by default the
    /// file's first message.
    public func decode(_ bytes: [UInt8], as messageName: String? = nil) throws(ProtobufError) -> ProtoMessage {
        try ProtoBinaryDecoder.decode(bytes, messageIndex: try compiledIndex(of: messageName), types: compiled)
    }

    /// Encodes `message` as `messageName` (by default the file's first message): known fields in
    /// number order, then the unknown fields it carries.
    public func encode(_ message: ProtoMessage, as messageName: String? = nil) throws(ProtobufError) -> [UInt8] {
        try ProtoBinaryEncoder.encode(message, messageIndex: try compiledIndex(of: messageName), types: compiled)
    }
}
