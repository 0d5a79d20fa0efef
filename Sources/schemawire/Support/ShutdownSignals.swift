import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM as a request to finish cleanly (send what was read, commit what was printed,
/// leave the group) instead of dying mid-batch. The first signal runs the action; a second one
/// ends the process at once, as users expect of a second Ctrl-C.
final class ShutdownSignals: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    /// Installs the handlers; `action` runs once, on a dispatch queue, with the signal's number.
    init(_ action: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "schemawire.signals")
        let once = OnceFlag()
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                guard once.claim() else { return }
                // The next signal is the default's again: terminate.
                signal(SIGINT, SIG_DFL)
                signal(SIGTERM, SIG_DFL)
                action(number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal's conventional name, for messages.
    static func name(_ number: Int32) -> String { number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)" }
}

/// True for the first ``claim()`` only.
private final class OnceFlag: Sendable {
    private let claimed = Atomic(false)

    func claim() -> Bool { !claimed.exchange(true, ordering: .acquiringAndReleasing) }
}
