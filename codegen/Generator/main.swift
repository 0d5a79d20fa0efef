// The build plugin's generator: a thin front over SchemaWireCodegen (the same generator as
// `schemawire generate`). Usage: schemawire-codegen --output DIR [--access public|internal] SCHEMA...
import Foundation
import SchemaWireCodegen

var arguments = Array(CommandLine.arguments.dropFirst())
var output: String?
var access = AvroSwiftGenerator.Access.public
var inputs: [String] = []
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--output": output = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--access": access = AvroSwiftGenerator.Access(rawValue: arguments.isEmpty ? "" : arguments.removeFirst()) ?? .public
    default: inputs.append(argument)
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("schemawire-codegen: \(message)\n".utf8))
    exit(2)
}

guard let output else { fail("usage: schemawire-codegen --output DIR [--access public|internal] SCHEMA...") }
var files: [(name: String, text: String)] = []
for path in inputs {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        fail("\(path): cannot read the schema")
    }
    files.append(((path as NSString).lastPathComponent, text))
}
do {
    let generated = try AvroSwiftGenerator(access: access).generate(files: files)
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    for file in generated {
        try Data(file.contents.utf8).write(to: URL(fileURLWithPath: output).appendingPathComponent(file.name), options: .atomic)
    }
} catch {
    fail("\(error)")
}
