/// A failure a command reports itself: one line for stderr and the exit status the CLI contract
/// gives it (2 for bad input or an unreachable service, 1 for a finding).
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32

    /// Bad input, bad usage or an unreachable service: exit 2.
    static func badInput(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 2) }

    /// Wraps any error with the place it came from (a file path, a subject) as bad input.
    static func badInput(_ place: String, _ error: any Error) -> CommandFailure {
        badInput("\(place): \(error)")
    }
}
