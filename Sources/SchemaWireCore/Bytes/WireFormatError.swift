/// A byte-level problem found while reading an encoded payload.
///
/// Every case names the byte offset where reading went wrong so that a user can find the bad byte
/// in a hex dump of the message.
public enum WireFormatError: Error, Hashable, Sendable {
    /// The input ended before a value was complete.
    case truncated(offset: Int, needed: Int, available: Int)
    /// A variable-length integer ran past its maximum size (10 bytes for 64 bits, 5 for 32).
    case varintTooLong(offset: Int)
    /// A varint's value does not fit the integer width the format declares.
    case varintOverflow(offset: Int, bits: Int)
    /// A length prefix was negative or larger than the remaining input.
    case invalidLength(offset: Int, length: Int64, remaining: Int)
    /// A string's bytes are not valid UTF-8.
    case invalidUTF8(offset: Int, length: Int)
    /// Bytes were left over after the value ended.
    case trailingBytes(offset: Int, count: Int)
    /// A Confluent-framed payload did not start with the magic byte 0.
    case invalidMagicByte(offset: Int, found: UInt8)
    /// The input needed more than a cap allows (a message-index path longer than
    /// ``ConfluentFraming/maximumMessageIndexes``).
    case limitExceeded(LimitExceeded)
}

extension WireFormatError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .truncated(offset, needed, available):
            return "truncated input at byte \(offset): needed \(needed) byte(s), \(available) left"
        case let .varintTooLong(offset):
            return "varint at byte \(offset) is longer than its maximum encoded size"
        case let .varintOverflow(offset, bits):
            return "varint at byte \(offset) does not fit in \(bits) bits"
        case let .invalidLength(offset, length, remaining):
            return "invalid length \(length) at byte \(offset): \(remaining) byte(s) remain"
        case let .invalidUTF8(offset, length):
            return "string of \(length) byte(s) at byte \(offset) is not valid UTF-8"
        case let .trailingBytes(offset, count):
            return "\(count) unexpected trailing byte(s) at byte \(offset)"
        case let .invalidMagicByte(offset, found):
            return "expected magic byte 0x00 at byte \(offset), found 0x\(String(found, radix: 16))"
        case let .limitExceeded(limit):
            return limit.description
        }
    }
}

extension WireFormatError {
    /// The byte offset at which the problem was found.
    public var offset: Int {
        switch self {
        case let .truncated(offset, _, _), let .varintTooLong(offset), let .varintOverflow(offset, _),
            let .invalidLength(offset, _, _), let .invalidUTF8(offset, _), let .trailingBytes(offset, _),
            let .invalidMagicByte(offset, _):
            return offset
        case let .limitExceeded(limit):
            return limit.offset ?? 0
        }
    }
}
