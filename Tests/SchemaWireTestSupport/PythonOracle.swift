import Foundation

/// Runs Python reference implementations (fastavro, installed by `scripts/bootstrap`) as test oracles.
public enum PythonOracle {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `script` with `python3`, feeding `input` on stdin, and returns stdout.
    public static func run(_ script: String, input: [UInt8] = [], arguments: [String] = []) throws -> [UInt8] {
        let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments, input: input)
        guard result.status == 0 else {
            throw Failure(description: "python3 exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }
}
