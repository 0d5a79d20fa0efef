import Foundation

/// Runs the built `schemawire` executable the way a user's script would.
public enum CommandRunner {
    public typealias Result = ChildProcess.Result

    /// The `schemawire` binary next to the test bundle in the build products folder.
    public static var executable: URL {
        var directory = Bundle(for: Marker.self).bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("schemawire")
    }

    private final class Marker {}

    /// Runs `schemawire arguments…` with `input` on stdin.
    public static func run(_ arguments: [String], input: [UInt8] = []) throws -> Result {
        try ChildProcess.run(executable, arguments, input: input)
    }

    /// Starts `schemawire arguments…` and returns while it runs.
    public static func start(_ arguments: [String]) throws -> RunningProcess {
        try RunningProcess(executable, arguments)
    }

    /// The repository's root folder, for the example schemas.
    public static func repositoryPath(_ relative: String, from file: String = #filePath) -> String {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("../../" + relative).standardized.path
    }
}
