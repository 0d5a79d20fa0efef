import Foundation
import SchemaWireAvro
import SchemaWireCore
import XCTest

final class SchemaParserTests: XCTestCase {
    func testParsesEveryKindOfType() throws {
        let schema = try AvroSchema(parsing: """
            {"type": "record", "name": "All", "namespace": "a.b", "aliases": ["Old"], "doc": "d", "x-custom": 1,
             "fields": [
               {"name": "n", "type": "null"}, {"name": "b", "type": "boolean"}, {"name": "i", "type": "int"},
               {"name": "l", "type": "long"}, {"name": "f", "type": "float"}, {"name": "d", "type": "double"},
               {"name": "by", "type": "bytes"}, {"name": "s", "type": "string"},
               {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B"], "default": "A"}},
               {"name": "fx", "type": {"type": "fixed", "name": "c.F", "size": 4}},
               {"name": "ar", "type": {"type": "array", "items": "E"}},
               {"name": "m", "type": {"type": "map", "values": "c.F"}},
               {"name": "u", "type": ["null", "string", "E"], "default": null},
               {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
               {"name": "dt", "type": {"type": "int", "logicalType": "date"}},
               {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-nanos"}},
               {"name": "dur", "type": {"type": "fixed", "name": "Dur", "size": 12, "logicalType": "duration"}},
               {"name": "unknownLogical", "type": {"type": "string", "logicalType": "x-thing"}},
               {"name": "wrongBase", "type": {"type": "string", "logicalType": "date"}}
             ]}
            """)
        XCTAssertEqual(Set(schema.namedTypes.keys), ["a.b.All", "a.b.E", "c.F", "a.b.Dur"])
        guard case let .record(record) = schema.root.kind else { return XCTFail("not a record") }
        XCTAssertEqual(record.aliases, [AvroName(name: "Old", namespace: "a.b")])
        XCTAssertEqual(schema.root.properties["x-custom"], 1)
        XCTAssertEqual(record.fields[13].type.logicalType, .decimal(precision: 10, scale: 2))
        XCTAssertEqual(record.fields[15].type.logicalType, .timestampNanos)
        XCTAssertEqual(record.fields[16].type.logicalType, .duration)
        // Unknown or misplaced logical types are ignored, kept as properties (specification rule).
        XCTAssertNil(record.fields[17].type.logicalType)
        XCTAssertEqual(record.fields[17].type.properties["logicalType"], "x-thing")
        XCTAssertNil(record.fields[18].type.logicalType)
        // Reparsing the model's JSON gives the same schema.
        XCTAssertEqual(try AvroSchema(parsing: schema.jsonString()), schema)
    }

    func testRecursiveSchemas() throws {
        let schema = try AvroSchema(parsing: """
            {"type": "record", "name": "Node", "fields": [
              {"name": "value", "type": "int"},
              {"name": "next", "type": ["null", "Node"], "default": null}]}
            """)
        let list: AvroValue = .record(["value": .int(1), "next": .union(branch: 1, value: .record(["value": .int(2), "next": .union(branch: 0, value: .null)]))])
        XCTAssertEqual(try schema.decode(try schema.encode(list)), list)
    }

    /// Each invalid schema and the JSON Pointer its error must name.
    let invalidSchemas: [(String, String, String)] = [
        (#""strin""#, "", "unknown type"),
        (#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "Nope"}]}"#, "/fields/0/type", "unknown type"),
        (#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "a", "type": "int"}]}"#, "/fields/1/name", "already has a field"),
        (#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": {"type": "record", "name": "R", "fields": []}}]}"#, "/fields/0/type/name", "defined more than once"),
        (#"["int", ["null", "string"]]"#, "/1", "another union"),
        (#"["int", "string", "int"]"#, "/2", "already has a branch"),
        (#"[{"type": "array", "items": "int"}, {"type": "array", "items": "long"}]"#, "/1", "already has a branch"),
        (#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "default": "x"}]}"#, "/fields/0/default", "does not match"),
        (#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": ["null", "int"], "default": 1}]}"#, "/fields/0/default", "does not match"),
        (#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "default": 3000000000}]}"#, "/fields/0/default", "does not match"),
        (#"{"type": "bytes", "logicalType": "decimal", "precision": 0}"#, "/precision", "positive"),
        (#"{"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 5}"#, "/scale", "cannot exceed"),
        (#"{"type": "fixed", "name": "F", "size": 2, "logicalType": "decimal", "precision": 5}"#, "/precision", "at most 4"),
        (#"{"type": "enum", "name": "E", "symbols": ["A", "A"]}"#, "/symbols/1", "duplicate"),
        (#"{"type": "enum", "name": "E", "symbols": ["A"], "default": "B"}"#, "/default", "one of its symbols"),
        (#"{"type": "enum", "name": "E", "symbols": ["1A"]}"#, "/symbols/0", "symbol"),
        (#"{"type": "fixed", "name": "F", "size": -1}"#, "/size", "non-negative"),
        (#"{"type": "record", "name": "9R", "fields": []}"#, "/name", "not a valid name"),
        (#"{"type": "record", "name": "int", "fields": []}"#, "/name", "primitive"),
        (#"{"type": "record", "name": "R"}"#, "", "fields"),
        (#"{"type": "array"}"#, "", "items"),
        (#"{"type": "map", "values": "x"}"#, "/values", "unknown type"),
        (#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "order": "up"}]}"#, "/fields/0/order", "order"),
        (#"{"name": "R"}"#, "", "missing \"type\""),
        (#"42"#, "", "must be a string"),
        (#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"},]}"#, "", "invalid JSON"),
    ]

    func testInvalidSchemasAreRejectedWithTheirPath() {
        for (text, path, fragment) in invalidSchemas {
            XCTAssertThrowsError(try AvroSchema(parsing: text), text) { error in
                guard case let .invalidSchema(errorPath, message) = error as? AvroError else {
                    return XCTFail("\(text): unexpected error \(error)")
                }
                XCTAssertEqual(errorPath, path, "\(text): \(message)")
                XCTAssertTrue(message.contains(fragment), "\(text): message \"\(message)\" lacks \"\(fragment)\"")
            }
        }
    }

    func testNamespacesQualifyNestedNames() throws {
        let schema = try AvroSchema(parsing: """
            {"type": "record", "name": "Outer", "namespace": "x", "fields": [
              {"name": "a", "type": {"type": "fixed", "name": "F", "size": 1}},
              {"name": "b", "type": "x.F"},
              {"name": "c", "type": {"type": "enum", "name": "E", "namespace": "", "symbols": ["S"]}},
              {"name": "d", "type": {"type": "record", "name": "y.Inner", "fields": [{"name": "e", "type": "x.F"}]}}]}
            """)
        XCTAssertEqual(Set(schema.namedTypes.keys), ["x.Outer", "x.F", "E", "y.Inner"])
        XCTAssertEqual(try AvroSchema(parsing: schema.jsonString()), schema)
    }

    func testExampleSchemasParse() throws {
        for name in ["order-v1", "order-v2"] {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../schemas/orders/\(name).avsc")
            let schema = try AvroSchema(parsing: String(contentsOf: url, encoding: .utf8))
            XCTAssertEqual(schema.root.fullName, "com.example.orders.Order")
        }
    }
}
