/// A schema's globally unique id: the 16 bytes that Confluent's header framing carries after its
/// magic byte `1`, written as a lowercase RFC 9562 UUID (`8-4-4-4-12` hex digits).
///
/// Unlike the 4-byte id, which numbers schemas within one registry, a GUID names a schema across
/// registries, so records keep their meaning when topics are mirrored between clusters.
public struct SchemaGUID: Hashable, Sendable, CustomStringConvertible {
    /// The 16 bytes, in network (RFC 9562) order.
    public let bytes: [UInt8]

    /// The GUID of exactly 16 bytes; nil for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        self.bytes = Array(bytes)
    }

    /// Parses the text form (hyphens optional, either case); nil when it is not 32 hex digits.
    public init?(_ text: some StringProtocol) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        var high: UInt8?
        for unit in text.utf8 where unit != UInt8(ascii: "-") {
            guard let nibble = Self.nibble(unit), bytes.count < 16 else { return nil }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        guard high == nil, bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// The GUID Confluent Schema Registry gives a schema: the MD5 of the schema text, then each
    /// reference's name, subject and version (4 bytes, big-endian), then, when there is metadata,
    /// a 1 and its tags (each path and its sorted, distinct tags), properties (key and value) and
    /// sensitive names, all sorted as Java sorts strings, every string as UTF-8. The digest's 16
    /// bytes are the GUID as they are, so a registry that derives GUIDs this way names every
    /// schema as Confluent's does and header-framed records stay readable across the two.
    public init(confluentSchema text: String, references: [SchemaReference], metadata: SchemaMetadata?) {
        var message = Array(text.utf8)
        for reference in references {
            message += Array(reference.name.utf8)
            message += Array(reference.subject.utf8)
            let version = UInt32(truncatingIfNeeded: reference.version)
            message += [UInt8(version >> 24), UInt8(truncatingIfNeeded: version >> 16), UInt8(truncatingIfNeeded: version >> 8), UInt8(truncatingIfNeeded: version)]
        }
        if let metadata {
            // Java's String.compareTo: UTF-16 code unit order.
            func javaOrder(_ lhs: String, _ rhs: String) -> Bool { lhs.utf16.lexicographicallyPrecedes(rhs.utf16) }
            message.append(1)
            for path in metadata.tags.keys.sorted(by: javaOrder) {
                message += Array(path.utf8)
                for tag in Set(metadata.tags[path] ?? []).sorted(by: javaOrder) { message += Array(tag.utf8) }
            }
            for key in metadata.properties.keys.sorted(by: javaOrder) {
                message += Array(key.utf8)
                message += Array((metadata.properties[key] ?? "").utf8)
            }
            for name in Set(metadata.sensitive).sorted(by: javaOrder) { message += Array(name.utf8) }
        }
        bytes = MD5.hash(message)
    }

    /// A name-based GUID: the first 16 bytes of the SHA-256 of `name`, marked as an RFC 9562
    /// version 8 (custom) UUID. Equal names give equal GUIDs on every machine.
    public init(digestOf name: String) {
        var digest = Array(SHA256.hash(Array(name.utf8)).prefix(16))
        digest[6] = digest[6] & 0x0F | 0x80
        digest[8] = digest[8] & 0x3F | 0x80
        bytes = digest
    }

    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func nibble(_ unit: UInt8) -> UInt8? {
        switch unit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return unit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return unit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return unit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
