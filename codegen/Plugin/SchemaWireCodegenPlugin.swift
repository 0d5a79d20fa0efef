import Foundation
import PackagePlugin

/// Generates Swift types from the target's `.avsc` files at build time, through the same generator
/// as `schemawire generate`: add the plugin to a target, drop schemas in it, and use the types.
@main
struct SchemaWireCodegenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let sourceTarget = target as? SourceModuleTarget else { return [] }
        let schemas = sourceTarget.sourceFiles(withSuffix: "avsc").map(\.url).sorted { $0.path < $1.path }
        guard !schemas.isEmpty else { return [] }
        let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")
        let outputs = schemas.map { output.appending(path: $0.deletingPathExtension().lastPathComponent + ".swift") }
        return [
            .buildCommand(
                displayName: "Generating Swift from \(schemas.count) Avro schema(s) in \(target.name)",
                executable: try context.tool(named: "schemawire-codegen").url,
                arguments: ["--output", output.path] + schemas.map(\.path),
                inputFiles: schemas,
                outputFiles: outputs
            )
        ]
    }
}
