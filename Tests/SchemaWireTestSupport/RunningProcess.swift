import Foundation

/// A child process whose stdout and stderr lines are collected while it runs, so a test can wait
/// for what it reports (a consumer's assignment, a record) instead of sleeping for a guessed time.
public final class RunningProcess: @unchecked Sendable {
    /// The process ended or the deadline passed before the awaited lines appeared.
    public struct Timeout: Error, CustomStringConvertible {
        public let description: String
    }

    private let process: Process
    /// What the reader threads collect; apart from `self`, so that a test that fails while the
    /// process runs still drops its `RunningProcess` (whose deinit kills the process).
    private let lines = CollectedLines()
    private let readers = DispatchGroup()
    private let stdin: Pipe

    /// Starts `executable`; its stdin stays open for ``write(_:)`` until ``closeInput()``.
    public init(_ executable: URL, _ arguments: [String]) throws {
        let (process, stdin, stdout, stderr) = try ChildProcess.start(executable, arguments)
        (self.process, self.stdin) = (process, stdin)
        collect(stdout.fileHandleForReading) { $0.stdout.append($1) }
        collect(stderr.fileHandleForReading) { $0.stderr.append($1) }
    }

    /// Reads `handle` to its end on a thread of its own, one line at a time.
    private func collect(_ handle: FileHandle, into append: @escaping @Sendable (inout (stdout: [String], stderr: [String]), String) -> Void) {
        readers.enter()
        let (lines, readers) = (self.lines, self.readers)
        Thread {
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    lines.update { append(&$0, line) }
                }
            }
            if !pending.isEmpty { lines.update { append(&$0, String(decoding: pending, as: UTF8.self)) } }
            readers.leave()
        }.start()
    }

    /// Writes `text` to the process's stdin.
    public func write(_ text: String) throws {
        try stdin.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    /// Closes the process's stdin (end of input).
    public func closeInput() throws {
        try stdin.fileHandleForWriting.close()
    }

    /// The lines written so far.
    public var output: (stdout: [String], stderr: [String]) { lines.value }

    /// Waits until `condition` holds for the lines written so far, failing with the lines seen when
    /// the process ends first or `seconds` pass.
    public func waitUntil(_ what: String, seconds: Double, _ condition: (_ stdout: [String], _ stderr: [String]) -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let (stdout, stderr) = output
            if condition(stdout, stderr) { return }
            if !process.isRunning || Date() > deadline {
                let state = process.isRunning ? "still running after \(seconds) s" : "exited with \(process.terminationStatus)"
                throw Timeout(description: "waiting for \(what): \(state); stderr:\n\(stderr.joined(separator: "\n"))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Sends `signal` and waits for the process to end and its output to be read; the exit status.
    @discardableResult
    public func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        readers.wait()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Lines of stdout and stderr behind a lock.
private final class CollectedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: (stdout: [String], stderr: [String]) = ([], [])

    var value: (stdout: [String], stderr: [String]) { lock.withLock { lines } }

    func update(_ body: (inout (stdout: [String], stderr: [String])) -> Void) { lock.withLock { body(&lines) } }
}
