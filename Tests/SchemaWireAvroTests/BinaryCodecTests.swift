import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireTestSupport
import XCTest

final class BinaryCodecTests: XCTestCase {
    func schema(_ text: String) throws -> AvroSchema { try AvroSchema(parsing: text) }

    func testKnownEncodingsFromTheSpecification() throws {
        XCTAssertEqual(try schema(#""string""#).encode(.string("foo")), [0x06, 0x66, 0x6F, 0x6F])
        XCTAssertEqual(try schema(#""long""#).encode(.long(-64)), [0x7F])
        XCTAssertEqual(try schema(#"["null", "string"]"#).encode(.union(branch: 1, value: .string("a"))), [0x02, 0x02, 0x61])
        XCTAssertEqual(try schema(#"["null", "string"]"#).encode(.null), [0x00])
        XCTAssertEqual(try schema(#"{"type": "array", "items": "long"}"#).encode(.array([.long(3), .long(27)])), [0x04, 0x06, 0x36, 0x00])
        XCTAssertEqual(try schema(#""double""#).encode(.double(1.0)), [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
        XCTAssertEqual(try schema(#""boolean""#).encode(.boolean(true)), [1])
        let record = try schema(#"{"type": "record", "name": "test", "fields": [{"name": "a", "type": "long"}, {"name": "b", "type": "string"}]}"#)
        XCTAssertEqual(try record.encode(.record(["a": .long(27), "b": .string("foo")])), [0x36, 0x06, 0x66, 0x6F, 0x6F])
    }

    func testRandomValuesRoundTrip() throws {
        for seed in 0..<300 {
            var random = RandomAvro(seed: UInt64(seed))
            let schema = try random.schema()
            let value = random.value(of: schema.root, in: schema)
            let bytes = try schema.encode(value)
            XCTAssertEqual(try schema.decode(bytes), value, "seed \(seed)")
        }
    }

    func testNegativeBlockCountsCarryAByteSize() throws {
        let schema = try schema(#"{"type": "array", "items": "int"}"#)
        // count -2 (zigzag 3), size 2 bytes, items 1 and 2, then end.
        XCTAssertEqual(try schema.decode([0x03, 0x04, 0x02, 0x04, 0x00]), .array([.int(1), .int(2)]))
    }

    /// Every class of bad input gives a typed error with the byte offset, never a crash or a large allocation.
    func testBadInputIsATypedErrorWithOffset() throws {
        let cases: [(String, [UInt8], Int, String)] = [
            (#""string""#, [0x06, 0x66], 0, "invalid length 3"),
            (#""string""#, [0x01], 0, "invalid length -1"),
            (#""bytes""#, [0xFE, 0xFF, 0xFF, 0xFF, 0x0F], 0, "invalid length"),
            (#""string""#, [0x04, 0xC3, 0x28], 1, "UTF-8"),
            (#""long""#, [UInt8](repeating: 0xFF, count: 11), 0, "varint"),
            (#""int""#, [0xFE, 0xFF, 0xFF, 0xFF, 0x1F], 0, "32 bits"),
            (#"["null", "int"]"#, [0x04], 0, "union index 2"),
            (#"["null", "int"]"#, [0x01], 0, "union index -1"),
            (#"{"type": "enum", "name": "E", "symbols": ["A"]}"#, [0x02], 0, "enum index 1"),
            (#""boolean""#, [0x02], 0, "boolean"),
            (#""int""#, [0x02, 0x00], 1, "trailing"),
            (#"{"type": "array", "items": "long"}"#, [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], 0, "cannot fit"),
            (#"{"type": "map", "values": "null"}"#, [0x80, 0x80, 0x04], 0, "cannot fit"),
            (#"{"type": "fixed", "name": "F", "size": 4}"#, [1, 2], 0, "truncated"),
            (#""double""#, [1, 2, 3], 0, "truncated"),
        ]
        for (schemaText, bytes, offset, fragment) in cases {
            XCTAssertThrowsError(try schema(schemaText).decode(bytes), schemaText) { error in
                guard case let .malformedData(errorOffset, _, message) = error as? AvroError else {
                    return XCTFail("\(schemaText): unexpected \(error)")
                }
                XCTAssertEqual(errorOffset, offset, "\(schemaText) \(bytes): \(message)")
                XCTAssertTrue(message.contains(fragment), "\(schemaText): \"\(message)\" lacks \"\(fragment)\"")
            }
        }
    }

    func testErrorsNameTheDataPath() throws {
        let schema = try schema(#"{"type": "record", "name": "R", "fields": [{"name": "items", "type": {"type": "array", "items": "string"}}]}"#)
        XCTAssertThrowsError(try schema.decode([0x04, 0x02, 0x61, 0x06, 0x61])) { error in
            guard case let .malformedData(_, path, _) = error as? AvroError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "/items/1")
        }
    }

    func testDeeplyNestedDataIsBounded() throws {
        let schema = try schema(#"{"type": "record", "name": "N", "fields": [{"name": "n", "type": ["null", "N"]}]}"#)
        let hostile = [UInt8](repeating: 0x02, count: 100_000) + [0x00]
        XCTAssertThrowsError(try schema.decode(hostile)) { error in
            XCTAssertTrue("\(error)".contains("exceed the limit of 256 (AvroDecodingLimits.maximumDepth)"), "\(error)")
        }
    }

    /// Mutated and truncated payloads are refused with an ``AvroError`` or decode to a value that
    /// encodes and decodes back to itself: never a crash, never another error, never a value the
    /// encoder refuses.
    func testRandomGarbageIsRefusedOrDecodesToAValueThatRoundTrips() throws {
        var generator = SeededGenerator(seed: 42)
        var (rejected, accepted) = (0, 0)
        for seed in 0..<200 {
            var random = RandomAvro(seed: UInt64(seed))
            let schema = try random.schema()
            let valid = try schema.encode(random.value(of: schema.root, in: schema))
            for _ in 0..<10 {
                var mutated = valid
                if !mutated.isEmpty {
                    let index = Int.random(in: 0..<mutated.count, using: &generator)
                    mutated[index] = UInt8.random(in: 0...255, using: &generator)
                }
                mutated = Array(mutated.prefix(Int.random(in: 0...mutated.count, using: &generator)))
                let value: AvroValue
                do {
                    value = try schema.decode(mutated)
                } catch is AvroError {
                    rejected += 1
                    continue
                }
                accepted += 1
                let again = try schema.encode(value)
                XCTAssertEqual(try schema.decode(again), value, "seed \(seed): \(mutated) decoded to a value that does not round-trip")
            }
        }
        XCTAssertGreaterThan(rejected, 500, "truncations and bad bytes are refused (\(accepted) accepted)")
        XCTAssertGreaterThan(accepted, 50, "mutations that still fit the schema decode (\(rejected) refused)")
    }

    func testEncodingRejectsValuesThatDoNotMatch() throws {
        let record = try schema(#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}"#)
        XCTAssertThrowsError(try record.encode(.record(["a": .string("x")]))) { error in
            guard case let .valueMismatch(path, _) = error as? AvroError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "/a")
        }
        XCTAssertThrowsError(try record.encode(.record([:])))
        XCTAssertThrowsError(try schema(#"{"type": "fixed", "name": "F", "size": 2}"#).encode(.fixed([1])))
        XCTAssertThrowsError(try schema(#"{"type": "enum", "name": "E", "symbols": ["A"]}"#).encode(.enumeration("B")))
    }

    func testGeneratedArraysReadEveryBlockAndRefuseForgedCounts() throws {
        // Blocks of 1, then 2 (with a byte size), then the end: longs 1, 2, 3.
        var reader = AvroBinaryReader(bytes: [0x02, 0x02, 0x03, 0x04, 0x04, 0x06, 0x00])
        XCTAssertEqual(try reader.array(minimumItemSize: 1) { (reader: inout AvroBinaryReader) throws(AvroError) in try reader.long() }, [1, 2, 3])
        // A count of a billion items in a 3-byte payload is refused before anything is reserved.
        var forged = ByteWriter()
        forged.writeAvroLong(1_000_000_000)
        forged.write(bytes: [0x02, 0x02])
        var forgedReader = AvroBinaryReader(bytes: forged.bytes)
        XCTAssertThrowsError(try forgedReader.array(minimumItemSize: 1) { (reader: inout AvroBinaryReader) throws(AvroError) in try reader.long() })
    }
}
