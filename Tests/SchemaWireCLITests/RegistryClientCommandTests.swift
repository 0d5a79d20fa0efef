import Foundation
import SchemaWireTestSupport
import XCTest

/// `schemawire registry register|get|subjects|versions|config|delete` and
/// `check --against-registry` against a real registry, per CLI.md.
final class RegistryClientCommandTests: XCTestCase {
    var registry: TestRegistry!
    let v1 = CommandRunner.repositoryPath("schemas/orders/order-v1.avsc")
    let v2 = CommandRunner.repositoryPath("schemas/orders/order-v2.avsc")

    override func setUp() async throws {
        registry = try await TestRegistry.start()
    }

    override func tearDown() async throws {
        await registry.stop()
    }

    func run(_ arguments: [String]) throws -> ChildProcess.Result {
        try CommandRunner.run(arguments)
    }

    func breakingSchema() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("breaking-\(UUID()).avsc")
        try Data(#"{"type": "record", "name": "Order", "namespace": "com.example.orders", "fields": [{"name": "orderId", "type": "long"}]}"#.utf8).write(to: url)
        return url.path
    }

    func testRegisterListGetConfigDelete() throws {
        let url = registry.url
        let first = try run(["registry", "register", "--url", url, "--subject", "orders-value", "--schema", v1])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdoutText, "1\n")
        XCTAssertEqual(try run(["registry", "register", "--url", url, "--subject", "orders-value", "--schema", v2]).stdoutText, "2\n")
        XCTAssertEqual(try run(["registry", "subjects", "--url", url]).stdoutText, "orders-value\n")
        XCTAssertEqual(try run(["registry", "subjects", "--url", url, "--format", "json"]).stdoutText, "[\"orders-value\"]\n")
        XCTAssertEqual(try run(["registry", "versions", "--url", url, "--subject", "orders-value"]).stdoutText, "1\n2\n")
        XCTAssertEqual(try run(["registry", "versions", "--url", url, "--subject", "orders-value", "--format", "json"]).stdoutText, "[1,2]\n")

        let byID = try JSONSerialization.jsonObject(with: Data(try run(["registry", "get", "--url", url, "--id", "1"]).stdout)) as? [String: Any]
        XCTAssertEqual(byID?["id"] as? Int, 1)
        XCTAssertTrue((byID?["schema"] as? String)?.contains("com.example.orders") ?? false)
        let latest = try JSONSerialization.jsonObject(with: Data(try run(["registry", "get", "--url", url, "--subject", "orders-value"]).stdout)) as? [String: Any]
        XCTAssertEqual(latest?["version"] as? Int, 2)
        XCTAssertEqual(latest?["subject"] as? String, "orders-value")

        XCTAssertEqual(try run(["registry", "config", "--url", url]).stdoutText, #"{"compatibilityLevel":"BACKWARD"}"# + "\n")
        XCTAssertEqual(try run(["registry", "config", "--url", url, "--subject", "orders-value", "--set", "full"]).stdoutText, #"{"compatibility":"FULL"}"# + "\n")
        XCTAssertEqual(try run(["registry", "config", "--url", url, "--subject", "orders-value"]).stdoutText, #"{"compatibilityLevel":"FULL"}"# + "\n")

        XCTAssertEqual(try run(["registry", "delete", "--url", url, "--subject", "orders-value", "--version", "1"]).stdoutText, "1\n")
        XCTAssertEqual(try run(["registry", "delete", "--url", url, "--subject", "orders-value"]).stdoutText, "[2]\n")
        XCTAssertEqual(try run(["registry", "delete", "--url", url, "--subject", "orders-value", "--permanent"]).stdoutText, "[1,2]\n")
    }

    func testRegisterWithMetadataAndGetShowsItWithTheGUID() throws {
        let metadata = FileManager.default.temporaryDirectory.appendingPathComponent("metadata-\(UUID()).json")
        try Data(#"{"properties": {"app.major": "1"}, "tags": {"Order.orderId": ["PII"]}}"#.utf8).write(to: metadata)
        defer { try? FileManager.default.removeItem(at: metadata) }
        let registered = try run(["registry", "register", "--url", registry.url, "--subject", "orders-value", "--schema", v1, "--metadata", metadata.path])
        XCTAssertEqual(registered.status, 0, registered.stderr)
        let latest = try JSONSerialization.jsonObject(with: Data(try run(["registry", "get", "--url", registry.url, "--subject", "orders-value"]).stdout)) as? [String: Any]
        XCTAssertEqual((latest?["metadata"] as? [String: Any])?["properties"] as? [String: String], ["app.major": "1"])
        XCTAssertNotNil((latest?["guid"] as? String).flatMap { UUID(uuidString: $0) }, "\(String(describing: latest))")

        try Data(#"{"properties": {"app.major": 1}}"#.utf8).write(to: metadata)
        let bad = try run(["registry", "register", "--url", registry.url, "--subject", "orders-value", "--schema", v1, "--metadata", metadata.path])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("metadata.properties.app.major must be a string"), bad.stderr)
    }

    func testRegisterRefusesBreakingChangesEvenAtLevelNone() throws {
        let url = registry.url
        _ = try run(["registry", "register", "--url", url, "--subject", "s", "--schema", v1])
        _ = try run(["registry", "config", "--url", url, "--subject", "s", "--set", "NONE"])
        let breaking = try breakingSchema()
        let refused = try run(["registry", "register", "--url", url, "--subject", "s", "--schema", breaking])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stdoutText.contains("TYPE_MISMATCH at /fields/0/type"), refused.stdoutText)
        let forced = try run(["registry", "register", "--url", url, "--subject", "s", "--schema", breaking, "--no-enforce"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(forced.stdoutText, "2\n")
    }

    func testCheckAgainstARegistrySubject() throws {
        let url = registry.url
        _ = try run(["registry", "register", "--url", url, "--subject", "orders-value", "--schema", v1])
        let compatible = try run(["check", "--schema", v2, "--against-registry", url, "--subject", "orders-value"])
        XCTAssertEqual(compatible.status, 0, compatible.stdoutText + compatible.stderr)
        XCTAssertTrue(compatible.stdoutText.contains("orders-value v1"), compatible.stdoutText)
        let incompatible = try run(["check", "--schema", try breakingSchema(), "--against-registry", url, "--subject", "orders-value", "--format", "json"])
        XCTAssertEqual(incompatible.status, 1)
        XCTAssertTrue(incompatible.stdoutText.contains("\"compatible\": false"), incompatible.stdoutText)
        let newSubject = try run(["check", "--schema", v2, "--against-registry", url, "--subject", "brand-new"])
        XCTAssertEqual(newSubject.status, 0)
    }

    /// Writes `files` (name → text) into a new directory and returns its path.
    func directory(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("protos-\(UUID())")
        for (name, text) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        return root.path
    }

    func testCheckAgainstARegisteredProtoTakesItsImportsFromTheRegistry() throws {
        let order = "syntax = \"proto3\";\npackage shop;\nimport \"home.proto\";\nmessage Order { g.Home home = 1; }\n"
        let registered = try directory(["order.proto": order, "home.proto": "syntax = \"proto3\";\npackage g;\nmessage Home { int32 id = 1; }\n"])
        let first = try run(["registry", "register", "--url", registry.url, "--subject", "orders-value", "--schema", registered + "/order.proto", "-I", registered])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try run(["registry", "subjects", "--url", registry.url]).stdoutText, "home.proto\norders-value\n")
        let latest = try JSONSerialization.jsonObject(with: Data(try run(["registry", "get", "--url", registry.url, "--subject", "orders-value"]).stdout)) as? [String: Any]
        XCTAssertEqual((latest?["references"] as? [[String: Any]])?.first?["subject"] as? String, "home.proto")

        // The new version imports the same package from a file of another name; the registered
        // version's import comes from the registry, not from this directory.
        let moved = "syntax = \"proto3\";\npackage shop;\nimport \"types/home.proto\";\nmessage Order { g.Home home = 1; }\n"
        let compatible = try directory(["order.proto": moved, "types/home.proto": "syntax = \"proto3\";\npackage g;\nmessage Home { int32 id = 1; string note = 2; }\n"])
        let passes = try run(["check", "--schema", compatible + "/order.proto", "-I", compatible, "--against-registry", registry.url, "--subject", "orders-value"])
        XCTAssertEqual(passes.status, 0, passes.stdoutText + passes.stderr)
        let breaking = try directory(["order.proto": moved, "types/home.proto": "syntax = \"proto3\";\npackage g;\nmessage Home { string id = 1; }\n"])
        let refused = try run(["check", "--schema", breaking + "/order.proto", "-I", breaking, "--against-registry", registry.url, "--subject", "orders-value"])
        XCTAssertEqual(refused.status, 1, refused.stdoutText + refused.stderr)
        XCTAssertTrue(refused.stdoutText.contains("FIELD_SCALAR_KIND_CHANGED at #/Home/1"), refused.stdoutText)
        XCTAssertTrue(refused.stdoutText.contains("FIELD_NAMED_TYPE_CHANGED at #/Order/1"), refused.stdoutText)

        // Both versions local, each with its own import path.
        let local = try run(["check", "--schema", breaking + "/order.proto", "-I", breaking, "--against", registered + "/order.proto", "--against-proto-path", registered])
        XCTAssertEqual(local.status, 1, local.stdoutText + local.stderr)
        XCTAssertTrue(local.stdoutText.contains("FIELD_SCALAR_KIND_CHANGED at #/Home/1"), local.stdoutText)
        let withoutIt = try run(["check", "--schema", breaking + "/order.proto", "-I", breaking, "--against", registered + "/order.proto"])
        XCTAssertEqual(withoutIt.status, 2, "the earlier file's import is not on the new file's path")
        XCTAssertTrue(withoutIt.stderr.contains("import \"home.proto\" was not found"), withoutIt.stderr)
    }

    /// `registry download` writes matching subjects with everything they reference, so the files
    /// work offline (`check -I DIR`); `register --reference` registers an Avro schema that uses a
    /// named type from another subject; `-F` gives the registry's URL.
    func testDownloadWritesSubjectsWithTheirReferences() throws {
        let protos = try directory([
            "order.proto": "syntax = \"proto3\";\npackage shop;\nimport \"types/home.proto\";\nmessage Order { g.Home home = 1; }\n",
            "types/home.proto": "syntax = \"proto3\";\npackage g;\nmessage Home { int32 id = 1; }\n",
            "money.avsc": #"{"type": "record", "name": "Money", "namespace": "com.example", "fields": [{"name": "cents", "type": "long"}]}"#,
            "payment.avsc": #"{"type": "record", "name": "Payment", "namespace": "com.example", "fields": [{"name": "amount", "type": "com.example.Money"}]}"#,
            "registry.properties": "# the registry, off the command line\nschema.registry.url=\(registry.url)\nbootstrap.servers=ignored:9092\n",
        ])
        XCTAssertEqual(try run(["registry", "register", "-F", protos + "/registry.properties", "--subject", "orders-value", "--schema", protos + "/order.proto", "-I", protos]).status, 0)
        XCTAssertEqual(try run(["registry", "register", "--url", registry.url, "--subject", "money-value", "--schema", protos + "/money.avsc"]).status, 0)
        let payment = try run([
            "registry", "register", "--url", registry.url, "--subject", "payment-value", "--schema", protos + "/payment.avsc",
            "--reference", "com.example.Money=money-value:latest",
        ])
        XCTAssertEqual(payment.status, 0, payment.stderr)

        let output = FileManager.default.temporaryDirectory.appendingPathComponent("download-\(UUID())").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: output) }
        let download = try run(["registry", "download", "-F", protos + "/registry.properties", "--subject-pattern", "(orders|payment)-value", "--output", output])
        XCTAssertEqual(download.status, 0, download.stderr)
        XCTAssertEqual(
            Set(download.stdoutText.split(separator: "\n").map { String($0.dropFirst(output.count + 1)) }),
            ["orders-value.proto", "types/home.proto", "payment-value.avsc", "com.example.Money.avsc"]
        )
        let offline = try run(["check", "--schema", output + "/orders-value.proto", "-I", output, "--against-registry", registry.url, "--subject", "orders-value"])
        XCTAssertEqual(offline.status, 0, offline.stdoutText + offline.stderr)

        XCTAssertEqual(try run(["registry", "register", "--url", registry.url, "--subject", "money-value", "--schema", protos + "/money.avsc"]).status, 0)
        let versions = try run(["registry", "download", "--url", registry.url, "--subject-pattern", "money-.*", "--output", output, "--all-versions"])
        XCTAssertEqual(versions.stdoutText, output + "/money-value-v1.avsc\n")
        let none = try run(["registry", "download", "--url", registry.url, "--subject-pattern", "nothing", "--output", output])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("no subject matches nothing"), none.stderr)
        let badReference = try run(["registry", "register", "--url", registry.url, "--subject", "p", "--schema", protos + "/payment.avsc", "--reference", "Money"])
        XCTAssertEqual(badReference.status, 2)
    }

    func testFailuresExitTwoWithOneLine() throws {
        let cases: [[String]] = [
            ["registry", "get", "--url", registry.url, "--id", "99"],
            ["registry", "versions", "--url", registry.url, "--subject", "missing"],
            ["registry", "subjects", "--url", "http://127.0.0.1:1"],
            ["registry", "register", "--url", registry.url, "--subject", "s", "--schema", "/nonexistent.avsc"],
            ["registry", "get", "--url", registry.url],
            ["check", "--schema", v2, "--against-registry", "http://127.0.0.1:1", "--subject", "s"],
            ["check", "--schema", v2, "--against-registry", registry.url],
        ]
        for arguments in cases {
            let result = try run(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stdoutText) \(result.stderr)")
            XCTAssertFalse(result.stderr.isEmpty, "\(arguments)")
        }
        let missing = try run(["registry", "get", "--url", registry.url, "--id", "99"])
        XCTAssertTrue(missing.stderr.contains("40403"), missing.stderr)
    }
}
