import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireProtobuf

/// A schema as the registry understands it: parsed where the language is supported, with the
/// identity that decides which registrations are "the same schema".
struct ParsedSchema: Sendable {
    var type: SchemaType
    /// The parsed Avro schema.
    var avro: AvroSchema?
    /// The parsed and linked Protobuf schema.
    var protobuf: ProtoSchema?
    /// For Protobuf: every file this schema imports, by import path, transitively (what a schema
    /// referencing this one needs to link).
    var importSources: [String: String] = [:]
    /// For Protobuf submitted as a base64 `FileDescriptorProto` (as Confluent's Python and Go
    /// serializers send it): kept as the `.proto` text the descriptor describes, as Confluent keeps it.
    var isFromDescriptor = false

    /// A resolved schema reference: the name it is imported by, and the schema it names.
    struct Reference: Sendable {
        var name: String
        var text: String
        var schema: ParsedSchema
    }

    /// Parses `text` of `type`, with `references` already parsed.
    ///
    /// Avro and Protobuf are fully validated and compatibility-checked; a Protobuf schema's imports
    /// are its references by name (well-known types are built in). JSON Schema is stored and
    /// returned as given (it must be well-formed JSON) and checked at level NONE.
    init(type: SchemaType, text: String, references: [Reference]) throws(RegistryError) {
        self.type = type
        switch type {
        case .avro:
            do {
                avro = try AvroSchema(parsing: text, references: references.compactMap(\.schema.avro))
            } catch {
                throw .invalidSchema(error.description)
            }
        case .json:
            do { _ = try JSONValue(parsing: text) } catch { throw .invalidSchema(error.description) }
        case .protobuf:
            var sources: [String: String] = [:]
            for reference in references {
                sources.merge(reference.schema.importSources) { first, _ in first }
                sources[reference.name] = reference.text
            }
            do {
                protobuf = try ProtoSchema(parsing: text, path: Self.rootPath(avoiding: sources), references: sources)
            } catch {
                guard let descriptor = Self.base64Descriptor(text) else { throw .invalidSchema(error.description) }
                do {
                    protobuf = try ProtoSchema(fileDescriptorProto: descriptor, references: sources)
                    isFromDescriptor = true
                } catch let descriptorError {
                    throw .invalidSchema("neither .proto text (\(error.description)) nor a base64 FileDescriptorProto (\(descriptorError.description))")
                }
            }
            importSources = sources
        }
    }

    /// The bytes of `text` when it is base64 and nothing else (a `.proto` always has spaces or
    /// punctuation base64 lacks).
    private static func base64Descriptor(_ text: String) -> [UInt8]? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "=") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
            return nil
        }
        return Base64.decode(trimmed)
    }

    /// A name for the schema's own file that none of its imports uses.
    private static func rootPath(avoiding sources: [String: String]) -> String {
        var name = "schema.proto"
        while sources[name] != nil { name = "_" + name }
        return name
    }

    /// The text the registry keeps for a submission of `text`: Avro as the compact JSON of the
    /// parsed schema in the shape Confluent's registry writes (names short, `namespace` where it
    /// changes; or its normal form), Protobuf as given (a descriptor as its `.proto` text; or its
    /// normal form).
    func storedText(_ text: String, normalize: Bool) -> String {
        if let avro { return normalize ? avro.normalizedForm : avro.jsonString(names: .namespaced) }
        if let protobuf, normalize || isFromDescriptor { return normalize ? protobuf.normalizedSource : protobuf.source }
        return text
    }

    /// The key two registrations must share to be the same schema (a digest, so it indexes
    /// well), from the ``storedText(_:normalize:)`` of the submission. Avro compares the compact
    /// JSON of the parsed schema with names in full where they leave the enclosing namespace (one
    /// text for every way of writing a name, as it has always been, so stored identities stay
    /// valid; attribute order and whitespace do not matter); with `normalize`, its normal form
    /// (docs and custom properties do not matter either). Protobuf compares the stored text: as
    /// given, or with `normalize` its normal form (comments, formatting, option order and relative
    /// type names do not matter). Metadata counts too: the same text with other metadata is another
    /// schema, as in Confluent's registry.
    func identity(storedText: String, references: [SchemaReference], metadata: SchemaMetadata?, normalize: Bool) -> String {
        let body = normalize ? storedText : avro?.jsonString() ?? storedText
        let referenceKey = references.map { "\($0.name)=\($0.subject)@\($0.version)" }.joined(separator: ",")
        let metadataKey = metadata.map { "\nmetadata:" + $0.jsonValue.serialized() } ?? ""
        return type.rawValue + ":" + SHA256.hash(Array((referenceKey + "\n" + body + metadataKey).utf8)).hexString
    }
}
