// The build plugin's generator: a thin front over SchemaWireCodegen (the same generator as
// `schemawire generate`). Usage: schemawire-codegen --output DIR [--root DIR] [--config schemawire.json] SCHEMA...
// Schema names are relative to --root (how .proto files import each other), else file names.
import Foundation
import SchemaWireCodegen

var arguments = Array(CommandLine.arguments.dropFirst())
var output: String?
var configurationPath: String?
var inputs: [String] = []
var root: String?
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--output": output = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--root": root = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--config": configurationPath = arguments.isEmpty ? nil : arguments.removeFirst()
    default: inputs.append(argument)
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("schemawire-codegen: \(message)\n".utf8))
    exit(2)
}

guard let output else { fail("usage: schemawire-codegen --output DIR [--root DIR] [--config schemawire.json] SCHEMA...") }
var configuration = CodegenConfiguration()
if let configurationPath {
    guard let data = FileManager.default.contents(atPath: configurationPath) else { fail("\(configurationPath): cannot read the configuration") }
    do { configuration = try CodegenConfiguration(json: [UInt8](data), file: configurationPath) } catch { fail(error.description) }
}
var files: [(name: String, text: String)] = []
for path in inputs {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        fail("\(path): cannot read the schema")
    }
    let rootPrefix = root.map { URL(fileURLWithPath: $0).standardizedFileURL.path + "/" }
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    let name = rootPrefix.flatMap { absolute.hasPrefix($0) ? String(absolute.dropFirst($0.count)) : nil } ?? (path as NSString).lastPathComponent
    files.append((name, text))
}
do {
    let generated = try SchemaSwiftGenerator(configuration: configuration).generate(files: files)
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    for file in generated {
        try Data(file.contents.utf8).write(to: URL(fileURLWithPath: output).appendingPathComponent(file.name), options: .atomic)
    }
} catch {
    fail("\(error)")
}
