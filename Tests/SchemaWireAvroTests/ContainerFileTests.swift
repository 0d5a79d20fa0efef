import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireTestSupport
import XCTest

final class ContainerFileTests: XCTestCase {
    func values(_ count: Int, schema: AvroSchema, seed: UInt64, specialFloats: Bool = false) -> [AvroValue] {
        var random = RandomAvro(seed: seed)
        random.specialFloats = specialFloats
        return (0..<count).map { _ in random.value(of: schema.root, in: schema) }
    }

    func testRoundTripWithBothCodecsAndSmallBlocks() throws {
        var random = RandomAvro(seed: 7)
        let schema = try random.schema()
        let written = values(500, schema: schema, seed: 8)
        for codec in [AvroContainerFile.Codec.null, .deflate()] {
            var writer = try AvroContainerWriter(schema: schema, codec: codec, blockSize: 512)
            for value in written { try writer.append(value) }
            let file = try writer.finish()
            let reader = try AvroContainerReader(bytes: file)
            XCTAssertEqual(reader.codec, codec == .null ? .null : .deflate())
            XCTAssertEqual(try reader.values(), written)
        }
    }

    /// fastavro reads our files and we read fastavro's, for both codecs: logical types (which
    /// fastavro turns into Decimal, UUID, datetime, date and time and back), a recursive field, NaN,
    /// ±∞ and −0 among the values.
    func testInteroperatesWithFastavro() throws {
        // Unions with one branch per Python type, so that fastavro's branch choice on write is unambiguous.
        let schema = try AvroSchema(parsing: """
            {"type": "record", "name": "R", "namespace": "t", "fields": [
              {"name": "s", "type": "string"}, {"name": "l", "type": "long"}, {"name": "d", "type": "double"},
              {"name": "b", "type": "bytes"}, {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}},
              {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "I", "fields": [{"name": "q", "type": "int"}, {"name": "f", "type": "float"}]}}},
              {"name": "m", "type": {"type": "map", "values": "string"}},
              {"name": "o", "type": ["null", "string"]},
              {"name": "x", "type": {"type": "fixed", "name": "X", "size": 5}},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}},
              {"name": "price", "type": {"type": "fixed", "name": "P", "size": 8, "logicalType": "decimal", "precision": 18, "scale": 4}},
              {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
              {"name": "atMillis", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "local", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "time", "type": {"type": "int", "logicalType": "time-millis"}},
              {"name": "timeMicros", "type": {"type": "long", "logicalType": "time-micros"}},
              {"name": "next", "type": ["null", "R"]}]}
            """)
        let written = values(200, schema: schema, seed: 3, specialFloats: true)
        for codec in [AvroContainerFile.Codec.null, .deflate()] {
            var writer = try AvroContainerWriter(schema: schema, codec: codec, blockSize: 4096)
            for value in written { try writer.append(value) }
            // fastavro reads our file and writes the same records into its own file with the same codec.
            let script = """
                import sys, io, fastavro
                reader = fastavro.reader(io.BytesIO(sys.stdin.buffer.read()))
                records = list(reader)
                out = io.BytesIO()
                fastavro.writer(out, reader.writer_schema, records, codec=reader.codec)
                sys.stdout.buffer.write(out.getvalue())
                """
            let theirs = try PythonOracle.run(script, input: try writer.finish())
            let reader = try AvroContainerReader(bytes: theirs)
            XCTAssertEqual(reader.codec.name, codec.name)
            // Bytes, not values: NaN is not equal to itself.
            XCTAssertEqual(try reader.values().map(schema.encode), try written.map(schema.encode))
        }
    }

    func testDamagedFilesAreTypedErrors() throws {
        let schema = try AvroSchema(parsing: #""long""#)
        var writer = try AvroContainerWriter(schema: schema, codec: .deflate(), syncMarker: [UInt8](repeating: 7, count: 16))
        for index in 0..<100 { try writer.append(.long(Int64(index))) }
        let file = try writer.finish()
        XCTAssertThrowsError(try AvroContainerReader(bytes: Array("Obj".utf8))) { XCTAssertTrue($0 is AvroError) }
        XCTAssertThrowsError(try AvroContainerReader(bytes: [0x4F, 0x62, 0x6A, 0x02])) { XCTAssertTrue("\($0)".contains("magic")) }
        var badSync = file
        badSync[badSync.count - 1] ^= 0xFF
        XCTAssertThrowsError(try AvroContainerReader(bytes: badSync).values()) { XCTAssertTrue("\($0)".contains("sync marker")) }
        for cut in stride(from: 0, to: file.count, by: 7) {
            XCTAssertThrowsError(try AvroContainerReader(bytes: Array(file.prefix(cut))).values(), "cut at \(cut)")
        }
    }

    func testDecompressionIsBounded() throws {
        let schema = try AvroSchema(parsing: #""bytes""#)
        var writer = try AvroContainerWriter(schema: schema, codec: .deflate())
        try writer.append(.bytes([UInt8](repeating: 0, count: 1 << 20)))
        let file = try writer.finish()
        XCTAssertLessThan(file.count, 10_000)
        XCTAssertThrowsError(try AvroContainerReader(bytes: file, maximumBlockSize: 1 << 16).values()) { error in
            guard case let .limitExceeded(limit)? = error as? AvroError else { return XCTFail("\(error)") }
            XCTAssertEqual(limit.setting, "AvroContainerReader(maximumBlockSize:)")
            XCTAssertEqual(limit.limit, 1 << 16)
        }
    }
}
