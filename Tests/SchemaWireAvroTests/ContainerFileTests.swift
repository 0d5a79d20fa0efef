import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireTestSupport
import XCTest

final class ContainerFileTests: XCTestCase {
    func values(_ count: Int, schema: AvroSchema, seed: UInt64) -> [AvroValue] {
        var random = RandomAvro(seed: seed)
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

    /// fastavro reads our files and we read fastavro's, for both codecs.
    func testInteroperatesWithFastavro() throws {
        // Unions with one branch per Python type, so that fastavro's branch choice on write is unambiguous.
        let schema = try AvroSchema(parsing: """
            {"type": "record", "name": "R", "namespace": "t", "fields": [
              {"name": "s", "type": "string"}, {"name": "l", "type": "long"}, {"name": "d", "type": "double"},
              {"name": "b", "type": "bytes"}, {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}},
              {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "I", "fields": [{"name": "q", "type": "int"}, {"name": "f", "type": "float"}]}}},
              {"name": "m", "type": {"type": "map", "values": "string"}},
              {"name": "o", "type": ["null", "string"]},
              {"name": "x", "type": {"type": "fixed", "name": "X", "size": 5}}]}
            """)
        let written = values(200, schema: schema, seed: 3)
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
            XCTAssertEqual(try reader.values(), written)
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
