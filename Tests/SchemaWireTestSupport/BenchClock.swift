import Foundation

/// The timing loop of the bench executables: a warm-up, then `iterations` runs of `body`, printed
/// as mean nanoseconds per run (the checksum keeps the optimizer from dropping the work).
public enum BenchClock {
    @discardableResult
    public static func measure(_ name: String, unit: String, iterations: Int, _ body: () throws -> Int) rethrows -> Double {
        var checksum = 0
        for _ in 0..<1000 { checksum &+= try body() }
        let start = ContinuousClock.now
        for _ in 0..<iterations { checksum &+= try body() }
        let elapsed = ContinuousClock.now - start
        let nanoseconds = (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9) / Double(iterations)
        print(String(format: "%-34@ %8.0f ns/\(unit)  (checksum %d)", name as NSString, nanoseconds, checksum))
        return nanoseconds
    }

    /// A machine-readable line for `scripts/compare`: `result: KEY VALUE`.
    public static func result(_ key: String, _ value: some CustomStringConvertible) {
        print("result: \(key) \(value)")
    }
}
