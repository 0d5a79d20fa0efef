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

    /// Writes the 36 text bytes of `uuid` to the start of `buffer` (which holds at least 36).
    ///
    /// Four bytes at a time become eight hex digits in one 64-bit word: their nibbles are spread
    /// one per byte, then each gets `'0'`, plus the distance to `'a'` where it is 10 or more.
    @usableFromInline
    static func format(_ uuid: UUID, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        precondition(buffer.count >= 36, "a UUID's text needs 36 bytes")
        guard let base = buffer.baseAddress else { return }
        let output = UnsafeMutableRawPointer(base)
        withUnsafeBytes(of: uuid.uuid) { raw in
            func digits(_ group: Int) -> UInt64 { hexDigits(raw.loadUnaligned(fromByteOffset: 4 * group, as: UInt32.self).bigEndian) }
            // 8 digits, then 4-4 twice with dashes between, then 12 digits: 8-4-4-4-12.
            func split(_ group: UInt64, at offset: Int) {
                output.storeBytes(of: UInt32(truncatingIfNeeded: group >> 32).bigEndian, toByteOffset: offset, as: UInt32.self)
                output.storeBytes(of: UInt8(ascii: "-"), toByteOffset: offset + 4, as: UInt8.self)
                output.storeBytes(of: UInt32(truncatingIfNeeded: group).bigEndian, toByteOffset: offset + 5, as: UInt32.self)
            }
            output.storeBytes(of: digits(0).bigEndian, as: UInt64.self)
            output.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 8, as: UInt8.self)
            split(digits(1), at: 9)
            output.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 18, as: UInt8.self)
            split(digits(2), at: 19)
            output.storeBytes(of: digits(3).bigEndian, toByteOffset: 28, as: UInt64.self)
        }
    }

    /// The eight lowercase hex digits of `value`, most significant first in the word's high byte.
    @usableFromInline
    static func hexDigits(_ value: UInt32) -> UInt64 {
        var nibbles = UInt64(value)
        nibbles = (nibbles | nibbles << 16) & 0x0000_FFFF_0000_FFFF
        nibbles = (nibbles | nibbles << 8) & 0x00FF_00FF_00FF_00FF
        nibbles = (nibbles | nibbles << 4) & 0x0F0F_0F0F_0F0F_0F0F
        let letters = ((nibbles &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        return nibbles &+ 0x3030_3030_3030_3030 &+ letters &* UInt64(UInt8(ascii: "a") - UInt8(ascii: "0") - 10)
    }

    /// The UUID that 36 text bytes (either case) spell, or nil.
    public static func parse(_ text: [UInt8]) -> UUID? {
        text.withUnsafeBufferPointer { parse($0) }
    }

    /// The UUID that 36 text bytes (either case) spell, or nil; read in place.
    ///
    /// Eight characters at a time are checked and turned into four bytes in one 64-bit word, the
    /// reverse of ``hexDigits(_:)``.
    public static func parse(_ text: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard text.count == 36, let base = text.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        func isDash(_ offset: Int) -> Bool { raw.load(fromByteOffset: offset, as: UInt8.self) == UInt8(ascii: "-") }
        guard isDash(8), isDash(13), isDash(18), isDash(23) else { return nil }
        func chars(_ offset: Int) -> UInt64 { UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) }
        // 8-4-4-4-12: bytes 0...3, 4...7 (two groups of four), 8...11 (likewise), 12...15.
        guard let first = bytes(ofHex: chars(0) | chars(4) << 32), let second = bytes(ofHex: chars(9) | chars(14) << 32),
              let third = bytes(ofHex: chars(19) | chars(24) << 32), let fourth = bytes(ofHex: chars(28) | chars(32) << 32)
        else { return nil }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { output in
            output.storeBytes(of: first.littleEndian, toByteOffset: 0, as: UInt32.self)
            output.storeBytes(of: second.littleEndian, toByteOffset: 4, as: UInt32.self)
            output.storeBytes(of: third.littleEndian, toByteOffset: 8, as: UInt32.self)
            output.storeBytes(of: fourth.littleEndian, toByteOffset: 12, as: UInt32.self)
        }
        return UUID(uuid: uuid)
    }

    /// The four bytes that eight hex characters spell (the first character in the low byte of
    /// `characters`, the first byte in the low byte of the result), or nil if one is not a hex
    /// digit. Always inlined: as a call, its constants were rebuilt for each of a UUID's four groups.
    @inline(__always)
    static func bytes(ofHex characters: UInt64) -> UInt32? {
        func each(_ byte: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(byte) }
        let top = each(0x80)
        guard characters & top == 0 else { return nil }
        // Each test leaves a lane's top bit set where it holds; no lane borrows, all being < 0x80.
        let digit = ((characters | top) &- each(0x30)) & (each(0x80 + 0x39) &- characters) & top
        let lower = characters | each(0x20)
        let letter = ((lower | top) &- each(0x61)) & (each(0x80 + 0x66) &- lower) & top
        guard digit | letter == top else { return nil }
        // '0'...'9' and 'a'...'f' / 'A'...'F' end in their value, or in their value minus 9.
        let nibbles = (characters & each(0x0F)) &+ (letter >> 7) &* 9
        // Pairs of nibbles into bytes, then the bytes of the 16-bit lanes side by side.
        let pairs = (nibbles & 0x00FF_00FF_00FF_00FF) << 4 | (nibbles >> 8 & 0x00FF_00FF_00FF_00FF)
        let halves = (pairs | pairs >> 8) & 0x0000_FFFF_0000_FFFF
        return UInt32(truncatingIfNeeded: halves | halves >> 16)
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
