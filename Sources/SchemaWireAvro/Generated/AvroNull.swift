/// The value of an Avro `null` field in generated code: there is only one.
public struct AvroNull: Codable, Hashable, Sendable {
    public init() {}

    public init(from decoder: any Decoder) throws {
        guard try decoder.singleValueContainer().decodeNil() else {
            throw DecodingError.typeMismatch(AvroNull.self, .init(codingPath: decoder.codingPath, debugDescription: "expected null"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}
