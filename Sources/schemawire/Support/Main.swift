import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the CLI with the contract's exit codes: argument-parser's own usage errors (which it would
/// exit with 64) and every library error become exit 2 with one line on stderr.
@main
enum Main {
    static func main() async {
        do {
            var command = try SchemaWireCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(report(error))
        }
    }

    /// Prints what went wrong and returns the exit status for it.
    static func report(_ error: any Error) -> Int32 {
        if let exitCode = error as? ExitCode { return exitCode.rawValue }
        if let failure = error as? CommandFailure {
            printError("schemawire: \(failure.message)")
            return failure.exitCode
        }
        let code = SchemaWireCommand.exitCode(for: error)
        if code == .success {
            print(SchemaWireCommand.fullMessage(for: error))
            return 0
        }
        printError(SchemaWireCommand.fullMessage(for: error))
        return 2
    }
}
