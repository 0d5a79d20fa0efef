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
    mutating func flush() throws {
        defer { bytes.removeAll(keepingCapacity: true) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { all in
                UnsafeRawBufferPointer(rebasing: all[written...]).baseAddress.map { write(descriptor, $0, all.count - written) } ?? 0
            }
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EPIPE { throw Closed() }
            guard count > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            written += count
        }
    }
}
