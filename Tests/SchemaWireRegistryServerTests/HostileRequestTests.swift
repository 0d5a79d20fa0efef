import Foundation
import SchemaWireRegistryServer
import SchemaWireTestSupport
import XCTest

/// Clients that try to hold or exhaust the registry: oversized bodies sent whole before reading,
/// bodies and heads that never finish, connections left idle, schemas past the size limits, old
/// TLS. Python's socket and ssl modules play the clients, each with a 20 s deadline, so a server
/// that hangs fails the test instead of stalling the suite.
final class HostileRequestTests: XCTestCase {
    /// Runs a client script against `registry`'s port and returns what it printed.
    func client(_ script: String, _ registry: TestRegistry, arguments: [String] = []) throws -> String {
        let prelude = """
            import socket, ssl, sys, time
            port = int(sys.argv[1])
            def connect():
                return socket.create_connection(("127.0.0.1", port), timeout=20)
            def read_all(sock):
                data = b""
                while True:
                    try:
                        chunk = sock.recv(65536)
                    except socket.timeout:
                        return data + b"<still open>"
                    except ConnectionResetError:
                        return data + b"<reset>"
                    if not chunk:
                        return data + b"<closed>"
                    data += chunk

            """
        return String(decoding: try PythonOracle.run(prelude + script, arguments: [String(registry.port)] + arguments), as: UTF8.self)
    }

    /// A body over the limit sent whole before reading (as `urllib` does) gets its 413, and the
    /// connection then closes.
    func testAnOversizedBodySentFirstGets413AndTheConnectionCloses() async throws {
        let registry = try await TestRegistry.start(maximumRequestBytes: 1 << 20)
        let output = try client("""
            body = b'{"schema": "' + b"x" * (4 << 20) + b'"}'
            sock = connect()
            sock.sendall(b"POST /subjects/s/versions HTTP/1.1\\r\\nHost: x\\r\\nContent-Type: application/json\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(body) + body)
            answer = read_all(sock)
            print(answer.split(b"\\r\\n")[0].decode(), answer.endswith(b"<closed>"))
            """, registry)
        await registry.stop()
        XCTAssertEqual(output, "HTTP/1.1 413 Payload Too Large True\n")
    }

    /// A body that trickles in (a byte now and then, each resetting an idle timer) is cut off at
    /// the read timeout; a head that trickles in, and a connection that says nothing, at the idle
    /// timeout.
    func testTricklingBodiesAndHeadsAndIdleConnectionsAreClosed() async throws {
        let registry = try await TestRegistry.start(configuration: .init(idleTimeout: .seconds(1), requestReadTimeout: .seconds(2)))
        let output = try client("""
            started = time.monotonic()
            body = connect(); body.sendall(b"POST /subjects/s/versions HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 100\\r\\n\\r\\n")
            head = connect(); head.sendall(b"GET /subjects HTTP/1.1\\r\\n")
            idle = connect()
            closed = {}
            for step in range(60):
                for name, sock in (("body", body), ("head", head)):
                    if name in closed:
                        continue
                    try:
                        sock.sendall(b"x" if name == "body" else b"X")
                    except (BrokenPipeError, ConnectionResetError):
                        closed[name] = time.monotonic() - started
                if len(closed) == 2:
                    break
                time.sleep(0.25)
            idle_closed = read_all(idle).endswith((b"<closed>", b"<reset>"))
            print(sorted(closed), all(seconds < 8 for seconds in closed.values()), idle_closed)
            """, registry)
        // A well-behaved client on a fresh connection is still served.
        let alive = try await registry.call("GET", "/subjects")
        await registry.stop()
        XCTAssertEqual(output, "['body', 'head'] True True\n")
        XCTAssertEqual(alive.status, 200)
    }

    /// A schema past a size limit is refused with 42201 naming the limit and its option.
    func testSchemasPastTheLimitsAreRefusedNamingTheLimit() async throws {
        let limits = SchemaLimits(maximumEnumSymbols: 1000, maximumFields: 500, maximumNamedTypes: 50)
        let registry = try await TestRegistry.start(configuration: .init(schemaLimits: limits))
        let symbols = (0..<1001).map { "\"S\($0)\"" }.joined(separator: ",")
        let fields = (0..<501).map { #"{"name":"f\#($0)","type":"int"}"# }.joined(separator: ",")
        let types = (0..<51).map { #"{"name":"f\#($0)","type":{"type":"fixed","name":"F\#($0)","size":1}}"# }.joined(separator: ",")
        let message = (1...501).map { "int32 f\($0) = \($0);" }.joined(separator: " ")
        let cases: [([String: Any], String)] = [
            (["schema": #"{"type":"enum","name":"E","symbols":[\#(symbols)]}"#], "enum E has 1001 symbols, more than the 1000 this registry accepts (--max-enum-symbols)"),
            (["schema": #"{"type":"record","name":"R","fields":[\#(fields)]}"#], "record R has 501 fields, more than the 500 this registry accepts (--max-fields)"),
            (["schema": #"{"type":"record","name":"R","fields":[\#(types)]}"#], "the schema has 52 named types, more than the 50 this registry accepts (--max-named-types)"),
            (["schema": "syntax = \"proto3\"; message M { \(message) }", "schemaType": "PROTOBUF"], "message M has 501 fields, more than the 500 this registry accepts (--max-fields)"),
        ]
        for (body, expected) in cases {
            let result = try await registry.call("POST", "/subjects/big/versions", body: body)
            XCTAssertEqual(result.status, 422)
            let json = result.json as? [String: Any]
            XCTAssertEqual(json?["error_code"] as? Int, 42201)
            XCTAssertTrue((json?["message"] as? String)?.contains(expected) == true, "\(json ?? [:])")
        }
        // At the limit is fine.
        let atLimit = (0..<1000).map { "\"S\($0)\"" }.joined(separator: ",")
        let accepted = try await registry.call("POST", "/subjects/big/versions", body: ["schema": #"{"type":"enum","name":"E","symbols":[\#(atLimit)]}"#])
        await registry.stop()
        XCTAssertEqual(accepted.status, 200)
    }

    /// TLS below 1.2 is refused; 1.2 and 1.3 are served.
    func testTLSBelowVersion12IsRefused() async throws {
        let certificate = try TestCertificate()
        defer { certificate.remove() }
        let registry = try await TestRegistry.start(tls: (certificate.certificatePath, certificate.keyPath))
        let output = try client("""
            results = []
            for version in (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1, ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
                context.set_ciphers("ALL:@SECLEVEL=0")
                context.minimum_version = version
                context.maximum_version = version
                try:
                    with context.wrap_socket(connect()) as tls:
                        tls.sendall(b"GET /subjects HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n")
                        results.append(read_all(tls).split(b"\\r\\n")[0].decode())
                except (ssl.SSLError, ConnectionResetError) as error:
                    results.append("refused")
            print(results)
            """, registry)
        await registry.stop()
        XCTAssertEqual(output, "['refused', 'refused', 'HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']\n")
    }
}
