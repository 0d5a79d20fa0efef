import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireTestSupport
import XCTest

/// Schema resolution per the specification's rules, including the reader defaults avro-c 1.11 does
/// not apply.
final class ResolutionTests: XCTestCase {
    func resolve(_ value: AvroValue, writer writerText: String, reader readerText: String) throws -> AvroValue {
        let writer = try AvroSchema(parsing: writerText)
        let reader = try AvroSchema(parsing: readerText)
        return try AvroDatumReader(writer: writer, reader: reader).decode(try writer.encode(value))
    }

    /// (rule, writer schema, reader schema, written value, expected reader value)
    let cases: [(String, String, String, AvroValue, AvroValue)] = [
        ("int promotes to long", #""int""#, #""long""#, .int(-5), .long(-5)),
        ("int promotes to float", #""int""#, #""float""#, .int(3), .float(3)),
        ("int promotes to double", #""int""#, #""double""#, .int(3), .double(3)),
        ("long promotes to float", #""long""#, #""float""#, .long(1 << 40), .float(Float(1 << 40))),
        ("long promotes to double", #""long""#, #""double""#, .long(7), .double(7)),
        ("float promotes to double", #""float""#, #""double""#, .float(1.5), .double(1.5)),
        ("string promotes to bytes", #""string""#, #""bytes""#, .string("hé"), .bytes(Array("hé".utf8))),
        ("bytes promotes to string", #""bytes""#, #""string""#, .bytes([0x61]), .string("a")),
        (
            "reader field missing in writer takes its default",
            #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}"#,
            #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "string", "default": "x"}, {"name": "c", "type": ["null", "int"], "default": null}, {"name": "d", "type": {"type": "array", "items": "int"}, "default": [1, 2]}]}"#,
            .record(["a": .int(1)]),
            .record(["a": .int(1), "b": .string("x"), "c": .union(branch: 0, value: .null), "d": .array([.int(1), .int(2)])])
        ),
        (
            "writer field missing in reader is skipped",
            #"{"type": "record", "name": "R", "fields": [{"name": "x", "type": {"type": "map", "values": ["null", "string"]}}, {"name": "a", "type": "int"}]}"#,
            #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}"#,
            .record(["x": .map(["k": .union(branch: 1, value: .string("v"))]), "a": .int(9)]),
            .record(["a": .int(9)])
        ),
        (
            "fields are matched by name, not position",
            #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "string"}]}"#,
            #"{"type": "record", "name": "R", "fields": [{"name": "b", "type": "string"}, {"name": "a", "type": "long"}]}"#,
            .record(["a": .int(1), "b": .string("s")]),
            .record(["b": .string("s"), "a": .long(1)])
        ),
        (
            "reader field alias matches a renamed writer field",
            #"{"type": "record", "name": "R", "fields": [{"name": "old", "type": "int"}]}"#,
            #"{"type": "record", "name": "R", "fields": [{"name": "new", "type": "int", "aliases": ["old"]}]}"#,
            .record(["old": .int(4)]),
            .record(["new": .int(4)])
        ),
        (
            "reader record alias matches a renamed writer record",
            #"{"type": "record", "name": "a.Old", "fields": [{"name": "f", "type": "int"}]}"#,
            #"{"type": "record", "name": "b.New", "aliases": ["a.Old"], "fields": [{"name": "f", "type": "int"}]}"#,
            .record(["f": .int(4)]),
            .record(["f": .int(4)])
        ),
        (
            "unknown enum symbol takes the reader's enum default",
            #"{"type": "enum", "name": "E", "symbols": ["A", "B", "NEW"]}"#,
            #"{"type": "enum", "name": "E", "symbols": ["A", "B", "UNKNOWN"], "default": "UNKNOWN"}"#,
            .enumeration("NEW"),
            .enumeration("UNKNOWN")
        ),
        (
            "enum symbols are matched by name",
            #"{"type": "enum", "name": "E", "symbols": ["A", "B"]}"#,
            #"{"type": "enum", "name": "E", "symbols": ["B", "A"]}"#,
            .enumeration("A"),
            .enumeration("A")
        ),
        (
            "writer non-union into reader union picks the matching branch",
            #""string""#, #"["null", "int", "string"]"#, .string("s"), .union(branch: 2, value: .string("s"))
        ),
        (
            "writer non-union into reader union picks a promotable branch",
            #""int""#, #"["null", "double"]"#, .int(2), .union(branch: 1, value: .double(2))
        ),
        (
            "writer union into reader non-union reads the branch",
            #"["null", "int"]"#, #""long""#, .union(branch: 1, value: .int(3)), .long(3)
        ),
        (
            "writer union into reader union matches branches by type",
            #"["int", "string"]"#, #"["string", "null", "long"]"#, .union(branch: 0, value: .int(3)), .union(branch: 2, value: .long(3))
        ),
        (
            "arrays and maps resolve their items",
            #"{"type": "map", "values": {"type": "array", "items": "int"}}"#,
            #"{"type": "map", "values": {"type": "array", "items": "double"}}"#,
            .map(["k": .array([.int(1)])]),
            .map(["k": .array([.double(1)])])
        ),
        (
            "a default for a nested record",
            #"{"type": "record", "name": "R", "fields": []}"#,
            #"{"type": "record", "name": "R", "fields": [{"name": "p", "type": {"type": "record", "name": "P", "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": "int", "default": 5}]}, "default": {"x": 1}}]}"#,
            .record([:]),
            .record(["p": .record(["x": .int(1), "y": .int(5)])])
        ),
    ]

    func testResolutionRules() throws {
        for (rule, writer, reader, written, expected) in cases {
            XCTAssertEqual(try resolve(written, writer: writer, reader: reader), expected, rule)
        }
    }

    func testIncompatibleSchemasFailWhenTheReaderIsBuilt() throws {
        let failures: [(String, String, String)] = [
            ("reader field without default", #"{"type": "record", "name": "R", "fields": []}"#, #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}"#),
            ("long does not narrow to int", #""long""#, #""int""#),
            ("record names differ", #"{"type": "record", "name": "A", "fields": []}"#, #"{"type": "record", "name": "B", "fields": []}"#),
            ("fixed sizes differ", #"{"type": "fixed", "name": "F", "size": 2}"#, #"{"type": "fixed", "name": "F", "size": 3}"#),
            ("no union branch matches", #""string""#, #"["null", "int"]"#),
        ]
        for (rule, writer, reader) in failures {
            XCTAssertThrowsError(try AvroDatumReader(writer: AvroSchema(parsing: writer), reader: AvroSchema(parsing: reader)), rule) { error in
                guard case .unresolvable = error as? AvroError else { return XCTFail("\(rule): \(error)") }
            }
        }
    }

    func testDataDependentFailuresHappenOnDecode() throws {
        let writer = try AvroSchema(parsing: #"{"type": "enum", "name": "E", "symbols": ["A", "NEW"]}"#)
        let reader = try AvroSchema(parsing: #"{"type": "enum", "name": "E", "symbols": ["A"]}"#)
        let datumReader = try AvroDatumReader(writer: writer, reader: reader)
        XCTAssertEqual(try datumReader.decode([0]), .enumeration("A"))
        XCTAssertThrowsError(try datumReader.decode([2])) { error in
            guard case .unresolvable = error as? AvroError else { return XCTFail("\(error)") }
        }
    }

    func testOrdersV1DataReadsAsV2() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../schemas/orders/")
        let v1 = try AvroSchema(parsing: String(contentsOf: url.appendingPathComponent("order-v1.avsc"), encoding: .utf8))
        let v2 = try AvroSchema(parsing: String(contentsOf: url.appendingPathComponent("order-v2.avsc"), encoding: .utf8))
        let datumReader = try AvroDatumReader(writer: v1, reader: v2)
        for seed in 0..<50 {
            var random = RandomAvro(seed: UInt64(seed))
            guard case let .record(fields) = random.value(of: v1.root, in: v1) else { return XCTFail() }
            guard case let .record(resolved) = try datumReader.decode(try v1.encode(.record(fields))) else { return XCTFail() }
            for (name, value) in fields { XCTAssertEqual(resolved[name], value, name) }
            XCTAssertEqual(resolved["couponCode"], .union(branch: 0, value: .null))
            XCTAssertEqual(resolved["shippingAddress"], .union(branch: 0, value: .null))
        }
    }

    func testIdentityResolutionMatchesPlainDecodingOnRandomSchemas() throws {
        for seed in 0..<200 {
            var random = RandomAvro(seed: UInt64(seed) &+ 500)
            let schema = try random.schema()
            let bytes = try schema.encode(random.value(of: schema.root, in: schema))
            XCTAssertEqual(try AvroDatumReader(writer: schema, reader: schema).decode(bytes), try schema.decode(bytes), "seed \(seed)")
        }
    }
}
