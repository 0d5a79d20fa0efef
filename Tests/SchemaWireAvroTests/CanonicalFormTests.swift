import SchemaWireAvro
import SchemaWireCore
import SchemaWireTestSupport
import XCTest

final class CanonicalFormTests: XCTestCase {
    /// Input schemas and their Parsing Canonical Forms, following the transformations the
    /// specification lists (PRIMITIVES, FULLNAMES, STRIP, ORDER, STRINGS, INTEGERS, WHITESPACE).
    let cases: [(String, String)] = [
        (#""int""#, #""int""#),
        (#"{"type": "int"}"#, #""int""#),
        (#"{"type": "long", "logicalType": "timestamp-millis"}"#, #""long""#),
        (#"{"type": "fixed", "name": "Foo", "size": 15, "namespace": "n"}"#, #"{"name":"n.Foo","type":"fixed","size":15}"#),
        (#"{"type":"enum","symbols":["A","B"],"name":"E","doc":"d","default":"A"}"#, #"{"name":"E","type":"enum","symbols":["A","B"]}"#),
        (#"{"type": "array", "items": {"type": "map", "values": "string"}}"#, #"{"type":"array","items":{"type":"map","values":"string"}}"#),
        (#"[ "null" , {"type":"string"} ]"#, #"["null","string"]"#),
        (
            #"{"namespace": "a", "fields": [{"type": "int", "name": "f", "default": 1, "doc": "x"}, {"name": "g", "type": {"type": "fixed", "name": "F", "size": 2}}, {"name": "h", "type": "F"}], "type": "record", "name": "R", "aliases": ["Q"]}"#,
            #"{"name":"a.R","type":"record","fields":[{"name":"f","type":"int"},{"name":"g","type":{"name":"a.F","type":"fixed","size":2}},{"name":"h","type":"a.F"}]}"#
        ),
        (#"{"type":"record","name":"R","fields":[{"name":"s","type":"string","x":"\u00e9"}]}"#, #"{"name":"R","type":"record","fields":[{"name":"s","type":"string"}]}"#),
    ]

    func testCanonicalForms() throws {
        for (input, expected) in cases {
            XCTAssertEqual(try AvroSchema(parsing: input).canonicalForm, expected, input)
        }
    }

    func testFingerprintsOfTheSpecificationExamples() throws {
        let int = try AvroSchema(parsing: #""int""#)
        XCTAssertEqual(int.fingerprintBytes.hexString, "8f5c393f1ad57572")
        XCTAssertEqual(int.md5Fingerprint.hexString, "ef524ea1b91e73173d938ade36c1db32")
        XCTAssertEqual(int.sha256Fingerprint.hexString, "3f2b87a9fe7cc9b13835598c3981cd45e3e355309e5090aa0933d7becb6fba45")
        XCTAssertEqual(CRC64Avro.fingerprint([UInt8]()), CRC64Avro.empty)
    }

    /// fastavro computes the canonical form and Rabin fingerprint of 200 random schemas; ours must agree.
    func testAgreesWithFastavroOnRandomSchemas() throws {
        var schemas: [AvroSchema] = []
        for seed in 0..<200 {
            var random = RandomAvro(seed: UInt64(seed))
            schemas.append(try random.schema())
        }
        let input = schemas.map { $0.jsonString() }.joined(separator: "\n")
        let script = """
            import sys, json
            from fastavro.schema import to_parsing_canonical_form, fingerprint
            for line in sys.stdin:
                pcf = to_parsing_canonical_form(json.loads(line))
                print(pcf + "\\t" + fingerprint(pcf, "CRC-64-AVRO"))
            """
        let output = String(decoding: try PythonOracle.run(script, input: Array(input.utf8)), as: UTF8.self)
        let lines = output.split(separator: "\n")
        XCTAssertEqual(lines.count, schemas.count)
        for (schema, line) in zip(schemas, lines) {
            let parts = line.split(separator: "\t")
            XCTAssertEqual(schema.canonicalForm, String(parts[0]))
            XCTAssertEqual(schema.fingerprintBytes.hexString, String(parts[1]))
        }
    }
}
