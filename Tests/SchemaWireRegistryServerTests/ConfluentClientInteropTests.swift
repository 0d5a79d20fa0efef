import Foundation
import SchemaWireTestSupport
import XCTest

/// A client written by someone else, unchanged: Confluent's Python `SchemaRegistryClient` and its
/// Avro serializer registering, looking up, checking compatibility and fetching by id.
final class ConfluentClientInteropTests: XCTestCase {
    func testConfluentPythonClientWorksUnchanged() async throws {
        let registry = try await TestRegistry.start()
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let script = here.appendingPathComponent("Interop/confluent_client_smoke.py").path
        let schemas = here.appendingPathComponent("../../schemas").standardized.path
        let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, registry.url, schemas])
        await registry.stop()
        XCTAssertEqual(result.status, 0, result.stdoutText + result.stderr)
        XCTAssertTrue(result.stdoutText.hasSuffix("ok\n"), result.stdoutText + result.stderr)
    }

    /// A REST session recorded against Karapace 6.2.0 (on the tansu broker; `scripts/registry_session.py
    /// record`) answers the same here: status codes, error codes, ids, versions and schemas, except
    /// where Confluent answers otherwise than Karapace (Confluent wins) or SchemaWire deliberately
    /// differs, each listed with its reason in the script.
    func testARestSessionRecordedAgainstKarapaceReplays() async throws {
        let registry = try await TestRegistry.start()
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let script = here.appendingPathComponent("../../scripts/registry_session.py").standardized.path
        let recording = here.appendingPathComponent("Interop/karapace_session.json").path
        let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, "replay", registry.url, recording])
        await registry.stop()
        XCTAssertEqual(result.status, 0, result.stdoutText + result.stderr)
        XCTAssertTrue(result.stdoutText.contains("51 of 51 exchanges answered as recorded"), result.stdoutText)
    }
}
