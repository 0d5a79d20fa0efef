import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// File and standard-stream access for commands, with errors that name the path.
enum CommandIO {
    /// The bytes of `path`, or of standard input when `path` is nil or `-`.
    static func read(_ path: String?) throws -> [UInt8] {
        guard let path, path != "-" else {
            return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure.badInput("\(path): cannot read the file (missing or unreadable)")
        }
        return [UInt8](data)
    }

    /// The UTF-8 text of `path`, or of standard input.
    static func readText(_ path: String?) throws -> String {
        let bytes = try read(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CommandFailure.badInput("\(path ?? "stdin"): not valid UTF-8 text")
        }
        return text
    }

    /// Writes `bytes` to `path` atomically (never a partial file), or to standard output.
    static func write(_ bytes: [UInt8], to path: String?) throws {
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandFailure.badInput("\(path): cannot write the file (\(error.localizedDescription))")
        }
    }
}
