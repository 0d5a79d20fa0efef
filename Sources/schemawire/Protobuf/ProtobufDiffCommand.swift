import ArgumentParser
import SchemaWireProtobuf

/// `schemawire protobuf diff`: every difference between two versions of a `.proto`, compatible ones
/// too, named and located as Confluent Schema Registry's Protobuf diff names them.
struct ProtobufDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List every difference between two versions of a .proto schema, as Confluent's diff does.",
        discussion: """
            Prints one line per difference, KIND PATH (Confluent's Difference.Type and path), in the order \
            the walk meets them. Exit 0 when every difference is compatible (the update reads the original's \
            data: BACKWARD), 1 when one is not, 2 for bad input.
            """
    )

    @Argument(help: "The original (earlier) .proto.")
    var original: String

    @Argument(help: "The updated .proto.")
    var update: String

    @Option(name: [.customShort("I"), .customLong("proto-path")], help: "A directory the updated file's imports are found in; repeat. Default: the current directory.")
    var protoPath: [String] = []

    @Option(help: "A directory the original file's imports are found in, when they differ from the update's; repeat. Default: --proto-path.")
    var againstProtoPath: [String] = []

    @Flag(help: "Print only the incompatible differences.")
    var incompatibleOnly = false

    func run() throws {
        let old = try SchemaDocument(path: original, importPaths: againstProtoPath.isEmpty ? protoPath : againstProtoPath)
        let new = try SchemaDocument(path: update, importPaths: protoPath)
        guard case let .protobuf(oldSchema) = old.parsed, case let .protobuf(newSchema) = new.parsed else {
            throw CommandFailure.badInput("\(original), \(update): diff compares .proto files")
        }
        let differences = newSchema.differences(from: oldSchema)
        var output = ""
        for difference in differences where !(incompatibleOnly && difference.isCompatible) {
            output += difference.description + "\n"
        }
        print(output, terminator: "")
        if differences.contains(where: { !$0.isCompatible }) { throw ExitCode(1) }
    }
}
