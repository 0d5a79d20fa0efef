import SchemaWireAvro
import SchemaWireCore
import SchemaWireTestSupport
import XCTest

final class AvroJSONTests: XCTestCase {
    func testUnionsBytesAndSpecialFloatsUseTheSpecificationForm() throws {
        let schema = try AvroSchema(parsing: """
            {"type": "record", "name": "R", "namespace": "n", "fields": [
              {"name": "u", "type": ["null", "string", {"type": "record", "name": "S", "fields": []}]},
              {"name": "v", "type": ["null", "string"]},
              {"name": "b", "type": "bytes"},
              {"name": "d", "type": "double"}]}
            """)
        let value: AvroValue = .record([
            "u": .union(branch: 2, value: .record([:])), "v": .union(branch: 0, value: .null),
            "b": .bytes([0x00, 0x41, 0xFF]), "d": .double(.infinity),
        ])
        let json = try value.avroJSON(schema: schema)
        XCTAssertEqual(json.serialized(), #"{"u":{"n.S":{}},"v":null,"b":"\u0000Aÿ","d":"Infinity"}"#)
        XCTAssertEqual(try AvroValue(avroJSON: json, schema: schema), value)
    }

    func testRandomValuesRoundTripThroughAvroJSONText() throws {
        for seed in 0..<300 {
            var random = RandomAvro(seed: UInt64(seed) &+ 2_000)
            let schema = try random.schema()
            let value = random.value(of: schema.root, in: schema)
            let text = try value.avroJSON(schema: schema).serialized()
            XCTAssertEqual(try AvroValue(avroJSON: JSONValue(parsing: text), schema: schema), value, "seed \(seed): \(text)")
        }
    }

    func testMissingFieldsTakeDefaultsAndUnknownFieldsAreRejected() throws {
        let schema = try AvroSchema(parsing: #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "default": 7}, {"name": "b", "type": "string"}]}"#)
        XCTAssertEqual(try AvroValue(avroJSON: ["b": "x"], schema: schema), .record(["a": .int(7), "b": .string("x")]))
        XCTAssertThrowsError(try AvroValue(avroJSON: ["a": 1], schema: schema)) { error in
            XCTAssertEqual((error as? AvroError).map { "\($0)" }, "invalid Avro JSON at /b: missing field \"b\", which has no default")
        }
        XCTAssertThrowsError(try AvroValue(avroJSON: ["b": "x", "typo": 1], schema: schema)) { error in
            guard case let .invalidJSONData(path, _) = error as? AvroError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "/typo")
        }
        XCTAssertThrowsError(try AvroValue(avroJSON: ["b": 5], schema: schema))
    }

    func testUnionValueMustNameABranch() throws {
        let schema = try AvroSchema(parsing: #"["null", "int"]"#)
        XCTAssertEqual(try AvroValue(avroJSON: ["int": 5], schema: schema), .union(branch: 1, value: .int(5)))
        XCTAssertThrowsError(try AvroValue(avroJSON: 5, schema: schema))
        XCTAssertThrowsError(try AvroValue(avroJSON: ["long": 5], schema: schema))
    }
}
