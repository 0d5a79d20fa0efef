import SchemaWireCore

/// The 64-bit Rabin fingerprint the Avro specification names CRC-64-AVRO.
public enum CRC64Avro {
    /// The fingerprint of the empty input, and the polynomial's seed.
    public static let empty: UInt64 = 0xC15D_213A_A4D7_A795

    private static let table: [UInt64] = (0..<256).map { index in
        var fingerprint = UInt64(index)
        for _ in 0..<8 { fingerprint = (fingerprint >> 1) ^ (empty & (0 &- (fingerprint & 1))) }
        return fingerprint
    }

    /// The fingerprint of `bytes`.
    public static func fingerprint<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var fingerprint = empty
        for byte in bytes {
            fingerprint = (fingerprint >> 8) ^ table[Int((fingerprint ^ UInt64(byte)) & 0xFF)]
        }
        return fingerprint
    }
}

extension AvroSchema {
    /// The CRC-64-AVRO fingerprint of the canonical form: what Avro's single-object encoding and
    /// schema stores use to identify a schema.
    public var fingerprint: UInt64 { CRC64Avro.fingerprint(canonicalForm.utf8) }

    /// The CRC-64-AVRO fingerprint as the single-object encoding writes it: 8 bytes, little-endian.
    public var fingerprintBytes: [UInt8] {
        let value = fingerprint
        return (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// The MD5 digest of the canonical form.
    public var md5Fingerprint: [UInt8] { MD5.hash(Array(canonicalForm.utf8)) }

    /// The SHA-256 digest of the canonical form.
    public var sha256Fingerprint: [UInt8] { SHA256.hash(Array(canonicalForm.utf8)) }
}
