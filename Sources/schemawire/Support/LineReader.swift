import Foundation
import Synchronization

/// Reads a file descriptor (stdin) in large chunks and hands out its lines, so a stream of millions
/// of lines costs one `read(2)` per chunk instead of work per line; ``interrupt()`` (from a signal
/// handler's queue) wakes a reader waiting for input that may never come, such as a terminal.
final class LineReader: @unchecked Sendable {
    /// A single line longer than this is refused rather than buffered without end.
    static let maximumLineLength = 64 << 20

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts.
    private var start = 0
    private var atEnd = false
    /// A pipe whose read end wakes `poll` when written to.
    private let wake: (read: Int32, write: Int32)
    private let interrupted = Atomic(false)

    struct LineTooLong: Error, CustomStringConvertible {
        var description: String { "a line longer than \(LineReader.maximumLineLength >> 20) MiB" }
    }

    init(descriptor: Int32 = STDIN_FILENO) {
        self.descriptor = descriptor
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) != 0 { ends = [-1, -1] }
        wake = (ends[0], ends[1])
    }

    deinit {
        if wake.read >= 0 { close(wake.read) }
        if wake.write >= 0 { close(wake.write) }
    }

    /// Makes a waiting or later ``nextLine()`` return nil. Safe from any thread.
    func interrupt() {
        interrupted.store(true, ordering: .releasing)
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    /// The next line without its newline (or a last line without one), nil at the end of input or
    /// once interrupted.
    func nextLine() throws -> ArraySlice<UInt8>? {
        while !interrupted.load(ordering: .acquiring) {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { start = newline + 1 }
                return buffer[start..<newline]
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return buffer[start...]
            }
            guard buffer.count - start < Self.maximumLineLength else { throw LineTooLong() }
            guard try fill() else { return nil }
        }
        return nil
    }

    /// Whether ``interrupt()`` was called.
    var wasInterrupted: Bool { interrupted.load(ordering: .acquiring) }

    /// Whether a line (or the end of input) can be had without waiting.
    var hasInputReady: Bool {
        if atEnd || buffer[start...].contains(UInt8(ascii: "\n")) { return true }
        var descriptors = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&descriptors, 1, 0) > 0
    }

    /// Reads the next chunk after what is unread; false when interrupted.
    private func fill() throws -> Bool {
        buffer.removeSubrange(0..<start)
        start = 0
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
        while true {
            let ready = poll(&descriptors, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            if descriptors[1].revents != 0 { return false }
            break
        }
        let chunk = 1 << 16
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        while true {
            let count = buffer.withUnsafeMutableBytes { bytes in
                UnsafeMutableRawBufferPointer(rebasing: bytes[old...]).baseAddress.map { read(descriptor, $0, chunk) } ?? 0
            }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else {
                buffer.removeSubrange(old...)
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            buffer.removeSubrange((old + count)...)
            if count == 0 { atEnd = true }
            return true
        }
    }
}
