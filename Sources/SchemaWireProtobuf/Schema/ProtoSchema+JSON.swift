import SchemaWireCore

extension ProtoSchema {
    /// The message in the Protobuf JSON mapping (proto3 JSON), as `messageName` or the first message.
    public func json(_ message: ProtoMessage, as messageName: String? = nil) throws(ProtobufError) -> JSONValue {
        try ProtoJSONEncoder(types: compiled).json(message, as: try compiledIndex(of: messageName))
    }

    /// Reads a message from the Protobuf JSON mapping, as `messageName` or the first message.
    public func message(fromJSON json: JSONValue, as messageName: String? = nil) throws(ProtobufError) -> ProtoMessage {
        try ProtoJSONDecoder(types: compiled).message(json, as: try compiledIndex(of: messageName))
    }
}
