import Foundation
@testable import SchemaWireRegistryServer
import SchemaWireTestSupport
import XCTest

/// The store under the failures that lose data in production: two servers on one SQLite file,
/// deletes racing registrations that reference what they delete, version numbers after hard
/// deletes, and what a 500 tells a client.
final class StoreFaultTests: XCTestCase {
    let base = #"{"type": "record", "name": "Base", "namespace": "t", "fields": [{"name": "id", "type": "string"}]}"#

    func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID())").path
    }

    func id(_ answer: (status: Int, json: Any?)) -> Int? { (answer.json as? [String: Any])?["id"] as? Int }
    func code(_ answer: (status: Int, json: Any?)) -> Int? { (answer.json as? [String: Any])?["error_code"] as? Int }

    /// Two servers on one data directory (each with its own SQLite connection, as two processes
    /// would have) register concurrently: every write waits its turn instead of failing busy, and
    /// ids and versions stay unique.
    func testTwoServersShareOneDatabase() async throws {
        let path = directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try await TestRegistry.start(storage: .directory(path))
        let second = try await TestRegistry.start(storage: .directory(path))
        // Unrelated records share subjects here: compatibility is not what is under test.
        _ = try await first.call("PUT", "/config", body: ["compatibility": "NONE"])
        let schemas = (0..<30).map { #"{"type": "record", "name": "R\#($0)", "fields": [{"name": "id", "type": "string"}]}"# }
        let answers = try await withThrowingTaskGroup(of: (subject: String, status: Int, id: Int?).self) { group in
            for (index, schema) in schemas.enumerated() {
                for (side, registry) in [first, second].enumerated() {
                    group.addTask {
                        // Half the subjects are written through both servers at once.
                        let subject = index % 2 == 0 ? "shared-\(index % 3)" : "own-\(side)-\(index)"
                        let answer = try await registry.call("POST", "/subjects/\(subject)/versions", body: ["schema": schema])
                        return (subject, answer.status, (answer.json as? [String: Any])?["id"] as? Int)
                    }
                }
            }
            var all: [(subject: String, status: Int, id: Int?)] = []
            for try await answer in group { all.append(answer) }
            return all
        }
        XCTAssertEqual(answers.filter { $0.status != 200 }.map(\.status), [], "every registration succeeds")
        // One id per distinct schema, whichever server assigned it.
        XCTAssertEqual(Set(answers.compactMap(\.id)).count, schemas.count)
        for shared in 0..<3 {
            let versions = try await first.call("GET", "/subjects/shared-\(shared)/versions").json as? [Int]
            XCTAssertEqual(versions, Array(1...(versions?.count ?? 0)), "versions run 1...n")
        }
        await first.stop()
        await second.stop()
    }

    /// A database from before Confluent's GUIDs: its schemas get Confluent's GUIDs, and the GUIDs
    /// it handed out (which records in topics may carry) still find their schemas.
    func testGUIDsFromEarlierVersionsStillResolveAfterTheUpgrade() async throws {
        let path = directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let before = try await TestRegistry.start(storage: .directory(path))
        let registered = try await before.call("POST", "/subjects/s/versions", body: ["schema": base])
        let schemaID = try XCTUnwrap(id(registered))
        let confluentGUID = try XCTUnwrap((registered.json as? [String: Any])?["guid"] as? String)
        await before.stop()
        // Turn the file back into what the previous release left: its own GUIDs, no legacy column.
        let legacy = "0b9d4bd2-0a63-8a1e-9b4f-3c1c5e1c6a7f"
        let downgrade = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript("DROP INDEX schemas_guid; DROP INDEX schemas_legacy_guid; ALTER TABLE schemas DROP COLUMN legacy_guid;")
            db.execute("UPDATE schemas SET guid = ? WHERE id = ?", (sys.argv[2], int(sys.argv[3])))
            db.execute("CREATE UNIQUE INDEX schemas_guid ON schemas(guid)")
            db.execute("DELETE FROM grdb_migrations WHERE identifier LIKE 'v4%'")
            db.commit()
            """
        let result = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", downgrade, path + "/registry.sqlite", legacy, String(schemaID)])
        XCTAssertEqual(result.status, 0, result.stderr)

        let after = try await TestRegistry.start(storage: .directory(path))
        let byLegacy = try await after.call("GET", "/schemas/guids/\(legacy)")
        XCTAssertEqual(byLegacy.status, 200, "\(String(describing: byLegacy.json))")
        let byConfluent = try await after.call("GET", "/schemas/guids/\(confluentGUID)")
        XCTAssertEqual(byConfluent.status, 200, "\(String(describing: byConfluent.json))")
        let served = try await after.call("GET", "/schemas/ids/\(schemaID)")
        XCTAssertEqual((served.json as? [String: Any])?["guid"] as? String, confluentGUID)
        await after.stop()
    }

    /// A version number, once given, never names another schema: clients cache numbered versions.
    func testHardDeletedVersionNumbersAreNotReused() async throws {
        let registry = try await TestRegistry.start()
        let v2 = #"{"type": "record", "name": "Base", "namespace": "t", "fields": [{"name": "id", "type": "string"}, {"name": "a", "type": "int", "default": 0}]}"#
        let v3 = #"{"type": "record", "name": "Base", "namespace": "t", "fields": [{"name": "id", "type": "string"}, {"name": "b", "type": "int", "default": 0}]}"#
        _ = try await registry.call("POST", "/subjects/s/versions", body: ["schema": base])
        _ = try await registry.call("POST", "/subjects/s/versions", body: ["schema": v2])
        _ = try await registry.call("DELETE", "/subjects/s/versions/2")
        _ = try await registry.call("DELETE", "/subjects/s/versions/2?permanent=true")
        let registered = try await registry.call("POST", "/subjects/s/versions", body: ["schema": v3])
        let versions = try await registry.call("GET", "/subjects/s/versions").json as? [Int]
        await registry.stop()
        XCTAssertEqual((registered.json as? [String: Any])?["version"] as? Int, 3)
        XCTAssertEqual(versions, [1, 3])
    }

    /// A delete and a registration referencing what it deletes, racing: one of them wins, never
    /// both (a schema referencing a deleted version would no longer link).
    func testDeletesAndReferencingRegistrationsNeverBothWin() async throws {
        let registry = try await TestRegistry.start()
        for round in 0..<40 {
            let subject = "base-\(round)"
            _ = try await registry.call("POST", "/subjects/\(subject)/versions", body: ["schema": base])
            let user = #"{"type": "record", "name": "User", "namespace": "t", "fields": [{"name": "base", "type": "t.Base"}]}"#
            async let deleted = registry.call("DELETE", "/subjects/\(subject)")
            async let referencing = registry.call(
                "POST", "/subjects/user-\(round)/versions",
                body: ["schema": user, "references": [["name": "t.Base", "subject": subject, "version": 1]]])
            let (deletion, registration) = try await (deleted, referencing)
            XCTAssertFalse(deletion.status == 200 && registration.status == 200, "round \(round): both the delete and the reference won")
            XCTAssertTrue(deletion.status == 200 || code(deletion) == 42206, "round \(round): \(deletion)")
            XCTAssertTrue(registration.status == 200 || code(registration) == 42201, "round \(round): \(registration)")
        }
        await registry.stop()
    }

    /// A store failure's answer names an incident; the store's own text (SQL, paths) stays in the
    /// server's log.
    func testStoreFailuresDoNotShowTheStoresText() {
        struct SQLiteFailure: Error, CustomStringConvertible {
            var description: String { "SQLite error 11: database disk image is malformed - while executing `SELECT * FROM schemas WHERE id = ?` at /var/lib/registry.sqlite" }
        }
        let failure = RegistryError.store(SQLiteFailure())
        XCTAssertEqual(failure.status, 500)
        XCTAssertEqual(failure.code, 50001)
        XCTAssertFalse(failure.message.contains("SQLite") || failure.message.contains("SELECT") || failure.message.contains("/var/lib"), failure.message)
        XCTAssertTrue(failure.message.contains("incident"), failure.message)
        XCTAssertTrue(failure.detail?.contains("database disk image is malformed") == true)
        let incident = failure.message.split(separator: " ").drop { $0 != "(incident" }.dropFirst().first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ";")) }
        XCTAssertTrue(failure.detail?.hasPrefix("incident \(incident ?? "?"):") == true, "\(failure.detail ?? "")")
    }
}
