import Foundation
import PackagePlugin

/// Generates Swift types from the target's `.avsc` and `.proto` files at build time, through the
/// same generator as `schemawire generate`: add the plugin to a target, drop schemas in it, and use
/// the types. `.proto` files import each other by their path inside the target.
@main
struct SchemaWireCodegenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let sourceTarget = target as? SourceModuleTarget else { return [] }
        let avro = sourceTarget.sourceFiles(withSuffix: "avsc").map(\.url)
        let protobuf = sourceTarget.sourceFiles(withSuffix: "proto").map(\.url)
        let schemas = (avro + protobuf).sorted { $0.path < $1.path }
        guard !schemas.isEmpty else { return [] }
        let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")
        let root = sourceTarget.directoryURL.standardizedFileURL.path + "/"
        func relativePath(_ file: URL) -> String {
            let path = file.standardizedFileURL.path
            return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : file.lastPathComponent
        }
        // The names the generator gives its files (AvroSwiftGenerator/ProtobufSwiftGenerator.swiftFileName).
        var outputs = avro.map { file in
            let relative = relativePath(file)
            let stem = relative.hasSuffix(".avsc") ? String(relative.dropLast(5)) : relative
            return output.appending(path: stem.split(separator: "/").joined(separator: "_") + ".swift")
        }
        for file in protobuf {
            let relative = relativePath(file)
            let stem = relative.hasSuffix(".proto") ? String(relative.dropLast(6)) : relative
            outputs.append(output.appending(path: stem.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined() + ".pb.swift"))
        }
        if !protobuf.isEmpty { outputs.append(output.appending(path: "google_protobuf_well_known.pb.swift")) }
        return [
            .buildCommand(
                displayName: "Generating Swift from \(schemas.count) schema(s) in \(target.name)",
                executable: try context.tool(named: "schemawire-codegen").url,
                arguments: ["--output", output.path, "--root", sourceTarget.directoryURL.path] + schemas.map(\.path),
                inputFiles: schemas,
                outputFiles: outputs
            )
        ]
    }
}
