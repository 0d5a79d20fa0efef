import Foundation
import SchemaWireCore

/// Avro's `uuid` logical type: a string in RFC 4122 text form, written in lowercase as Java's
/// and Python's clients do. Formatting and parsing the 36 characters directly avoids the two
/// String allocations of `uuidString.lowercased()` on every record.
public enum AvroUUID {
    /// The 36 lowercase text bytes of `uuid`.
    public static func text(_ uuid: UUID) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 36) { buffer, count in
            format(uuid, into: buffer)
            count = 36
        }
    }

    /// Writes the 36 text bytes of `uuid` to the start of `buffer`.
    @usableFromInline
    static func format(_ uuid: UUID, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        withUnsafeBytes(of: uuid.uuid) { raw in
            var position = 0
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                buffer[position] = hexDigit(byte >> 4)
                buffer[position + 1] = hexDigit(byte & 0x0F)
                position += 2
            }
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// The UUID that 36 text bytes (either case) spell, or nil.
    public static func parse(_ text: [UInt8]) -> UUID? {
        text.withUnsafeBufferPointer { parse($0) }
    }

    /// The UUID that 36 text bytes (either case) spell, or nil; read in place.
    public static func parse(_ text: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard text.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let valid = withUnsafeMutableBytes(of: &bytes) { output -> Bool in
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    guard text[position] == UInt8(ascii: "-") else { return false }
                    position += 1
                }
                guard let high = nibble(text[position]), let low = nibble(text[position + 1]) else { return false }
                output[index] = high << 4 | low
                position += 2
            }
            return true
        }
        return valid ? UUID(uuid: bytes) : nil
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension ByteWriter {
    /// A `uuid` string: its length, then its 36 lowercase characters, formatted on the stack and
    /// appended in one piece.
    @inlinable public mutating func writeAvroUUID(_ value: UUID) {
        write(atMost: 37) { buffer in
            buffer[0] = 72  // zigzag(36)
            AvroUUID.format(value, into: UnsafeMutableBufferPointer(rebasing: buffer[1...]))
            return 37
        }
    }
}
