import ArgumentParser
import SchemaWireAvro
import SchemaWireCore

/// `schemawire avro canonical`: the Parsing Canonical Form and its fingerprints.
struct AvroCanonicalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canonical",
        abstract: "Print a schema's Parsing Canonical Form and its CRC-64-AVRO, MD5 and SHA-256 fingerprints.",
        discussion: "crc64-avro is printed little-endian, as Avro's single-object encoding writes it."
    )

    @Option(help: "The Avro schema (.avsc).")
    var schema: String

    func run() async throws {
        let avroSchema = try loadAvroSchema(schema)
        print(avroSchema.canonicalForm)
        print("crc64-avro: \(avroSchema.fingerprintBytes.hexString)")
        print("md5: \(avroSchema.md5Fingerprint.hexString)")
        print("sha256: \(avroSchema.sha256Fingerprint.hexString)")
    }
}
