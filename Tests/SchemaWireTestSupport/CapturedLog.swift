import Foundation
import Logging

/// A logger whose lines a test reads back: witness of what a client did on the wire (librdkafka's
/// debug contexts log each protocol exchange).
public final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var captured: [String] = []

    public init() {}

    /// Every line so far, with its metadata.
    public var lines: [String] { lock.withLock { captured } }

    /// A logger writing here, at `level` and above.
    public func logger(level: Logger.Level = .debug) -> Logger {
        var logger = Logger(label: "captured") { _ in Handler(log: self) }
        logger.logLevel = level
        return logger
    }

    fileprivate func append(_ line: String) { lock.withLock { captured.append(line) } }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let fields = (metadata.merging(event.metadata ?? [:]) { $1 }).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            log.append("\(event.level) \(fields.joined(separator: " ")) \(event.message)")
        }
    }
}
