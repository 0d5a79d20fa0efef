import Foundation

/// Lines for stdout collected in memory and written with one `write(2)` per flush, instead of a
/// flush per line: the consumer flushes when a batch is full or no record is waiting, and commits
/// only what a flush wrote.
struct OutputBuffer {
    /// The downstream closed the pipe (`| head`): nothing more can be written.
    struct Closed: Error {}

    private let descriptor: Int32
    private var bytes: [UInt8] = []

    init(descriptor: Int32 = STDOUT_FILENO) {
        self.descriptor = descriptor
        bytes.reserveCapacity(Self.flushThreshold)
        // A closed pipe is an error to handle (stop, commit nothing unwritten), not a signal that
        // kills the process before it can commit what was written.
        signal(SIGPIPE, SIG_IGN)
    }

    /// The size past which a caller should flush.
    static let flushThreshold = 1 << 16

    var count: Int { bytes.count }

    mutating func appendLine(_ line: String) {
        var line = line
        line.withUTF8 { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Writes everything collected; throws ``Closed`` when the reader went away.
    ///
    /// Each `write(2)` carries whole lines and at most `PIPE_BUF` bytes (unless one line is
    /// longer): a pipe takes such a write at once or not at all, so a reader of a consumer killed
    /// mid-flush never sees half a line.
    ///
    /// - Parameter wrote: called after each write with the number of lines it completed.
    mutating func flush(_ wrote: (Int) throws -> Void = { _ in }) throws {
        defer { bytes.removeAll(keepingCapacity: true) }
        var written = 0
        while written < bytes.count {
            let end = Self.chunkEnd(bytes, from: written)
            let count = bytes.withUnsafeBytes { all in
                UnsafeRawBufferPointer(rebasing: all[written..<end]).baseAddress.map { write(descriptor, $0, end - written) } ?? 0
            }
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EPIPE { throw Closed() }
            guard count > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            let lines = bytes[written..<written + count].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            written += count
            if lines > 0 { try wrote(lines) }
        }
    }

    /// The end of the next write from `start`: after the last newline within `PIPE_BUF` bytes, or
    /// after the first newline when the line is longer.
    static func chunkEnd(_ bytes: [UInt8], from start: Int) -> Int {
        let limit = min(start + Int(PIPE_BUF), bytes.count)
        if limit == bytes.count { return limit }
        if let newline = bytes[start..<limit].lastIndex(of: UInt8(ascii: "\n")) { return newline + 1 }
        return bytes[limit...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.count
    }
}
