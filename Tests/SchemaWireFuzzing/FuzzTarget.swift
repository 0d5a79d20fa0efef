/// One libFuzzer harness: a decoder or parser driven by arbitrary bytes, checking the properties
/// that must hold for every input — no trap, bounded work (libFuzzer's `-timeout` and
/// `-rss_limit_mb` watch those), and that what decodes re-encodes to bytes that decode the same.
///
/// The harnesses are one library so that `schemawire-fuzz` runs them under libFuzzer and the
/// regression tests run them, unchanged, over the committed corpus and every crash ever found.
public struct FuzzTarget: Sendable {
    /// The name `scripts/fuzz` and the corpus folder use (`avro-binary`).
    public let name: String
    /// Decoders get 10 million executions per campaign, parsers 2 million.
    public let isParser: Bool
    /// Runs the harness on one input; a broken property traps (`preconditionFailure`), which is
    /// what libFuzzer reports as a crash.
    public let run: @Sendable ([UInt8]) -> Void
    /// Inputs that start a campaign off in the interesting places (written to the corpus).
    public let seeds: @Sendable () -> [[UInt8]]

    public init(name: String, isParser: Bool, run: @escaping @Sendable ([UInt8]) -> Void, seeds: @escaping @Sendable () -> [[UInt8]]) {
        self.name = name
        self.isParser = isParser
        self.run = run
        self.seeds = seeds
    }

    /// Every harness.
    public static let all: [FuzzTarget] = AvroTargets.all + ProtobufTargets.all + CoreTargets.all

    /// The harness named `name`.
    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// Splits an input into a selector byte (which schema or type a harness uses) and the rest.
func select<Choice>(_ bytes: [UInt8], from choices: [Choice]) -> (Choice, [UInt8])? {
    guard let first = bytes.first, !choices.isEmpty else { return nil }
    return (choices[Int(first) % choices.count], Array(bytes.dropFirst()))
}

/// Splits an input at its first zero byte (two schema texts for a compatibility harness).
func halves(_ bytes: [UInt8]) -> (String, String)? {
    guard let split = bytes.firstIndex(of: 0),
        let first = String(validating: bytes[..<split], as: UTF8.self),
        let second = String(validating: bytes[(split + 1)...], as: UTF8.self)
    else { return nil }
    return (first, second)
}

/// A property every input must keep; its failure is a finding.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { preconditionFailure(message()) }
}
