import Foundation
import SchemaWireRegistryServer
import SchemaWireTestSupport
import XCTest

/// The registry over real HTTP on loopback: every endpoint and the documented error codes.
final class RegistryServerTests: RegistryTestCase {
    let v1 = #"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}"#
    let v2 = #"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}, {"name": "note", "type": ["null", "string"], "default": null}]}"#
    let breaking = #"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}]}"#

    func register(_ subject: String, _ schema: String, extra: [String: Any] = [:], query: String = "") async throws -> (Int, Any?) {
        var body: [String: Any] = ["schema": schema]
        body.merge(extra) { _, new in new }
        let encoded = subject.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? subject
        return try await registry.call("POST", "/subjects/\(encoded)/versions\(query)", body: body)
    }

    func errorCode(_ json: Any?) -> Int? { (json as? [String: Any])?["error_code"] as? Int }

    func testRegisterFetchAndList() async throws {
        let (status, json) = try await register("orders-value", v1)
        XCTAssertEqual(status, 200)
        let id = try XCTUnwrap((json as? [String: Any])?["id"] as? Int)
        // Re-registering the same schema (whitespace differs) returns the same id and adds no version.
        let again = try await register("orders-value", v1.replacingOccurrences(of: " ", with: ""))
        XCTAssertEqual((again.1 as? [String: Any])?["id"] as? Int, id)
        // The same schema under another subject shares the id.
        let other = try await register("other-value", v1)
        XCTAssertEqual((other.1 as? [String: Any])?["id"] as? Int, id)
        let second = try await register("orders-value", v2)
        let secondID = try XCTUnwrap((second.1 as? [String: Any])?["id"] as? Int)
        XCTAssertNotEqual(secondID, id)

        let subjects = try await registry.call("GET", "/subjects")
        XCTAssertEqual(subjects.json as? [String], ["orders-value", "other-value"])
        let actual1 = try await registry.call("GET", "/subjects/orders-value/versions").json as? [Int]
        XCTAssertEqual(actual1, [1, 2])
        let actual2 = try await registry.call("GET", "/subjects/orders-value/versions/latest").json as? [String: Any]
        let latest = try XCTUnwrap(actual2)
        XCTAssertEqual(latest["version"] as? Int, 2)
        XCTAssertEqual(latest["id"] as? Int, secondID)
        XCTAssertEqual(latest["subject"] as? String, "orders-value")
        XCTAssertNil(latest["schemaType"])
        let actual3 = try await registry.call("GET", "/subjects/orders-value/versions/1").json as? [String: Any]
        let first = try XCTUnwrap(actual3)
        XCTAssertEqual(first["id"] as? Int, id)
        let raw = try await registry.call("GET", "/subjects/orders-value/versions/1/schema")
        XCTAssertEqual((raw.json as? [String: Any])?["name"] as? String, "Order")
        let actual4 = try await registry.call("GET", "/schemas/ids/\(id)").json as? [String: Any]
        let byID = try XCTUnwrap(actual4)
        XCTAssertTrue((byID["schema"] as? String)?.contains("\"Order\"") ?? false)
        let actual5 = (try await registry.call("GET", "/schemas/ids/\(id)/schema").json as? [String: Any])?["type"] as? String
        XCTAssertEqual(actual5, "record")
        let actual6 = try await registry.call("GET", "/schemas/ids/\(id)/versions").json as? [[String: Any]]
        let usages = try XCTUnwrap(actual6)
        XCTAssertEqual(usages.map { $0["subject"] as? String }, ["orders-value", "other-value"])
        let actual7 = try await registry.call("GET", "/schemas/types").json as? [String]
        XCTAssertEqual(actual7, ["JSON", "PROTOBUF", "AVRO"])
        let actual8 = try await registry.call("GET", "/").status
        XCTAssertEqual(actual8, 200)
    }

    func testLookup() async throws {
        _ = try await register("s", v1)
        let found = try await registry.call("POST", "/subjects/s", body: ["schema": v1])
        XCTAssertEqual(found.status, 200)
        XCTAssertEqual((found.json as? [String: Any])?["version"] as? Int, 1)
        let missing = try await registry.call("POST", "/subjects/s", body: ["schema": v2])
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(errorCode(missing.json), 40403)
        let noSubject = try await registry.call("POST", "/subjects/nope", body: ["schema": v1])
        XCTAssertEqual(errorCode(noSubject.json), 40401)
    }

    func testCompatibilityIsEnforcedAtTheSubjectLevel() async throws {
        _ = try await register("s", v1)
        let refused = try await register("s", breaking)
        XCTAssertEqual(refused.0, 409)
        XCTAssertEqual(errorCode(refused.1), 409)
        XCTAssertTrue(((refused.1 as? [String: Any])?["message"] as? String)?.contains("TYPE_MISMATCH") ?? false)

        let verbose = try await registry.call("POST", "/compatibility/subjects/s/versions/latest?verbose=true", body: ["schema": breaking])
        XCTAssertEqual((verbose.json as? [String: Any])?["is_compatible"] as? Bool, false)
        XCTAssertFalse(((verbose.json as? [String: Any])?["messages"] as? [String])?.isEmpty ?? true)
        let ok = try await registry.call("POST", "/compatibility/subjects/s/versions/1", body: ["schema": v2])
        XCTAssertEqual((ok.json as? [String: Any])?["is_compatible"] as? Bool, true)
        let actual9 = errorCode(try await registry.call("POST", "/compatibility/subjects/none/versions/latest", body: ["schema": v1]).json)
        XCTAssertEqual(actual9, 40401)
        let actual10 = errorCode(try await registry.call("POST", "/compatibility/subjects/s/versions/9", body: ["schema": v1]).json)
        XCTAssertEqual(actual10, 40402)

        // Subject level NONE lets it through; the global level stays BACKWARD.
        let actual11 = errorCode(try await registry.call("GET", "/config/s").json)
        XCTAssertEqual(actual11, 40408)
        let put = try await registry.call("PUT", "/config/s", body: ["compatibility": "NONE"])
        XCTAssertEqual((put.json as? [String: Any])?["compatibility"] as? String, "NONE")
        let actual12 = (try await registry.call("GET", "/config/s").json as? [String: Any])?["compatibilityLevel"] as? String
        XCTAssertEqual(actual12, "NONE")
        let actual13 = (try await registry.call("GET", "/config").json as? [String: Any])?["compatibilityLevel"] as? String
        XCTAssertEqual(actual13, "BACKWARD")
        let actual14 = (try await register("s", breaking)).0
        XCTAssertEqual(actual14, 200)
        let actual15 = (try await registry.call("DELETE", "/config/s").json as? [String: Any])?["compatibilityLevel"] as? String
        XCTAssertEqual(actual15, "NONE")
        let actual16 = (try await registry.call("GET", "/config/s?defaultToGlobal=true").json as? [String: Any])?["compatibilityLevel"] as? String
        XCTAssertEqual(actual16, "BACKWARD")
        let actual17 = errorCode(try await registry.call("PUT", "/config", body: ["compatibility": "SIDEWAYS"]).json)
        XCTAssertEqual(actual17, 42203)
        let actual18 = (try await registry.call("PUT", "/config", body: ["compatibility": "FULL_TRANSITIVE"]).json as? [String: Any])?["compatibility"] as? String
        XCTAssertEqual(actual18, "FULL_TRANSITIVE")
        let actual19 = (try await registry.call("DELETE", "/config").json as? [String: Any])?["compatibilityLevel"] as? String
        XCTAssertEqual(actual19, "FULL_TRANSITIVE")
    }

    func testInvalidInputGetsTheDocumentedCodes() async throws {
        let actual20 = errorCode((try await register("s", #"{"type": "record", "name": "R"}"#)).1)
        XCTAssertEqual(actual20, 42201)
        let actual21 = errorCode((try await register("s", "not json")).1)
        XCTAssertEqual(actual21, 42201)
        _ = try await register("s", v1)
        let actual22 = errorCode(try await registry.call("GET", "/subjects/s/versions/abc").json)
        XCTAssertEqual(actual22, 42202)
        let actual23 = errorCode(try await registry.call("GET", "/subjects/s/versions/0").json)
        XCTAssertEqual(actual23, 42202)
        let actual24 = errorCode(try await registry.call("GET", "/subjects/s/versions/7").json)
        XCTAssertEqual(actual24, 40402)
        let actual25 = errorCode(try await registry.call("GET", "/subjects/x/versions").json)
        XCTAssertEqual(actual25, 40401)
        let actual26 = errorCode(try await registry.call("GET", "/subjects/x/versions/1").json)
        XCTAssertEqual(actual26, 40401)
        let actual27 = errorCode(try await registry.call("GET", "/schemas/ids/999").json)
        XCTAssertEqual(actual27, 40403)
        let actual28 = errorCode(try await registry.call("GET", "/schemas/ids/abc").json)
        XCTAssertEqual(actual28, 40403)
        let malformed = try await registry.call("POST", "/subjects/s/versions", rawBody: Data("{\"schema\": ".utf8))
        XCTAssertEqual(malformed.status, 400)
        let actual29 = errorCode((try await registry.call("POST", "/subjects/s/versions", body: ["schemaa": v1])).json)
        XCTAssertEqual(actual29, 422)
        let actual30 = errorCode((try await registry.call("POST", "/subjects/s/versions", body: ["schema": v1, "schemaType": "XML"])).json)
        XCTAssertEqual(actual30, 422)
        let unknown = try await registry.call("GET", "/nowhere")
        XCTAssertEqual(unknown.status, 404)
        XCTAssertEqual(errorCode(unknown.json), 404)
        let actual31 = (try await registry.call("PUT", "/subjects/s/versions", body: ["schema": v1])).status
        XCTAssertEqual(actual31, 405)
    }

    func testOversizedBodiesAreRefused() async throws {
        let small = try await TestRegistry.start(maximumRequestBytes: 1024)
        let huge = String(repeating: " ", count: 4096) + v1
        let result = try await small.call("POST", "/subjects/s/versions", body: ["schema": huge])
        await small.stop()
        XCTAssertEqual(result.status, 413)
    }

    func testSoftThenPermanentDeletes() async throws {
        _ = try await register("s", v1)
        _ = try await register("s", v2)
        let actual32 = errorCode(try await registry.call("DELETE", "/subjects/s/versions/1?permanent=true").json)
        XCTAssertEqual(actual32, 40407)
        let actual33 = try await registry.call("DELETE", "/subjects/s/versions/1").json as? Int
        XCTAssertEqual(actual33, 1)
        let actual34 = errorCode(try await registry.call("DELETE", "/subjects/s/versions/1").json)
        XCTAssertEqual(actual34, 40406)
        let actual35 = try await registry.call("GET", "/subjects/s/versions").json as? [Int]
        XCTAssertEqual(actual35, [2])
        let actual36 = try await registry.call("GET", "/subjects/s/versions?deleted=true").json as? [Int]
        XCTAssertEqual(actual36, [1, 2])
        let actual37 = errorCode(try await registry.call("GET", "/subjects/s/versions/1").json)
        XCTAssertEqual(actual37, 40402)
        let actual38 = (try await registry.call("GET", "/subjects/s/versions/1?deleted=true").json as? [String: Any])?["version"] as? Int
        XCTAssertEqual(actual38, 1)
        let actual39 = try await registry.call("DELETE", "/subjects/s/versions/1?permanent=true").json as? Int
        XCTAssertEqual(actual39, 1)
        let actual40 = errorCode(try await registry.call("DELETE", "/subjects/s/versions/1").json)
        XCTAssertEqual(actual40, 40402)

        let actual41 = errorCode(try await registry.call("DELETE", "/subjects/s?permanent=true").json)
        XCTAssertEqual(actual41, 40405)
        let actual42 = try await registry.call("DELETE", "/subjects/s").json as? [Int]
        XCTAssertEqual(actual42, [2])
        let actual43 = errorCode(try await registry.call("DELETE", "/subjects/s").json)
        XCTAssertEqual(actual43, 40404)
        let actual44 = try await registry.call("GET", "/subjects").json as? [String]
        XCTAssertEqual(actual44, [])
        let actual45 = try await registry.call("GET", "/subjects?deleted=true").json as? [String]
        XCTAssertEqual(actual45, ["s"])
        let actual46 = try await registry.call("DELETE", "/subjects/s?permanent=true").json as? [Int]
        XCTAssertEqual(actual46, [2])
        let actual47 = errorCode(try await registry.call("DELETE", "/subjects/s").json)
        XCTAssertEqual(actual47, 40401)
        // Ids stay stable: re-registering gives back the id the schema had.
        let again = try await register("s", v1)
        XCTAssertEqual((again.1 as? [String: Any])?["id"] as? Int, 1)
    }

    func testReferences() async throws {
        let address = #"{"type": "record", "name": "com.example.Address", "fields": [{"name": "city", "type": "string"}]}"#
        _ = try await register("address", address)
        let customer = #"{"type": "record", "name": "com.example.Customer", "fields": [{"name": "home", "type": "com.example.Address"}]}"#
        let reference: [String: Any] = ["name": "com.example.Address", "subject": "address", "version": 1]
        let actual48 = errorCode((try await register("customer", customer)).1)
        XCTAssertEqual(actual48, 42201)
        let registered = try await register("customer", customer, extra: ["references": [reference]])
        XCTAssertEqual(registered.0, 200)
        let id = try XCTUnwrap((registered.1 as? [String: Any])?["id"] as? Int)
        let actual49 = try await registry.call("GET", "/schemas/ids/\(id)").json as? [String: Any]
        let fetched = try XCTUnwrap(actual49)
        XCTAssertEqual((fetched["references"] as? [[String: Any]])?.first?["subject"] as? String, "address")
        let actual50 = try await registry.call("GET", "/subjects/address/versions/1/referencedby").json as? [Int]
        XCTAssertEqual(actual50, [id])
        let actual51 = errorCode(try await registry.call("DELETE", "/subjects/address/versions/1").json)
        XCTAssertEqual(actual51, 42206)
        let actual52 = errorCode(try await registry.call("DELETE", "/subjects/address").json)
        XCTAssertEqual(actual52, 42206)
        let missing: [String: Any] = ["name": "x", "subject": "address", "version": 9]
        let actual53 = errorCode((try await register("c2", customer, extra: ["references": [missing]])).1)
        XCTAssertEqual(actual53, 42201)
    }

    func testModes() async throws {
        let actual54 = (try await registry.call("GET", "/mode").json as? [String: Any])?["mode"] as? String
        XCTAssertEqual(actual54, "READWRITE")
        let actual55 = errorCode(try await registry.call("GET", "/mode/s").json)
        XCTAssertEqual(actual55, 40409)
        let actual56 = errorCode(try await registry.call("PUT", "/mode", body: ["mode": "SOMETIMES"]).json)
        XCTAssertEqual(actual56, 42204)
        let actual57 = (try await registry.call("PUT", "/mode/s", body: ["mode": "READONLY"]).json as? [String: Any])?["mode"] as? String
        XCTAssertEqual(actual57, "READONLY")
        let actual58 = errorCode((try await register("s", v1)).1)
        XCTAssertEqual(actual58, 42205)
        let actual59 = (try await register("t", v1)).0
        XCTAssertEqual(actual59, 200)
        let actual60 = (try await registry.call("DELETE", "/mode/s").json as? [String: Any])?["mode"] as? String
        XCTAssertEqual(actual60, "READONLY")
        let actual61 = (try await register("s", v1)).0
        XCTAssertEqual(actual61, 200)
    }

    func testSubjectsWithSlashesSpacesAndUnicode() async throws {
        let subject = "team/orders value-한글"
        let actual62 = (try await register(subject, v1)).0
        XCTAssertEqual(actual62, 200)
        let actual63 = try await registry.call("GET", "/subjects").json as? [String]
        XCTAssertEqual(actual63, [subject])
        let encoded = try XCTUnwrap(subject.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let actual64 = (try await registry.call("GET", "/subjects/\(encoded)/versions/latest").json as? [String: Any])?["subject"] as? String
        XCTAssertEqual(actual64, subject)
    }

    func testJSONAndProtobufSchemasAreStoredAndReturned() async throws {
        let jsonSchema = #"{"type": "object", "properties": {"a": {"type": "string"}}}"#
        let registered = try await register("j", jsonSchema, extra: ["schemaType": "JSON"])
        let id = try XCTUnwrap((registered.1 as? [String: Any])?["id"] as? Int)
        let actual65 = try await registry.call("GET", "/schemas/ids/\(id)").json as? [String: Any]
        let fetched = try XCTUnwrap(actual65)
        XCTAssertEqual(fetched["schemaType"] as? String, "JSON")
        XCTAssertEqual(fetched["schema"] as? String, jsonSchema)
        let actual66 = errorCode((try await register("j2", "{not json", extra: ["schemaType": "JSON"])).1)
        XCTAssertEqual(actual66, 42201)
        let proto = "syntax = \"proto3\";\nmessage Order { string id = 1; }\n"
        let actual67 = ((try await register("p", proto, extra: ["schemaType": "PROTOBUF"])).1 as? [String: Any])?["id"] as? Int
        let protoID = try XCTUnwrap(actual67)
        let actual68 = (try await registry.call("GET", "/subjects/p/versions/1").json as? [String: Any])?["schemaType"] as? String
        XCTAssertEqual(actual68, "PROTOBUF")
        XCTAssertNotEqual(protoID, id)
        // Changing a subject's schema type is incompatible.
        let actual69 = (try await register("p", v1)).0
        XCTAssertEqual(actual69, 409)
    }

    func testProtobufSchemasWithReferencesAreValidatedAndCheckedForCompatibility() async throws {
        let common = "syntax = \"proto3\";\npackage shop.common;\nmessage Money { int64 units = 1; string currency = 2; }\n"
        let commonID = ((try await register("shop/common.proto", common, extra: ["schemaType": "PROTOBUF"])).1 as? [String: Any])?["id"] as? Int
        XCTAssertNotNil(commonID)
        let order = { (field: String) in
            "syntax = \"proto3\";\npackage shop;\nimport \"shop/common.proto\";\nimport \"google/protobuf/timestamp.proto\";\n"
                + "message Order { string id = 1; \(field) common.Money total = 3; google.protobuf.Timestamp at = 4; }\n"
        }
        let references: [[String: Any]] = [["name": "shop/common.proto", "subject": "shop/common.proto", "version": 1]]
        let first = try await register("orders-value", order("int64 quantity = 2;"), extra: ["schemaType": "PROTOBUF", "references": references])
        XCTAssertEqual(first.0, 200, "\(String(describing: first.1))")
        // Without its reference the import cannot be linked: 422 with the protoc-style location.
        let unlinked = try await register("orders-value", order("int64 quantity = 2;"), extra: ["schemaType": "PROTOBUF"])
        XCTAssertEqual(errorCode(unlinked.1), 42201)
        XCTAssertTrue("\(String(describing: unlinked.1))".contains("shop/common.proto"), "\(String(describing: unlinked.1))")
        // int64 → int32 is wire-compatible; int64 → string is refused at the default BACKWARD level.
        let compatible = try await register("orders-value", order("int32 quantity = 2;"), extra: ["schemaType": "PROTOBUF", "references": references])
        XCTAssertEqual(compatible.0, 200)
        let breaking = try await register("orders-value", order("string quantity = 2;"), extra: ["schemaType": "PROTOBUF", "references": references])
        XCTAssertEqual(breaking.0, 409)
        XCTAssertTrue("\(String(describing: breaking.1))".contains("FIELD_SCALAR_KIND_CHANGED"), "\(String(describing: breaking.1))")
        // The compatibility endpoint gives the same verdict without registering.
        let test = try await registry.call(
            "POST", "/compatibility/subjects/orders-value/versions/latest?verbose=true",
            body: ["schema": order("string quantity = 2;"), "schemaType": "PROTOBUF", "references": references]
        ).json as? [String: Any]
        XCTAssertEqual(test?["is_compatible"] as? Bool, false)
        // Syntax errors are 422 too.
        let invalid = try await register("broken", "syntax = \"proto3\"; message {", extra: ["schemaType": "PROTOBUF"])
        XCTAssertEqual(errorCode(invalid.1), 42201)
    }

    func testNormalizeIgnoresDocsAndAttributeOrder() async throws {
        let documented = #"{"doc": "an order", "fields": [{"type": "string", "name": "id"}], "name": "Order", "type": "record"}"#
        let first = try await register("n", v1, query: "?normalize=true")
        let second = try await register("n", documented, query: "?normalize=true")
        XCTAssertEqual((first.1 as? [String: Any])?["id"] as? Int, (second.1 as? [String: Any])?["id"] as? Int)
        let actual70 = try await registry.call("GET", "/subjects/n/versions").json as? [Int]
        XCTAssertEqual(actual70, [1])
    }

    /// Through curl: URLSession on Linux answers a 401 challenge itself and would wait forever.
    func testBasicAuthentication() async throws {
        let secured = try await TestRegistry.start(authenticator: BasicAuthenticator(users: ["ci": "s3cret"]))
        func status(_ credentials: String?) throws -> (String, String) {
            let arguments = ["-s", "-o", "/dev/stderr", "-w", "%{http_code}"] + (credentials.map { ["-u", $0] } ?? []) + [secured.url + "/subjects"]
            let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/curl"), arguments)
            return (result.stdoutText, result.stderr)
        }
        let anonymous = try status(nil)
        let wrong = try status("ci:nope")
        let right = try status("ci:s3cret")
        await secured.stop()
        XCTAssertEqual(anonymous.0, "401")
        XCTAssertTrue(anonymous.1.contains("40101"), anonymous.1)
        XCTAssertEqual(wrong.0, "401")
        XCTAssertEqual(right.0, "200")
        XCTAssertEqual(right.1, "[]")
    }

    func testConcurrentWritersNeverDuplicateIdsOrVersions() async throws {
        let schemas = (0..<4).map { index in
            #"{"type": "record", "name": "C", "fields": [{"name": "id", "type": "string"}\#((0..<index).map { #", {"name": "f\#($0)", "type": "int", "default": 0}"# }.joined())]}"#
        }
        let registry = self.registry!
        let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for writer in 0..<8 {
                group.addTask {
                    // Writers 0-3 all register schema 0..3 into "shared"; 4-7 each use their own subject.
                    let subject = writer < 4 ? "shared" : "own-\(writer)"
                    var ids: [Int] = []
                    for schema in schemas {
                        let (_, json) = try await registry.call("POST", "/subjects/\(subject)/versions", body: ["schema": schema])
                        ids.append(try XCTUnwrap((json as? [String: Any])?["id"] as? Int))
                    }
                    return (writer, ids.count)
                }
            }
            var all: [(Int, Int)] = []
            for try await result in group { all.append(result) }
            return all
        }
        XCTAssertEqual(results.count, 8)
        let actual71 = try await registry.call("GET", "/subjects/shared/versions").json as? [Int]
        XCTAssertEqual(actual71, [1, 2, 3, 4])
        for writer in 4..<8 {
            let actual72 = try await registry.call("GET", "/subjects/own-\(writer)/versions").json as? [Int]
            XCTAssertEqual(actual72, [1, 2, 3, 4])
        }
        // Four distinct schemas, four ids, shared across all subjects.
        var ids = Set<Int>()
        for version in 1...4 {
            for subject in ["shared", "own-4", "own-7"] {
                let actual73 = (try await registry.call("GET", "/subjects/\(subject)/versions/\(version)").json as? [String: Any])?["id"] as? Int
                ids.insert(try XCTUnwrap(actual73))
            }
        }
        XCTAssertEqual(ids.count, 4)
    }

    func testDataSurvivesARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await TestRegistry.start(storage: .directory(directory))
        let actual74 = (try await first.call("POST", "/subjects/s/versions", body: ["schema": v1]).json as? [String: Any])?["id"] as? Int
        let id = try XCTUnwrap(actual74)
        _ = try await first.call("PUT", "/config/s", body: ["compatibility": "FULL"])
        await first.stop()
        let second = try await TestRegistry.start(storage: .directory(directory))
        let fetched = try await second.call("GET", "/subjects/s/versions/1")
        XCTAssertEqual((fetched.json as? [String: Any])?["id"] as? Int, id)
        let actual75 = (try await second.call("GET", "/config/s").json as? [String: Any])?["compatibilityLevel"] as? String
        XCTAssertEqual(actual75, "FULL")
        let actual76 = (try await second.call("POST", "/subjects/t/versions", body: ["schema": v2]).json as? [String: Any])?["id"] as? Int
        let next = try XCTUnwrap(actual76)
        XCTAssertGreaterThan(next, id)
        await second.stop()
    }

    /// Hostile bodies and paths never get a 5xx or kill the server (body-less operations such as
    /// DELETE /config ignore the body and succeed).
    func testGarbageNeverBreaksTheServer() async throws {
        var generator = SeededGenerator(seed: 11)
        let paths = [
            "/subjects/s/versions", "/subjects/s", "/compatibility/subjects/s/versions/latest", "/config", "/config/s", "/mode/s",
            "/subjects/%FF%FE/versions", "/subjects/s/versions/99999999999999999999", "/schemas/ids/-1/versions",
        ]
        let bodies: [Data] = [
            Data(), Data("null".utf8), Data("[]".utf8), Data("{\"schema\": 5}".utf8), Data("{\"schema\": \"\\ud800\"}".utf8),
            Data("{\"schema\": \"{}\", \"references\": [{\"name\": 1}]}".utf8),
            Data("{\"schema\": \"[\\\"null\\\", \\\"null\\\"]\"}".utf8),
            Data(String(repeating: "[", count: 100_000).utf8),
        ] + (0..<20).map { _ in Data((0..<Int.random(in: 1...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }) }
        for path in paths {
            for method in ["POST", "PUT", "DELETE"] {
                for body in bodies {
                    let result = try await registry.call(method, path, rawBody: body)
                    XCTAssertTrue((200..<500).contains(result.status), "\(method) \(path) \(body.prefix(40) as NSData): \(result.status) \(String(describing: result.json))")
                }
            }
        }
        let alive = try await registry.call("GET", "/subjects")
        XCTAssertEqual(alive.status, 200)
    }
}
