import Foundation

/// "schemawire: VERB N record(s)…" on stderr, at most once a second: visible progress on long
/// runs at no cost to fast ones.
final class ProgressLine {
    private let verb: String
    private var last = ContinuousClock.now

    init(verb: String) {
        self.verb = verb
    }

    func report(_ count: Int) {
        let now = ContinuousClock.now
        guard now - last >= .seconds(1) else { return }
        last = now
        printError("schemawire: \(verb) \(count) record(s)…")
    }
}
