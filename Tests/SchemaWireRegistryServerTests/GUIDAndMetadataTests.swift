import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireRegistryServer
import SchemaWireTestSupport
import XCTest

/// Schema GUIDs (what header framing carries) and version metadata (what
/// `use.latest.with.metadata` selects by), over real HTTP.
final class GUIDAndMetadataTests: RegistryTestCase {
    let v1 = #"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}"#
    let v2 = #"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}, {"name": "note", "type": ["null", "string"], "default": null}]}"#

    func object(_ result: (status: Int, json: Any?)) throws -> [String: Any] {
        XCTAssertEqual(result.status, 200, "\(String(describing: result.json))")
        return try XCTUnwrap(result.json as? [String: Any])
    }

    func register(_ subject: String, _ schema: String, metadata: [String: Any]? = nil) async throws -> [String: Any] {
        var body: [String: Any] = ["schema": schema]
        if let metadata { body["metadata"] = metadata }
        return try object(try await registry.call("POST", "/subjects/\(subject)/versions", body: body))
    }

    func testEverySchemaHasAStableGUIDThatFindsIt() async throws {
        let registered = try await register("orders-value", v1)
        let guid = try XCTUnwrap(registered["guid"] as? String)
        XCTAssertNotNil(SchemaGUID(guid), guid)
        XCTAssertEqual(registered["version"] as? Int, 1)
        // The same schema elsewhere keeps its GUID; another schema gets another.
        let again = try await register("other-value", v1)
        XCTAssertEqual(again["guid"] as? String, guid)
        let second = try await register("orders-value", v2)
        XCTAssertNotEqual(second["guid"] as? String, guid)

        let byGUID = try object(try await registry.call("GET", "/schemas/guids/\(guid)"))
        let served = try XCTUnwrap(byGUID["schema"] as? String)
        XCTAssertEqual(try AvroSchema(parsing: served).canonicalForm, try AvroSchema(parsing: v1).canonicalForm, "the GUID finds v1")
        XCTAssertEqual(byGUID["id"] as? Int, registered["id"] as? Int)
        XCTAssertTrue((byGUID["schema"] as? String)?.contains("\"Order\"") ?? false)
        // GUIDs are case-insensitive; versions and ids answers carry them too.
        let upper = try object(try await registry.call("GET", "/schemas/guids/\(guid.uppercased())"))
        XCTAssertEqual(upper["id"] as? Int, registered["id"] as? Int)
        let version = try object(try await registry.call("GET", "/subjects/orders-value/versions/1"))
        XCTAssertEqual(version["guid"] as? String, guid)
        let byID = try object(try await registry.call("GET", "/schemas/ids/\(registered["id"] as? Int ?? 0)"))
        XCTAssertEqual(byID["guid"] as? String, guid)

        // A fresh registry derives the same GUID for the same schema: mirrored topics keep their meaning.
        let other = try await TestRegistry.start()
        let elsewhere = try object(try await other.call("POST", "/subjects/x/versions", body: ["schema": v1]))
        await other.stop()
        XCTAssertEqual(elsewhere["guid"] as? String, guid)

        let unknown = try await registry.call("GET", "/schemas/guids/00000000-0000-8000-8000-000000000000")
        XCTAssertEqual(unknown.status, 404)
        XCTAssertEqual((unknown.json as? [String: Any])?["error_code"] as? Int, 40403)
        let malformed = try await registry.call("GET", "/schemas/guids/not-a-guid")
        XCTAssertEqual(malformed.status, 404)
    }

    /// The GUID is Confluent's derivation over what the registry serves: text, references and
    /// metadata (the derivation itself is checked against Confluent's code in SchemaGUIDTests).
    func testGUIDsAreConfluentsDerivation() async throws {
        let plain = try await register("orders-value", v1)
        let served = try object(try await registry.call("GET", "/schemas/ids/\(plain["id"] as? Int ?? 0)"))
        let text = try XCTUnwrap(served["schema"] as? String)
        XCTAssertEqual(plain["guid"] as? String, SchemaGUID(confluentSchema: text, references: [], metadata: nil).description)
        let tagged = try await register("tagged-value", v1, metadata: ["properties": ["app.major": "1"], "sensitive": ["id"]])
        XCTAssertEqual(
            tagged["guid"] as? String,
            SchemaGUID(confluentSchema: text, references: [], metadata: SchemaMetadata(properties: ["app.major": "1"], sensitive: ["id"])).description
        )
        // The same text as another schema type: another schema with the same GUID, as in
        // Confluent's registry (its derivation leaves the type out); the GUID finds the newest.
        let json = try object(try await registry.call("POST", "/subjects/json-value/versions", body: ["schema": text, "schemaType": "JSON"]))
        XCTAssertEqual(json["guid"] as? String, plain["guid"] as? String)
        XCTAssertNotEqual(json["id"] as? Int, plain["id"] as? Int)
        let byGUID = try object(try await registry.call("GET", "/schemas/guids/\(plain["guid"] as? String ?? "")"))
        XCTAssertEqual(byGUID["schemaType"] as? String, "JSON")
    }

    func testMetadataIsPartOfTheSchemaAndSelectsVersions() async throws {
        let first = try await register("orders-value", v1, metadata: ["properties": ["app.major": "1", "owner": "orders"]])
        let second = try await register("orders-value", v2, metadata: ["properties": ["app.major": "2", "owner": "orders"]])
        // The same text with other metadata is another schema: a new version and id.
        let third = try await register("orders-value", v2, metadata: ["properties": ["app.major": "3", "owner": "orders"], "tags": ["Order.id": ["PII"]]])
        XCTAssertEqual(Set([first["id"] as? Int, second["id"] as? Int, third["id"] as? Int]).count, 3)
        XCTAssertEqual(third["version"] as? Int, 3)

        let major2 = try object(try await registry.call("GET", "/subjects/orders-value/metadata?key=app.major&value=2"))
        XCTAssertEqual(major2["version"] as? Int, 2)
        XCTAssertEqual((major2["metadata"] as? [String: Any])?["properties"] as? [String: String], ["app.major": "2", "owner": "orders"])
        let newest = try object(try await registry.call("GET", "/subjects/orders-value/metadata?key=owner&value=orders"))
        XCTAssertEqual(newest["version"] as? Int, 3, "the newest matching version")
        XCTAssertEqual(((newest["metadata"] as? [String: Any])?["tags"] as? [String: [String]])?["Order.id"], ["PII"])
        let both = try object(try await registry.call("GET", "/subjects/orders-value/metadata?key=owner&key=app.major&value=orders&value=1"))
        XCTAssertEqual(both["version"] as? Int, 1)

        let none = try await registry.call("GET", "/subjects/orders-value/metadata?key=app.major&value=9")
        XCTAssertEqual(none.status, 404)
        XCTAssertEqual((none.json as? [String: Any])?["error_code"] as? Int, 40403)
        let unpaired = try await registry.call("GET", "/subjects/orders-value/metadata?key=app.major")
        XCTAssertEqual(unpaired.status, 422)
        let noSubject = try await registry.call("GET", "/subjects/nope/metadata?key=a&value=b")
        XCTAssertEqual((noSubject.json as? [String: Any])?["error_code"] as? Int, 40401)

        // A lookup by text alone (as Confluent's serializers send it) finds the newest version holding it.
        let lookup = try object(try await registry.call("POST", "/subjects/orders-value", body: ["schema": v2]))
        XCTAssertEqual(lookup["version"] as? Int, 3)
        let exact = try object(try await registry.call(
            "POST", "/subjects/orders-value", body: ["schema": v2, "metadata": ["properties": ["app.major": "2", "owner": "orders"]]]))
        XCTAssertEqual(exact["version"] as? Int, 2)

        let bad = try await registry.call("POST", "/subjects/orders-value/versions", body: ["schema": v1, "metadata": ["properties": ["n": 1]]])
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(((bad.json as? [String: Any])?["message"] as? String)?.contains("metadata.properties.n") ?? false, "\(String(describing: bad.json))")
    }
}
