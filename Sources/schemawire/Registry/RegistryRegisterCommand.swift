import ArgumentParser
import Foundation
import SchemaWireCore
import SchemaWireProtobuf
import SchemaWireRegistry

/// `schemawire registry register`: registers a schema, refusing one that would break consumers.
struct RegistryRegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register a schema under a subject and print its id.",
        discussion: """
            The schema is first checked here against the subject's versions: BACKWARD against the latest, and the \
            subject's own level where that is stricter. A registry level of NONE does not switch this off; only \
            --no-enforce does. Refusals exit 1 and list each incompatibility.
            """
    )

    @OptionGroup var connection: RegistryConnectionOptions

    @Option(help: "The subject to register under (e.g. orders-value).")
    var subject: String

    @Option(help: "The schema file (.avsc; .proto and .json are sent as PROTOBUF and JSON).")
    var schema: String

    @Option(name: [.customShort("I"), .customLong("proto-path")], help: "A directory a .proto's imports are found in (protoc's -I); repeat. Each imported file is registered first, under its import path as subject, and referenced. Default: the current directory.")
    var protoPath: [String] = []

    @Option(name: .customLong("reference"), help: "A schema this one references, as NAME=SUBJECT:VERSION (VERSION a number or latest): an Avro type name or JSON $ref another subject holds; repeat. (.proto imports are found with -I instead.)")
    var references: [String] = []

    @Option(help: "A JSON file of metadata to register with the schema: {\"properties\": {...}, \"tags\": {...}, \"sensitive\": [...]} (what use.latest.with.metadata selects by).")
    var metadata: String?

    @Flag(help: "Ask the registry to normalize the schema.")
    var normalize = false

    @Flag(name: .customLong("no-enforce"), help: "Skip the client-side compatibility check.")
    var noEnforce = false

    func run() async throws {
        let text = try CommandIO.readText(schema)
        let type: SchemaType
        switch URL(fileURLWithPath: schema).pathExtension {
        case "proto": type = .protobuf
        case "json": type = .json
        default: type = .avro
        }
        var schemaMetadata: SchemaMetadata?
        if let metadata {
            do { schemaMetadata = try SchemaMetadata(jsonValue: try JSONValue(parsing: try CommandIO.readText(metadata))) } catch {
                throw CommandFailure.badInput("\(metadata): \(error)")
            }
        }
        var imports: ProtoSchema?
        if type == .protobuf, case let .protobuf(proto) = try SchemaDocument(path: schema, importPaths: protoPath).parsed, !proto.importSources.isEmpty {
            imports = proto
        }
        let client = try connection.client()
        var schemaReferences: [SchemaReference] = []
        for reference in references {
            guard let equals = reference.firstIndex(of: "="), let colon = reference.lastIndex(of: ":"), equals < colon else {
                throw CommandFailure.badInput("--reference \(reference): expected NAME=SUBJECT:VERSION")
            }
            let name = String(reference[..<equals])
            let referencedSubject = String(reference[reference.index(after: equals)..<colon])
            let versionText = String(reference[reference.index(after: colon)...])
            let version: Int
            if let number = Int(versionText), number > 0 {
                version = number
            } else if versionText == "latest" {
                version = try await registryCall { () throws(RegistryClientError) in try await client.version(.latest, of: referencedSubject) }.version
            } else {
                throw CommandFailure.badInput("--reference \(reference): VERSION must be a positive number or latest")
            }
            schemaReferences.append(SchemaReference(name: name, subject: referencedSubject, version: version))
        }
        do {
            var registrySchema = RegistrySchema(text: text, type: type, references: schemaReferences, metadata: schemaMetadata)
            if let imports {
                registrySchema = try await client.registeredImports(of: imports, normalize: normalize, enforceCompatibility: !noEnforce)
                registrySchema.metadata = schemaMetadata
            }
            let id = try await client.register(registrySchema, subject: subject, normalize: normalize, enforceCompatibility: !noEnforce)
            print(id)
        } catch let error {
            guard case let .incompatible(subject, level, incompatibilities) = error else {
                throw CommandFailure.badInput("\(schema): \(error)")
            }
            print("\(schema): refused for subject \"\(subject)\": not \(level.rawValue) compatible, \(incompatibilities.count) problem(s):")
            for incompatibility in incompatibilities {
                print("  \(incompatibility.kind) at \(incompatibility.path.isEmpty ? "/" : incompatibility.path) (\(incompatibility.direction.rawValue) against version \(incompatibility.version))")
                print("    \(incompatibility.message)")
                print("    fix: \(incompatibility.hint)")
            }
            throw ExitCode(1)
        }
    }
}
