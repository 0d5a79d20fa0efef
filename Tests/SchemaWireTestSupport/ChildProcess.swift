import Foundation

/// Runs a program to completion with bytes on stdin, capturing stdout, stderr and the exit status.
public enum ChildProcess {
    public struct Result {
        public let status: Int32
        public let stdout: [UInt8]
        public let stderr: String
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    public static func run(_ executable: URL, _ arguments: [String], input: [UInt8] = []) throws -> Result {
        let (process, stdin, stdout, stderr) = try start(executable, arguments)
        // Feed stdin from another thread so a child that writes before reading cannot deadlock us.
        // A child that stops reading early (a bad line) closes the pipe: the rest is dropped.
        let writer = Thread {
            try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: [UInt8](output), stderr: String(decoding: errors, as: UTF8.self))
    }

    /// `executable` started with a pipe on each of stdin, stdout and stderr.
    static func start(_ executable: URL, _ arguments: [String]) throws -> (process: Process, stdin: Pipe, stdout: Pipe, stderr: Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        return (process, stdin, stdout, stderr)
    }
}
