import Foundation

/// Google's `protoc` (Debian's protobuf-compiler), the reference for what a `.proto` file means.
public enum Protoc {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The well-known types' folder installed by libprotobuf-dev.
    public static let includeDirectory = "/usr/include"

    /// `protoc --descriptor_set_out --include_imports` for `file` relative to `root`.
    public static func descriptorSet(of file: String, root: String) throws -> [UInt8] {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("protoc-\(UUID().uuidString).pb")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/protoc"),
            ["-I", root, "-I", includeDirectory, "--include_imports", "--descriptor_set_out=\(output.path)", file]
        )
        guard result.status == 0 else { throw Failure(description: "protoc failed on \(file): \(result.stderr)") }
        return Array(try Data(contentsOf: output))
    }

    /// Runs protoc on `file` only to see whether it accepts it; returns its diagnostics when not.
    public static func rejection(of source: String, name: String = "input.proto") throws -> String? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("protoc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(source.utf8).write(to: directory.appendingPathComponent(name))
        let result = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/protoc"),
            ["-I", directory.path, "-I", includeDirectory, "--descriptor_set_out=/dev/null", name]
        )
        return result.status == 0 ? nil : result.stderr
    }

    /// `protoc --decode=message`: the text format protoc reads `bytes` as, with `file` found on
    /// `importPaths` (and the well-known types).
    public static func decode(_ bytes: [UInt8], message: String, file: String, importPaths: [String]) throws -> String {
        let arguments = importPaths.flatMap { ["-I", $0] } + ["-I", includeDirectory, "--decode=\(message)", file]
        let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/protoc"), arguments, input: bytes)
        guard result.status == 0 else { throw Failure(description: "protoc --decode failed: \(result.stderr)") }
        return result.stdoutText
    }
}
