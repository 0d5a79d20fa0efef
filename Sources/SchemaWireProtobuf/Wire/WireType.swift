/// The three-bit wire type in every field tag.
enum WireType: UInt8 {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5

    /// The wire type a field of `type` uses when not packed.
    init(for type: ProtoFieldType) {
        switch type {
        case .double, .fixed64, .sfixed64: self = .fixed64
        case .float, .fixed32, .sfixed32: self = .fixed32
        case .string, .bytes, .message: self = .lengthDelimited
        case .group: self = .startGroup
        case .int32, .int64, .uint32, .uint64, .sint32, .sint64, .bool, .enum: self = .varint
        }
    }
}
