import ArgumentParser
import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireRegistry

/// `schemawire check`: refuses schema changes that would break consumers, before they reach a registry.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that a schema is compatible with its earlier versions.",
        discussion: """
            Either check one schema (--schema) against earlier versions given as files (--against, oldest \
            first), a directory of versions (--against-dir), a git revision (--against-git) or a registry subject \
            (--against-registry URL --subject S; credentials from $SCHEMAWIRE_REGISTRY_USER_INFO), or check every \
            schema under PATH... against its previous git version (or --against-git REF) with a summary table.
            Exit 0 when compatible, 1 when incompatible, 2 for bad input.
            """
    )

    @Argument(help: "Schema files or directories to check against their previous git versions.")
    var paths: [String] = []

    @Option(help: "The new schema (.avsc or .proto).")
    var schema: String?

    @Option(help: "An earlier version of the schema; repeat, oldest first.")
    var against: [String] = []

    @Option(help: "A directory whose schema files are the earlier versions (sorted by name, oldest first).")
    var againstDir: String?

    @Option(help: "A git revision holding the earlier version of the same path (e.g. origin/main).")
    var againstGit: String?

    @Option(help: "A schema registry whose subject holds the earlier versions (with --subject).")
    var againstRegistry: String?

    @Option(help: "The registry subject to check against (with --against-registry).")
    var subject: String?

    @Option(help: "BACKWARD (default), BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE or NONE.")
    var level: String = CompatibilityLevel.default.rawValue

    @Option(name: [.customShort("I"), .customLong("proto-path")], help: "A directory .proto imports are found in (protoc's -I); repeat. Default: the current directory.")
    var protoPath: [String] = []

    @Option(help: "A directory the earlier versions' .proto imports are found in, when they differ from the new file's; repeat. Default: --proto-path. Registry versions take theirs from the registry.")
    var againstProtoPath: [String] = []

    /// Where the earlier versions' imports are found.
    private var earlierProtoPath: [String] { againstProtoPath.isEmpty ? protoPath : againstProtoPath }

    @Option(help: "text, json or github (annotations).")
    var format: String = CheckFormat.text.rawValue

    func validate() throws {
        guard CompatibilityLevel(name: level) != nil else {
            throw ValidationError("unknown level \"\(level)\"; expected one of \(CompatibilityLevel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard CheckFormat(rawValue: format) != nil else { throw ValidationError("unknown format \"\(format)\"; expected text, json or github") }
        let sources = [!against.isEmpty, againstDir != nil, againstGit != nil, againstRegistry != nil].filter { $0 }.count
        if (againstRegistry == nil) != (subject == nil) { throw ValidationError("--against-registry and --subject go together") }
        if schema != nil {
            guard paths.isEmpty else { throw ValidationError("give either --schema or PATH arguments, not both") }
            guard sources == 1 else {
                throw ValidationError("--schema needs exactly one of --against, --against-dir, --against-git or --against-registry")
            }
        } else {
            guard !paths.isEmpty else { throw ValidationError("give --schema with earlier versions, or PATH arguments to check against git") }
            guard against.isEmpty, againstDir == nil, againstRegistry == nil else { throw ValidationError("PATH arguments take only --against-git") }
        }
    }

    func run() async throws {
        let level = CompatibilityLevel(name: level) ?? .default
        let outcomes: [CheckOutcome]
        if let schema {
            outcomes = [try await checkOne(schema, level: level)]
        } else {
            outcomes = try schemaFiles(under: paths).map { try checkAgainstGit($0, level: level) }
        }
        let report = CheckReport(level: level, outcomes: outcomes, isSummary: schema == nil)
        print(report.render(CheckFormat(rawValue: format) ?? .text), terminator: "")
        if !report.isCompatible { throw ExitCode(1) }
    }

    private func checkOne(_ path: String, level: CompatibilityLevel) async throws -> CheckOutcome {
        let document = try SchemaDocument(path: path, importPaths: protoPath)
        if againstGit != nil { return try checkAgainstGit(path, level: level, document: document) }
        if let againstRegistry, let subject {
            return try outcome(document, against: try await registryVersions(url: againstRegistry, subject: subject, like: path), level: level)
        }
        let versionPaths = try againstDir.map { try versionFiles(in: $0, excluding: path) } ?? against
        let versions = try versionPaths.map { try SchemaDocument(path: $0, importPaths: earlierProtoPath) }
        return try outcome(document, against: versions, level: level)
    }

    private func checkAgainstGit(_ path: String, level: CompatibilityLevel, document: SchemaDocument? = nil) throws -> CheckOutcome {
        let document = try document ?? SchemaDocument(path: path, importPaths: protoPath)
        guard let revision = try againstGit ?? GitHistory.previousRevision(of: path),
            let text = try GitHistory.content(of: path, at: revision)
        else {
            return CheckOutcome(document: document, against: [], result: nil)
        }
        let label = "\(revision.count == 40 ? String(revision.prefix(10)) : revision):\(path)"
        return try outcome(document, against: [try SchemaDocument(label: label, text: text, path: path, importPaths: earlierProtoPath)], level: level)
    }

    /// Every live version of `subject` in the registry, oldest first (none for a new subject).
    private func registryVersions(url: String, subject: String, like path: String) async throws -> [SchemaDocument] {
        let client = try RegistryConnectionOptions.environmentClient(url: url)
        let numbers: [Int]
        do {
            numbers = try await client.versions(of: subject)
        } catch where error.code == 40401 {
            return []
        } catch {
            throw CommandFailure.badInput("\(url): \(error)")
        }
        var documents: [SchemaDocument] = []
        for number in numbers {
            let version = try await registryCall { () throws(RegistryClientError) in try await client.version(.number(number), of: subject) }
            let expected: SchemaType = try SchemaLanguage(path: path) == .avro ? .avro : .protobuf
            guard version.schema.type == expected else {
                throw CommandFailure.badInput("\(url): \(subject) version \(number) is \(version.schema.type.rawValue), but \(path) is \(expected.rawValue)")
            }
            // Parsed with the references it was registered with, fetched from the registry: its
            // imports are the registered files, not whatever the local import path holds today.
            let parsed: SchemaDocument.Parsed = try await registryCall { () throws(RegistryClientError) in
                expected == .avro
                    ? .avro(try await client.parseAvro(version.schema, subject: subject))
                    : .protobuf(try await client.parseProtobuf(version.schema, subject: subject))
            }
            documents.append(SchemaDocument(label: "\(subject) v\(number)", text: version.schema.text, parsed: parsed))
        }
        return documents
    }

    private func outcome(_ document: SchemaDocument, against versions: [SchemaDocument], level: CompatibilityLevel) throws -> CheckOutcome {
        let result = try document.compatibility(against: versions, level: level)
        return CheckOutcome(document: document, against: versions.map(\.label), result: result)
    }

    /// Schema files in `directory` other than `excluded`, in natural name order (v2 before v10).
    private func versionFiles(in directory: String, excluding excluded: String) throws -> [String] {
        let excludedPath = URL(fileURLWithPath: excluded).standardizedFileURL.path
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw CommandFailure.badInput("\(directory): cannot list the directory")
        }
        return names
            .filter { URL(fileURLWithPath: $0).pathExtension == URL(fileURLWithPath: excluded).pathExtension }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
            .map { (directory as NSString).appendingPathComponent($0) }
            .filter { URL(fileURLWithPath: $0).standardizedFileURL.path != excludedPath }
    }

    /// Every schema file named or found (recursively) under `paths`, sorted.
    private func schemaFiles(under paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CommandFailure.badInput("\(path): no such file or directory")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let enumerator = FileManager.default.enumerator(atPath: path)
            while let relative = enumerator?.nextObject() as? String {
                if SchemaLanguage.isSchema(relative) { files.append((path as NSString).appendingPathComponent(relative)) }
            }
        }
        return files.sorted()
    }
}
