@testable import SchemaWireAvro
import SchemaWireCore
import SchemaWireRandomValues
import XCTest

/// `AvroSchema.encode(avroJSON:into:)` against the general path it must agree with byte for byte
/// (JSON text → `JSONValue` → `AvroValue` → binary), which in turn is checked against fastavro and
/// avro-c elsewhere.
final class AvroJSONTranscoderTests: XCTestCase {
    /// The token reader alone: what it accepts, if anything; the general path's bytes.
    func paths(_ text: [UInt8], _ schema: AvroSchema) -> (direct: [UInt8]?, general: [UInt8]?) {
        var writer = ByteWriter()
        let accepted = text.withUnsafeBufferPointer { buffer in
            var reader = AvroJSONTextReader(text: buffer, schema: schema, reportedField: nil)
            return reader.transcode(schema.root, into: &writer, depth: 0) && reader.isAtEnd
        }
        let general = try? schema.encode(AvroValue(avroJSON: JSONValue(parsing: text), schema: schema))
        return (accepted ? writer.bytes : nil, general)
    }

    /// Random schemas of every type and logical type, their values written as Avro JSON: the
    /// direct path takes every one of them and writes the general path's bytes.
    func testRandomValuesTakeTheDirectPathWithTheSameBytes() throws {
        for seed in 0..<400 {
            var random = RandomAvro(seed: UInt64(seed) &+ 7_000)
            random.recursion = seed % 3 == 0
            let schema = try random.schema()
            let value = random.value(of: schema.root, in: schema)
            let text = Array(try value.avroJSON(schema: schema).serialized().utf8)
            let (direct, general) = paths(text, schema)
            XCTAssertNotNil(general, "seed \(seed)")
            XCTAssertEqual(direct, general, "seed \(seed): \(String(decoding: text, as: UTF8.self))")
            var writer = ByteWriter()
            try schema.encode(avroJSON: text, into: &writer)
            XCTAssertEqual(writer.bytes, try schema.encode(value), "seed \(seed)")
        }
    }

    /// Damaged and rearranged texts: whatever the direct path accepts, the general path accepts
    /// with the same bytes; the rest falls back, so errors stay the general path's.
    func testMutatedTextsNeverMakeTheDirectPathDisagree() throws {
        var directlyTaken = 0
        var rejected = 0
        for seed in 0..<300 {
            var random = RandomAvro(seed: UInt64(seed) &+ 9_000)
            let schema = try random.schema()
            let text = Array(try random.value(of: schema.root, in: schema).avroJSON(schema: schema).serialized().utf8)
            for mutation in 0..<20 {
                var mutated = text
                let position = Int.random(in: 0..<mutated.count, using: &random.generator)
                switch mutation % 5 {
                case 0: mutated.remove(at: position)
                case 1: mutated.insert(mutated[position], at: position)
                case 2: mutated[position] = Array(#"{}[]:,"0123456789-.eE \u"#.utf8).randomElement(using: &random.generator) ?? 0
                case 3: mutated.insert(contentsOf: Array(" \n".utf8), at: position)
                default: mutated[position] = UInt8.random(in: 0...255, using: &random.generator)
                }
                let (direct, general) = paths(mutated, schema)
                if let direct {
                    directlyTaken += 1
                    XCTAssertEqual(direct, general, "seed \(seed) mutation \(mutation): \(String(decoding: mutated, as: UTF8.self))")
                }
                if general == nil {
                    rejected += 1
                    var writer = ByteWriter()
                    XCTAssertThrowsError(try schema.encode(avroJSON: mutated, into: &writer))
                }
            }
        }
        XCTAssertGreaterThan(directlyTaken, 500, "whitespace and harmless changes still go the direct way")
        XCTAssertGreaterThan(rejected, 1000, "most damage is refused")
    }

    /// The forms the direct path leaves to the general one, which reads them all the same.
    func testFieldsOutOfOrderDefaultsAndEscapesFallBackToTheSameBytes() throws {
        let schema = try AvroSchema(parsing: """
            {"type": "record", "name": "R", "fields": [
              {"name": "a", "type": "int", "default": 7}, {"name": "s", "type": "string"},
              {"name": "m", "type": {"type": "map", "values": "long"}}, {"name": "d", "type": "double"},
              {"name": "b", "type": "bytes"}, {"name": "u", "type": ["null", {"type": "enum", "name": "E", "symbols": ["X", "Y"]}]}]}
            """)
        let canonical = #"{"a":7,"s":"é\n😀","m":{"k":1},"d":1.5,"b":"\u0000ÿ","u":{"E":"Y"}}"#
        var expected = ByteWriter()
        let reported = try schema.encode(avroJSON: Array(canonical.utf8), into: &expected, reportingField: "s")
        XCTAssertEqual(reported.map { String(decoding: Array(canonical.utf8)[$0], as: UTF8.self) }, #""é\n😀""#)
        XCTAssertNotNil(paths(Array(canonical.utf8), schema).direct, "the canonical form is the direct path's")
        for variant in [
            #"{"s":"é\n\ud83d\ude00","m":{"k":1},"d":1.5,"b":"\u0000\u00ff","u":{"E":"Y"}}"#,  // a default, a surrogate pair
            #"{"u":{"E":"Y"},"b":"\u0000\u00ff","d":15e-1,"m":{"k":1.0},"s":"é\n😀","a":7}"#,  // order, exponent
            #" { "a" : 7 , "s" : "\u00e9\n😀" , "m" : { "k" : 1 } , "d" : 1.5 , "b" : "\u0000\u00FF" , "u" : { "E" : "Y" } } "#,
        ] {
            var writer = ByteWriter()
            try schema.encode(avroJSON: Array(variant.utf8), into: &writer)
            XCTAssertEqual(writer.bytes, expected.bytes, variant)
        }
        var writer = ByteWriter()
        XCTAssertThrowsError(try schema.encode(avroJSON: Array(#"{"s":"x","m":{},"d":1,"b":"","u":{"E":"Z"}}"#.utf8), into: &writer)) { error in
            XCTAssertTrue("\(error)".contains("\"Z\" is not a symbol of enum E"), "\(error)")
        }
    }

    /// Binary to JSON text: the same text as decoding to a value and writing its JSON, for random
    /// values (special floats included), damaged payloads and a map that repeats a key.
    func testBinaryToJSONTextMatchesTheGeneralPath() throws {
        var failures = 0
        for seed in 0..<300 {
            var random = RandomAvro(seed: UInt64(seed) &+ 11_000)
            random.specialFloats = seed % 2 == 0
            random.recursion = seed % 3 == 0
            let schema = try random.schema()
            let payload = try schema.encode(random.value(of: schema.root, in: schema))
            var text = ""
            try schema.appendAvroJSON(decoding: payload, to: &text)
            XCTAssertEqual(text, try schema.decode(payload).avroJSON(schema: schema).serialized(), "seed \(seed)")
            for _ in 0..<10 where !payload.isEmpty {
                var damaged = payload
                damaged[Int.random(in: 0..<damaged.count, using: &random.generator)] = UInt8.random(in: 0...255, using: &random.generator)
                let general = try? schema.decode(damaged).avroJSON(schema: schema).serialized()
                var direct = ""
                do {
                    try schema.appendAvroJSON(decoding: damaged, to: &direct)
                    XCTAssertEqual(direct, general, "seed \(seed)")
                } catch {
                    failures += 1
                    XCTAssertNil(general, "seed \(seed): \(error)")
                }
            }
        }
        XCTAssertGreaterThan(failures, 100, "damage is refused")

        let schema = try AvroSchema(parsing: #"{"type": "map", "values": "int"}"#)
        let repeated: [UInt8] = [4, 2, 0x61, 2, 2, 0x61, 4, 0]  // {"a": 1, "a": 2} in one block
        var text = ""
        try schema.appendAvroJSON(decoding: repeated, to: &text)
        XCTAssertEqual(text, try schema.decode(repeated).avroJSON(schema: schema).serialized())
    }
}
