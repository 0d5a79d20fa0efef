import ArgumentParser
import Foundation
import SchemaWireCodegen

/// `schemawire generate`: Avro and Protobuf schemas → Codable Swift types with fast-path codecs.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate Swift types from Avro (.avsc) and Protobuf (.proto) schemas (one file per schema, deterministic).",
        discussion: """
            Named types may be defined in one schema file and used in another. .proto files import each other by \
            their path relative to the --input directory that holds them (like protoc -I); well-known types are built in. \
            Avro types keep their short names unless two share one across namespaces (or Swift reserves it): those \
            are named by namespace, com.a.Key → Com_A_Key. Output files are named by the schema's path (a/Key.avsc → a_Key.swift). \
            A schemawire.json in an --input directory (or --config FILE) sets accessLevel, wellKnownTypesModule and \
            qualifiedNames as the build plugin reads them; flags given win over it.
            """
    )

    @Option(name: .long, parsing: .upToNextOption, help: "Schema files or directories (searched recursively for .avsc and .proto).")
    var input: [String]

    @Option(help: "The directory to write the Swift files to (created if needed).")
    var output: String

    @Option(help: "public, package or internal (default: the configuration's, else public).")
    var access: String?

    @Flag(help: "Name every Avro type with a namespace by it (com.example.Key → Com_Example_Key). Without it, only types whose short names collide, or that Swift reserves, are.")
    var qualifiedNames = false

    @Option(help: "A schemawire.json generator configuration (default: schemawire.json in the first --input directory, if any).")
    var config: String?

    func validate() throws {
        if let access, AvroSwiftGenerator.Access(rawValue: access) == nil { throw ValidationError("--access must be public, package or internal") }
        guard !input.isEmpty else { throw ValidationError("give at least one --input") }
    }

    func run() async throws {
        var files: [(name: String, text: String)] = []
        for path in input {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CommandFailure.badInput("\(path): no such file or directory")
            }
            if isDirectory.boolValue {
                let enumerator = FileManager.default.enumerator(atPath: path)
                while let relative = enumerator?.nextObject() as? String {
                    guard SchemaSwiftGenerator.isSchema(relative) else { continue }
                    files.append((relative, try CommandIO.readText((path as NSString).appendingPathComponent(relative))))
                }
            } else {
                guard SchemaSwiftGenerator.isSchema(path) else { throw CommandFailure.badInput("\(path): expected an .avsc or .proto schema") }
                files.append(((path as NSString).lastPathComponent, try CommandIO.readText(path)))
            }
        }
        var configuration = try loadConfiguration()
        if let access { configuration.access = AvroSwiftGenerator.Access(rawValue: access) ?? .public }
        if qualifiedNames { configuration.typeNaming = .qualified }
        let generator = SchemaSwiftGenerator(configuration: configuration)
        let generated: [GeneratedFile]
        do { generated = try generator.generate(files: files) } catch { throw CommandFailure.badInput(error.description) }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure.badInput("\(output): cannot create the directory")
        }
        for file in generated {
            try CommandIO.write(Array(file.contents.utf8), to: (output as NSString).appendingPathComponent(file.name))
        }
        printError("schemawire: generated \(generated.count) file(s) from \(files.count) schema(s) into \(output)")
    }

    /// `--config`, else `schemawire.json` in the first input directory, else the defaults.
    private func loadConfiguration() throws -> CodegenConfiguration {
        var path = config
        if path == nil, let directory = input.first(where: { var isDirectory: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue }) {
            let candidate = (directory as NSString).appendingPathComponent(CodegenConfiguration.fileName)
            if FileManager.default.fileExists(atPath: candidate) { path = candidate }
        }
        guard let path else { return CodegenConfiguration() }
        let bytes = try CommandIO.read(path)
        do { return try CodegenConfiguration(json: bytes, file: path) } catch {
            throw CommandFailure.badInput(error.description)
        }
    }
}
