import SchemaWireCore
import XCTest

/// GUIDs as Confluent Schema Registry derives them. The expected values were computed by
/// Confluent's own `SchemaReference.updateHash` and `Metadata.updateHash` (schema-registry's
/// client entities, compiled and run locally with javac), chained as its `Schema.updateHash`
/// chains them.
final class SchemaGUIDTests: XCTestCase {
    func testConfluentDerivation() {
        XCTAssertEqual(SchemaGUID(confluentSchema: #"{"type":"string"}"#, references: [], metadata: nil).description, "2809284b-6e54-d0d3-4017-715ffe5636bd")
        XCTAssertEqual(
            SchemaGUID(
                confluentSchema: "syntax = \"proto3\";\nmessage M { int32 a = 1; }\n",
                references: [SchemaReference(name: "a/b.proto", subject: "a/b.proto", version: 3), SchemaReference(name: "c.proto", subject: "c-value", version: 300)],
                metadata: nil
            ).description,
            "d38e468a-ce85-f6bc-2278-202dee4dd169"
        )
        let metadata = SchemaMetadata(
            properties: ["owner": "team-é", "app.major": "2"], tags: ["Order.card": ["PII", "PCI", "PII"], "Order.address": ["PII"]], sensitive: ["ssn", "card"]
        )
        XCTAssertEqual(
            SchemaGUID(confluentSchema: #"{"type":"record","name":"Order","fields":[]}"#, references: [], metadata: metadata).description,
            "479e2cf2-56d6-02c8-70df-b9834db58b09"
        )
        XCTAssertEqual(SchemaGUID(confluentSchema: "x", references: [], metadata: SchemaMetadata()).description, "925a37b4-7394-334c-c6cb-fcdeebbd24bb")
    }
}
