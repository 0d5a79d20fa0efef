import Foundation

/// Random (version 4) UUIDs as lowercase text for the `x-event-id` header, drawn from a block of
/// kernel randomness (one read of the random device per 256 ids): Foundation's `UUID()` opens the random device for
/// every id, which cost more than encoding the record.
struct EventIDs {
    private var pool = [UInt8](repeating: 0, count: 16 * 256)
    private var next = 16 * 256

    private static let hexDigits = Array("0123456789abcdef".utf8)

    mutating func make() -> String {
        if next == pool.count { refill() }
        defer { next += 16 }
        var bytes = pool[next..<next + 16]
        bytes[next + 6] = bytes[next + 6] & 0x0F | 0x40
        bytes[next + 8] = bytes[next + 8] & 0x3F | 0x80
        return String(unsafeUninitializedCapacity: 36) { text in
            var index = 0
            for (position, byte) in bytes.enumerated() {
                if position == 4 || position == 6 || position == 8 || position == 10 {
                    text[index] = UInt8(ascii: "-")
                    index += 1
                }
                text[index] = Self.hexDigits[Int(byte >> 4)]
                text[index + 1] = Self.hexDigits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }

    private mutating func refill() {
        let filled = pool.withUnsafeMutableBytes { buffer in
            buffer.baseAddress.map { read(Self.randomDevice, $0, buffer.count) } ?? -1
        }
        if filled != pool.count {
            // No block from the device (none, or interrupted): the standard library's generator,
            // 8 bytes at a time.
            var generator = SystemRandomNumberGenerator()
            pool.withUnsafeMutableBytes { buffer in
                for offset in stride(from: 0, to: buffer.count, by: 8) {
                    buffer.storeBytes(of: generator.next() as UInt64, toByteOffset: offset, as: UInt64.self)
                }
            }
        }
        next = 0
    }

    /// `/dev/urandom`, opened once for the process (-1 when it cannot be).
    private static let randomDevice = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
}
