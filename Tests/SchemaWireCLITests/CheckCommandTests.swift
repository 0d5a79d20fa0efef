import Foundation
import SchemaWireTestSupport
import XCTest

/// `schemawire check` against the contract in CLI.md: verdicts, exit codes, formats and sources.
final class CheckCommandTests: XCTestCase {
    let v1 = CommandRunner.repositoryPath("schemas/orders/order-v1.avsc")
    let v2 = CommandRunner.repositoryPath("schemas/orders/order-v2.avsc")
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A breaking v3 of the example order: userId changes type and a required field appears.
    let breaking = """
        {
          "type": "record",
          "name": "Order",
          "namespace": "com.example.orders",
          "fields": [
            {"name": "orderId", "type": "string"},
            {"name": "userId", "type": "long"},
            {"name": "email", "type": "string"}
          ]
        }
        """

    func write(_ text: String, _ name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func testTheRepositorysOwnSchemasAreCompatible() throws {
        let pair = try CommandRunner.run(["check", "--schema", v2, "--against", v1, "--level", "FULL_TRANSITIVE"])
        XCTAssertEqual(pair.status, 0, pair.stdoutText + pair.stderr)
        let tree = try CommandRunner.run(["check", CommandRunner.repositoryPath("schemas")])
        XCTAssertEqual(tree.status, 0, tree.stdoutText + tree.stderr)
        XCTAssertTrue(tree.stdoutText.hasPrefix("SCHEMA"), tree.stdoutText)
    }

    func testIncompatibleChangeExitsOneAndSaysWhereAndHowToFix() throws {
        let new = try write(breaking, "order-v3.avsc")
        let result = try CommandRunner.run(["check", "--schema", new, "--against", v1])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdoutText.contains("INCOMPATIBLE (BACKWARD), 2 problem(s)"), result.stdoutText)
        XCTAssertTrue(result.stdoutText.contains("TYPE_MISMATCH at /fields/1/type (line 7"), result.stdoutText)
        XCTAssertTrue(result.stdoutText.contains("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2 (line 8"), result.stdoutText)
        XCTAssertTrue(result.stdoutText.contains("fix: give \"email\" a default"), result.stdoutText)
        // NONE accepts the same change.
        XCTAssertEqual(try CommandRunner.run(["check", "--schema", new, "--against", v1, "--level", "none"]).status, 0)
    }

    func testJSONFormat() throws {
        let new = try write(breaking, "order-v3.avsc")
        let result = try CommandRunner.run(["check", "--schema", new, "--against", v1, "--format", "json"])
        XCTAssertEqual(result.status, 1)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any])
        XCTAssertEqual(object["compatible"] as? Bool, false)
        XCTAssertEqual(object["level"] as? String, "BACKWARD")
        let incompatibilities = try XCTUnwrap(object["incompatibilities"] as? [[String: Any]])
        XCTAssertEqual(incompatibilities.map { $0["kind"] as? String }, ["TYPE_MISMATCH", "READER_FIELD_MISSING_DEFAULT_VALUE"])
        XCTAssertEqual(incompatibilities.map { $0["path"] as? String }, ["/fields/1/type", "/fields/2"])
        XCTAssertTrue(incompatibilities.allSatisfy { ($0["message"] as? String)?.isEmpty == false })
    }

    func testGitHubAnnotations() throws {
        let new = try write(breaking, "order-v3.avsc")
        let result = try CommandRunner.run(["check", "--schema", new, "--against", v1, "--format", "github"])
        XCTAssertEqual(result.status, 1)
        let lines = result.stdoutText.split(separator: "\n")
        XCTAssertTrue(lines[0].hasPrefix("::error file=\(new),line=7,title=TYPE_MISMATCH at /fields/1/type::"), String(lines[0]))
        XCTAssertTrue(lines[1].hasPrefix("::error file=\(new),line=8,"), String(lines[1]))
        XCTAssertTrue(lines.last?.hasPrefix("::notice::") ?? false)
    }

    func testTransitiveLevelsUseEveryVersionInTheDirectory() throws {
        let versions = directory.appendingPathComponent("versions")
        _ = try write(#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}"#, "versions/r-v1.avsc")
        _ = try write(#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "string", "default": "x"}]}"#, "versions/r-v2.avsc")
        let new = try write(#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "string"}]}"#, "versions/r-v10.avsc")
        XCTAssertEqual(try CommandRunner.run(["check", "--schema", new, "--against-dir", versions.path]).status, 0)
        let transitive = try CommandRunner.run(["check", "--schema", new, "--against-dir", versions.path, "--level", "BACKWARD_TRANSITIVE"])
        XCTAssertEqual(transitive.status, 1)
        XCTAssertTrue(transitive.stdoutText.contains("r-v1.avsc"), transitive.stdoutText)
    }

    func git(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory.path, "-c", "user.name=t", "-c", "user.email=t@example.com"] + arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "git \(arguments)")
    }

    func testAgainstGitAndPreviousGitVersions() throws {
        try git("init", "-q")
        let schema = try write(try String(contentsOfFile: v1, encoding: .utf8), "schemas/order.avsc")
        try git("add", ".")
        try git("commit", "-q", "-m", "v1")
        // Only one version in history: nothing to break.
        let first = try CommandRunner.run(["check", directory.appendingPathComponent("schemas").path])
        XCTAssertEqual(first.status, 0, first.stdoutText)
        XCTAssertTrue(first.stdoutText.contains("new"), first.stdoutText)
        // An uncommitted breaking edit is checked against HEAD.
        _ = try write(breaking, "schemas/order.avsc")
        let edited = try CommandRunner.run(["check", directory.appendingPathComponent("schemas").path])
        XCTAssertEqual(edited.status, 1, edited.stdoutText)
        XCTAssertTrue(edited.stdoutText.contains("HEAD:"), edited.stdoutText)
        // Committed, it is checked against the commit before.
        try git("commit", "-q", "-am", "v3")
        let committed = try CommandRunner.run(["check", schema])
        XCTAssertEqual(committed.status, 1, committed.stdoutText)
        // --against-git names the revision explicitly.
        XCTAssertEqual(try CommandRunner.run(["check", "--schema", schema, "--against-git", "HEAD~1"]).status, 1)
        XCTAssertEqual(try CommandRunner.run(["check", "--schema", schema, "--against-git", "HEAD"]).status, 0)
        let unknown = try CommandRunner.run(["check", "--schema", schema, "--against-git", "no-such-ref"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown git revision"), unknown.stderr)
    }

    func testBadInputAndUsageExitTwo() throws {
        let invalid = try write(#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "nope"}]}"#, "bad.avsc")
        let cases: [[String]] = [
            ["check", "--schema", invalid, "--against", v1],
            ["check", "--schema", v2, "--against", invalid],
            ["check", "--schema", v2, "--against", v1, "--level", "SIDEWAYS"],
            ["check", "--schema", v2, "--against", v1, "--format", "xml"],
            ["check", "--schema", v2],
            ["check"],
            ["check", "--schema", v2, "--against", "/nonexistent.avsc"],
            ["check", "--schema", try write("message M {}", "m.proto"), "--against", v1],
        ]
        for arguments in cases {
            let result = try CommandRunner.run(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stdoutText) \(result.stderr)")
            XCTAssertFalse(result.stderr.isEmpty, "\(arguments)")
        }
    }

    func testProtobufSchemasWithImportsAreChecked() throws {
        _ = try write("syntax = \"proto3\";\npackage shop.common;\nmessage Money { int64 units = 1; }\n", "protos/shop/common.proto")
        let body = { (field: String) in
            "syntax = \"proto3\";\npackage shop;\nimport \"shop/common.proto\";\nimport \"google/protobuf/timestamp.proto\";\n"
                + "message Order {\n  string id = 1;\n  \(field)\n  common.Money total = 3;\n  google.protobuf.Timestamp at = 4;\n}\n"
        }
        let v1 = try write(body("int64 quantity = 2;"), "protos/shop/v1/order.proto")
        let v2 = try write(body("int32 quantity = 2;  string note = 5;"), "protos/shop/v2/order.proto")
        let v3 = try write(body("string quantity = 2;"), "protos/shop/v3/order.proto")
        let include = directory.appendingPathComponent("protos").path

        let compatible = try CommandRunner.run(["check", "--schema", v2, "--against", v1, "-I", include])
        XCTAssertEqual(compatible.status, 0, compatible.stdoutText + compatible.stderr)

        let breaking = try CommandRunner.run(["check", "--schema", v3, "--against", v1, "--against", v2, "-I", include, "--format", "github"])
        XCTAssertEqual(breaking.status, 1, breaking.stdoutText + breaking.stderr)
        XCTAssertTrue(breaking.stdoutText.contains("line=7"), breaking.stdoutText)
        XCTAssertTrue(breaking.stdoutText.contains("FIELD_SCALAR_KIND_CHANGED"), breaking.stdoutText)

        let json = try CommandRunner.run(["check", "--schema", v3, "--against", v2, "-I", include, "--format", "json", "--level", "FULL"])
        XCTAssertEqual(json.status, 1)
        XCTAssertFalse(json.stdoutText.contains("\"line\": 1,"), "FORWARD findings point at the field too: \(json.stdoutText)")
        XCTAssertTrue(json.stdoutText.contains("\"path\": \"#/Order/2\""), json.stdoutText)

        let missing = try CommandRunner.run(["check", "--schema", v2, "--against", v1])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("import \"shop/common.proto\" was not found"), missing.stderr)
        XCTAssertTrue(missing.stderr.contains(":3:1"), missing.stderr)

        let mixed = try CommandRunner.run(["check", "--schema", v2, "--against", self.v1, "-I", include])
        XCTAssertEqual(mixed.status, 2, mixed.stderr)
    }
}
