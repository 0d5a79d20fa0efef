import Foundation
import PackagePlugin

/// Generates Swift types from the target's `.avsc` and `.proto` files at build time, through the
/// same generator as `schemawire generate`: add the plugin to a target, drop schemas in it, and use
/// the types. `.proto` files import each other by their path inside the target. A
/// `schemawire.json` in the target's directory configures the generator (see `CodegenConfiguration`).
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
        let configuration = sourceTarget.directoryURL.appending(path: GeneratedFileNames.configuration)
        let configured = FileManager.default.fileExists(atPath: configuration.path)
        // The names the generator gives its files, by the function it uses itself.
        var outputs = avro.map { output.appending(path: GeneratedFileNames.avro(relativePath($0))) }
        outputs += protobuf.map { output.appending(path: GeneratedFileNames.protobuf(relativePath($0))) }
        if !protobuf.isEmpty, try !(configured && providesWellKnownTypes(configuration)) {
            outputs.append(output.appending(path: GeneratedFileNames.protobufWellKnownTypes))
        }
        return [
            .buildCommand(
                displayName: "Generating Swift from \(schemas.count) schema(s) in \(target.name)",
                executable: try context.tool(named: "schemawire-codegen").url,
                arguments: ["--output", output.path, "--root", sourceTarget.directoryURL.path] + (configured ? ["--config", configuration.path] : [])
                    + schemas.map(\.path),
                inputFiles: schemas + (configured ? [configuration] : []),
                outputFiles: outputs
            )
        ]
    }

    /// Whether the configuration names a module that provides the well-known types (the
    /// generator then writes no file of them). The generator validates the rest.
    private func providesWellKnownTypes(_ configuration: URL) throws -> Bool {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: configuration)) as? [String: Any]
        return object?["wellKnownTypesModule"] is String
    }
}
