import Foundation
import SchemaWireAvro
import SchemaWireCore

/// A schema as the registry understands it: parsed where the language is supported, with the
/// identity that decides which registrations are "the same schema".
struct ParsedSchema: Sendable {
    var type: SchemaType
    /// The parsed Avro schema (nil for languages checked only for well-formedness).
    var avro: AvroSchema?

    /// Parses `text` of `type`, with `references` already parsed.
    ///
    /// Avro is fully validated and compatibility-checked. JSON Schema and Protobuf are stored and
    /// returned as given (JSON must be well-formed JSON) and checked at level NONE until their
    /// engines exist.
    init(type: SchemaType, text: String, references: [ParsedSchema]) throws(RegistryError) {
        self.type = type
        switch type {
        case .avro:
            do {
                avro = try AvroSchema(parsing: text, references: references.compactMap(\.avro))
            } catch {
                throw .invalidSchema(error.description)
            }
        case .json:
            do { _ = try JSONValue(parsing: text) } catch { throw .invalidSchema(error.description) }
            avro = nil
        case .protobuf:
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .invalidSchema("empty Protobuf schema") }
            avro = nil
        }
    }

    /// The key two registrations must share to be the same schema (a digest, so it indexes
    /// well). Avro compares the compact JSON of the parsed schema (attribute order and whitespace do not matter); with
    /// `normalize`, the Parsing Canonical Form (docs, defaults and aliases do not matter either).
    func identity(text: String, references: [SchemaReference], normalize: Bool) -> String {
        let body: String
        if let avro {
            body = normalize ? avro.canonicalForm : avro.jsonString()
        } else {
            body = text
        }
        let referenceKey = references.map { "\($0.name)=\($0.subject)@\($0.version)" }.joined(separator: ",")
        return type.rawValue + ":" + SHA256.hash(Array((referenceKey + "\n" + body).utf8)).hexString
    }
}
