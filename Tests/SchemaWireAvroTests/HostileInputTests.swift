import Foundation
import SchemaWireAvro
import SchemaWireCore
import XCTest

/// Payloads and schemas built to cost far more than their size: each is refused with the cap that
/// stops it (or decoded, where it is valid), and the caps hold per input, not per container.
final class HostileInputTests: XCTestCase {
    /// Avro's zigzag varint of `value`.
    static func long(_ value: Int64) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeZigZag(value)
        return writer.bytes
    }

    func assertLimit(_ body: @autoclosure () throws -> Any, setting: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case let .limitExceeded(limit)? = error as? AvroError else { return XCTFail("unexpected \(error)", file: file, line: line) }
            XCTAssertEqual(limit.setting, setting, file: file, line: line)
            XCTAssertNotNil(limit.offset, file: file, line: line)
            XCTAssertTrue("\(error)".contains(setting), "\(error)", file: file, line: line)
        }
    }

    /// An outer block of 250 inner arrays, each claiming 1,048,575 nulls: 1,003 bytes that once
    /// allocated until the process died, because the cap applied to each array alone.
    func testEmptyItemsAreCappedPerMessageNotPerArray() throws {
        let schema = try AvroSchema(parsing: #"{"type":"array","items":{"type":"array","items":"null"}}"#)
        let hostile = Self.long(250) + Array((0..<250).map { _ in Self.long(1_048_575) + Self.long(0) }.joined()) + Self.long(0)
        XCTAssertEqual(hostile.count, 1003)
        assertLimit(try schema.decode(hostile), setting: "AvroDecodingLimits.maximumEmptyItems")

        // Two arrays of 600,000 each pass the old per-array cap but not the message's.
        let twoHalves = Self.long(2) + (Self.long(600_000) + Self.long(0)) + (Self.long(600_000) + Self.long(0)) + Self.long(0)
        assertLimit(try schema.decode(twoHalves), setting: "AvroDecodingLimits.maximumEmptyItems")
        // One of them alone is fine, and a raised limit lets both through.
        let one = Self.long(1) + (Self.long(600_000) + Self.long(0)) + Self.long(0)
        guard case let .array(outer) = try schema.decode(one), case let .array(inner)? = outer.first else { return XCTFail("not an array") }
        XCTAssertEqual(inner.count, 600_000)
        XCTAssertNoThrow(try schema.decode(twoHalves, limits: AvroDecodingLimits(maximumEmptyItems: 1_200_000)))
    }

    /// An empty record of many null fields is many values: each such item is charged all of them.
    func testEmptyItemsAreWeightedByTheValuesTheyHold() throws {
        let fields = (0..<100).map { #"{"name":"f\#($0)","type":"null"}"# }.joined(separator: ",")
        let schema = try AvroSchema(parsing: #"{"type":"array","items":{"type":"record","name":"Nothing","fields":[\#(fields)]}}"#)
        XCTAssertEqual(schema.minimumEncodedSize(AvroType(.reference("Nothing"))), 0)
        XCTAssertEqual(schema.emptyValueWeight(AvroType(.reference("Nothing"))), 101)
        // Under a cap of 10,000: 100 items of 101 values each are past it, 99 are not.
        let limits = AvroDecodingLimits(maximumEmptyItems: 10_000)
        assertLimit(try schema.decode(Self.long(100) + Self.long(0), limits: limits), setting: "AvroDecodingLimits.maximumEmptyItems")
        guard case let .array(items) = try schema.decode(Self.long(99) + Self.long(0), limits: limits) else { return XCTFail("not an array") }
        XCTAssertEqual(items.count, 99)
    }

    /// A block count is checked against the bytes left for the fewest bytes one item takes: a
    /// record's fields add up, so a wide record's forged count is refused at once.
    func testForgedCountsOfWideRecordsAreRefusedBeforeAllocating() throws {
        let fields = (0..<64).map { #"{"name":"f\#($0)","type":"long"}"# }.joined(separator: ",")
        let schema = try AvroSchema(parsing: #"{"type":"array","items":{"type":"record","name":"Wide","fields":[\#(fields)]}}"#)
        XCTAssertEqual(schema.minimumEncodedSize(AvroType(.reference("Wide"))), 64)
        for count: Int64 in [1 << 62, 1 << 20, 1000] {
            XCTAssertThrowsError(try schema.decode(Self.long(count) + [UInt8](repeating: 0, count: 64 * 999))) { error in
                XCTAssertTrue("\(error)".contains("cannot fit"), "\(error)")
            }
        }
        // Resolved reading bounds the writer's items the same way.
        let reader = try AvroDatumReader(writer: schema, reader: schema)
        XCTAssertThrowsError(try reader.decode(Self.long(1 << 62)))
    }

    /// The Codable path refuses a decimal Foundation's `Decimal` cannot hold, in time linear in
    /// its bytes, instead of dividing a megabyte of digits or answering 0.
    func testHugeDecimalsAreRefusedAndPaddedOnesRead() throws {
        struct Price: Codable, Equatable { var amount: Decimal }
        let schema = try AvroSchema(parsing: #"{"type":"record","name":"Price","fields":[{"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":9000000,"scale":2}}]}"#)
        let megabyte = [UInt8](repeating: 0x5A, count: 1 << 20)
        let payload = Self.long(Int64(megabyte.count)) + megabyte
        XCTAssertThrowsError(try AvroDecoder().decode(Price.self, from: payload, schema: schema)) { error in
            XCTAssertTrue("\(error)".contains("no exact Foundation Decimal"), "\(error)")
        }
        // Sign-extension padding is not magnitude: 40 bytes of -1.25 and of 12.34 read exactly.
        for (value, unscaled) in [(Decimal(string: "-1.25")!, Int64(-125)), (Decimal(string: "12.34")!, 1234)] {
            let minimal = withUnsafeBytes(of: unscaled.bigEndian) { Array($0) }
            let padded = [UInt8](repeating: unscaled < 0 ? 0xFF : 0, count: 32) + minimal
            XCTAssertEqual(try AvroDecoder().decode(Price.self, from: Self.long(Int64(padded.count)) + padded, schema: schema), Price(amount: value))
        }
        // 16 significant bytes still read: 2^120 at scale 2.
        let wide: [UInt8] = [0x01] + [UInt8](repeating: 0, count: 15)
        let decoded = try AvroDecoder().decode(Price.self, from: Self.long(16) + wide, schema: schema)
        XCTAssertEqual(decoded.amount, Decimal(string: "13292279957849158729038070602803445.76"))
        // A scale beyond Decimal's exponent range is refused rather than read as 0.
        let deep = try AvroSchema(parsing: #"{"type":"record","name":"Price","fields":[{"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":300,"scale":200}}]}"#)
        XCTAssertThrowsError(try AvroDecoder().decode(Price.self, from: Self.long(1) + [0x05], schema: deep))
    }

    /// A container file of many tiny values, each claiming a million nulls, shares one budget.
    func testContainerFilesShareOneBudget() throws {
        let schema = try AvroSchema(parsing: #"{"type":"array","items":"null"}"#)
        var writer = try AvroContainerWriter(schema: schema, codec: .null)
        for _ in 0..<3 { try writer.append(.array([])) }
        var file = try writer.finish()
        // Rewrite the three values (each "0") as three arrays of 600,000 nulls.
        let value = Self.long(600_000) + Self.long(0)
        let header = try AvroContainerReader(bytes: file)
        let dataStart = file.count - (Self.long(3) + Self.long(3) + [0, 0, 0] + header.syncMarker).count
        file = Array(file[..<dataStart]) + Self.long(3) + Self.long(Int64(3 * value.count)) + value + value + value + header.syncMarker
        assertLimit(try AvroContainerReader(bytes: file).values(), setting: "AvroDecodingLimits.maximumEmptyItems")
        XCTAssertEqual(try AvroContainerReader(bytes: file, limits: AvroDecodingLimits(maximumEmptyItems: 1_800_000)).values().count, 3)
    }

    /// Reading empty writer records as reader records with defaults builds the defaults too: the
    /// items are charged what the reader builds.
    func testResolvedEmptyItemsAreChargedForTheReaderDefaults() throws {
        let writer = try AvroSchema(parsing: #"{"type":"array","items":{"type":"record","name":"R","fields":[]}}"#)
        let fields = (0..<50).map { #"{"name":"f\#($0)","type":"long","default":0}"# }.joined(separator: ",")
        let reader = try AvroSchema(parsing: #"{"type":"array","items":{"type":"record","name":"R","fields":[\#(fields)]}}"#)
        let datumReader = try AvroDatumReader(writer: writer, reader: reader)
        assertLimit(try datumReader.decode(Self.long(100_000) + Self.long(0)), setting: "AvroDecodingLimits.maximumEmptyItems")
        guard case let .array(items) = try datumReader.decode(Self.long(10_000) + Self.long(0)) else { return XCTFail("not an array") }
        XCTAssertEqual(items.count, 10_000)
    }

    /// A chain of records naming each other is bounded when parsed, so no later walk over the
    /// schema (checks, resolution, code generation) can overflow a stack.
    func testChainsOfNamedTypesDeeperThanTheLimitAreRefused() throws {
        func chain(_ length: Int) -> String {
            // R0 is defined last and holds R1, …: each record names the one defined before it.
            var definitions = [#"{"type":"record","name":"R\#(length)","fields":[]}"#]
            for index in stride(from: length - 1, through: 0, by: -1) {
                definitions.append(#"{"type":"record","name":"R\#(index)","fields":[{"name":"next","type":"R\#(index + 1)"}]}"#)
            }
            let fields = definitions.enumerated().map { #"{"name":"d\#($0.offset)","type":\#($0.element)}"# }.joined(separator: ",")
            return #"{"type":"record","name":"Holder","fields":[\#(fields)]}"#
        }
        XCTAssertNoThrow(try AvroSchema(parsing: chain(200)))
        XCTAssertThrowsError(try AvroSchema(parsing: chain(5000))) { error in
            XCTAssertTrue("\(error)".contains("nest deeper than 256"), "\(error)")
        }
    }

    /// Enum symbols, union branches and record fields are matched through tables: checking an
    /// enum of 100,000 symbols or a record of 50,000 renamed fields costs their size, and the
    /// findings are listed up to a cap and counted past it.
    func testLargeSchemasAreCheckedInLinearTimeWithFindingsCapped() throws {
        let symbols = (0..<100_000).map { "\"S\($0)\"" }
        let old = try AvroSchema(parsing: #"{"type":"enum","name":"E","symbols":[\#(symbols.joined(separator: ","))]}"#)
        let new = try AvroSchema(parsing: #"{"type":"enum","name":"E","symbols":[\#(symbols.dropLast(1).joined(separator: ","))]}"#)
        XCTAssertTrue(old.compatibility(against: [("1", new)]).isCompatible)
        let dropped = new.compatibility(against: [("1", old)])
        XCTAssertEqual(dropped.incompatibilities.map(\.kind), [.missingEnumSymbols])

        let oldFields = (0..<50_000).map { #"{"name":"a\#($0)","type":"int"}"# }.joined(separator: ",")
        let newFields = (0..<50_000).map { #"{"name":"b\#($0)","type":"int"}"# }.joined(separator: ",")
        let oldRecord = try AvroSchema(parsing: #"{"type":"record","name":"R","fields":[\#(oldFields)]}"#)
        let newRecord = try AvroSchema(parsing: #"{"type":"record","name":"R","fields":[\#(newFields)]}"#)
        let result = newRecord.compatibility(against: [("1", oldRecord)])
        XCTAssertEqual(result.incompatibilities.count, IncompatibilityList.maximumListed + 1)
        XCTAssertTrue(result.incompatibilities.last?.message.hasPrefix("\(50_000 - IncompatibilityList.maximumListed) more") == true)

        // A union of 10,000 records checked against itself: branches are found by name.
        let records = (0..<10_000).map { #"{"type":"record","name":"U\#($0)","fields":[{"name":"x","type":"int"}]}"# }
        let union = try AvroSchema(parsing: "[\(records.joined(separator: ","))]")
        XCTAssertTrue(union.compatibility(against: [("1", union)], level: .full).isCompatible)
    }
}
