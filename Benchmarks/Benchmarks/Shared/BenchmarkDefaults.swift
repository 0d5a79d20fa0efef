import Benchmark
import Foundation

/// Settings every SchemaWire benchmark shares: time and allocations side by side, throughput
/// per second, and a smoke mode (`SCHEMAWIRE_BENCHMARK_SMOKE=1`) that only proves each benchmark
/// runs, for CI.
public enum BenchmarkDefaults {
    public static var isSmoke: Bool { ProcessInfo.processInfo.environment["SCHEMAWIRE_BENCHMARK_SMOKE"] != nil }

    /// Applies the shared configuration; call first in each suite's `benchmarks` closure.
    public static func apply() {
        Benchmark.defaultConfiguration = .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
            timeUnits: .nanoseconds,
            warmupIterations: isSmoke ? 0 : 10,
            scalingFactor: .kilo,
            maxDuration: isSmoke ? .milliseconds(50) : .seconds(2),
            maxIterations: isSmoke ? 2 : 1_000_000
        )
    }

    /// A file of the repository, for schemas the benchmarks read at run time.
    public static func repositoryFile(_ relative: String, from file: String = #filePath) throws -> String {
        var url = URL(fileURLWithPath: file)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Shared, Benchmarks, Benchmarks, repository root
        return try String(contentsOf: url.appendingPathComponent(relative), encoding: .utf8)
    }
}

/// What a benchmark's async `setup` prepares (a started server, a connected client) for its body,
/// which runs after setup finished: written once, then only read.
public final class SetupState<Value>: @unchecked Sendable {
    private var stored: Value?

    public init() {}

    /// The value, or nil before the first write.
    public var valueIfSet: Value? { stored }

    public var value: Value {
        get {
            guard let stored else { preconditionFailure("benchmark setup did not run") }
            return stored
        }
        set { stored = newValue }
    }
}
