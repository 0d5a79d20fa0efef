import Foundation
import SchemaWireTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `schemawire registry serve` as a process: port 0, persistence in --data, TLS, clean exit on SIGTERM.
final class RegistryServeCommandTests: XCTestCase {
    /// A running `schemawire registry serve` and the base URL it printed.
    final class Served {
        let process = Process()
        let output = Pipe()
        var url = ""

        init(_ arguments: [String]) throws {
            process.executableURL = CommandRunner.executable
            process.arguments = ["registry", "serve", "--port", "0", "--log-level", "warning"] + arguments
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else { throw CocoaError(.fileReadUnknown) }
                line.append(chunk)
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let range = text.range(of: #"https?://[0-9.]+:[0-9]+"#, options: .regularExpression) else { throw CocoaError(.fileReadCorruptFile) }
            url = String(text[range])
        }

        /// Sends SIGTERM and waits; returns the exit status.
        func terminate() -> Int32 {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    func curl(_ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "--fail-with-body"] + arguments)
    }

    let schema = #"{"schema": "{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"a\", \"type\": \"int\"}]}"}"#

    func testServesOnAFreePortAndKeepsDataAcrossRestarts() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let first = try Served(["--data", data])
        let registered = try curl(["-X", "POST", "-H", "Content-Type: application/json", "--data", schema, first.url + "/subjects/r/versions"])
        XCTAssertTrue(registered.stdoutText.hasPrefix(#"{"id":1,"guid":""#), registered.stdoutText)
        XCTAssertTrue(registered.stdoutText.hasSuffix(#"","version":1}"#), registered.stdoutText)
        XCTAssertEqual(first.terminate(), 0)
        let second = try Served(["--data", data])
        XCTAssertEqual(try curl([second.url + "/subjects/r/versions"]).stdoutText, "[1]")
        XCTAssertEqual(second.terminate(), 0)
    }

    func testBearerTokensFromAFile() throws {
        let tokens = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID())").path
        try Data("# CI's token\nci-token-1\n\n".utf8).write(to: URL(fileURLWithPath: tokens))
        defer { try? FileManager.default.removeItem(atPath: tokens) }
        let served = try Served(["--memory", "--bearer-tokens", tokens])
        let allowed = try curl(["-H", "Authorization: Bearer ci-token-1", served.url + "/subjects"])
        let refused = try curl(["-H", "Authorization: Bearer other", "-o", "/dev/null", "-w", "%{http_code}", served.url + "/subjects"])
        XCTAssertEqual(served.terminate(), 0)
        XCTAssertEqual(allowed.stdoutText, "[]")
        XCTAssertEqual(refused.stdoutText, "401")
    }

    func testServesHTTPSWithTheGivenCertificate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let openssl = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/openssl"), [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ])
        XCTAssertEqual(openssl.status, 0, openssl.stderr)
        let served = try Served(["--memory", "--tls-cert", certificate, "--tls-key", key])
        XCTAssertTrue(served.url.hasPrefix("https://"))
        let verified = try curl(["--cacert", certificate, served.url + "/schemas/types"])
        XCTAssertEqual(verified.stdoutText, #"["JSON","PROTOBUF","AVRO"]"#)
        // Without trusting the certificate the handshake fails: TLS is really on.
        XCTAssertNotEqual(try curl([served.url + "/schemas/types"]).status, 0)
        XCTAssertEqual(served.terminate(), 0)
    }

    func testBadOptionsExitTwo() throws {
        XCTAssertEqual(try CommandRunner.run(["registry", "serve", "--memory", "--data", "/tmp/x"]).status, 2)
        XCTAssertEqual(try CommandRunner.run(["registry", "serve", "--tls-cert", "/tmp/c.pem"]).status, 2)
        let missingUsers = try CommandRunner.run(["registry", "serve", "--memory", "--users", "/nonexistent/users"])
        XCTAssertEqual(missingUsers.status, 2)
        XCTAssertTrue(missingUsers.stderr.contains("users file"), missingUsers.stderr)
    }
}
