import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireTestSupport
import XCTest

/// Logical types printed readably (`consume --logical`, `avro decode --logical`), with fastavro
/// writing the values from Python's own `Decimal`, `date`, `time` and `datetime` and Python
/// formatting what each must read as.
final class AvroReadableJSONTests: XCTestCase {
    let schemaText = #"""
        {"type": "record", "name": "R", "fields": [
          {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 20, "scale": 2}},
          {"name": "rate", "type": {"type": "fixed", "name": "F", "size": 8, "logicalType": "decimal", "precision": 18, "scale": 4}},
          {"name": "day", "type": {"type": "int", "logicalType": "date"}},
          {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "atMicros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
          {"name": "local", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
          {"name": "clock", "type": {"type": "int", "logicalType": "time-millis"}},
          {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
          {"name": "maybe", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}]}
        ]}
        """#

    func testLogicalTypesReadAsPythonWritesThem() throws {
        let script = #"""
            import datetime, decimal, io, json, random, sys, uuid
            from fastavro import parse_schema, schemaless_writer
            schema = parse_schema(json.loads(sys.argv[1]))
            random.seed(7)
            utc = datetime.timezone.utc
            epoch = datetime.datetime(1970, 1, 1, tzinfo=utc)
            for _ in range(300):
                millis = random.randint(-62_000_000_000_000, 253_000_000_000_000)
                at = epoch + datetime.timedelta(milliseconds=millis)
                micros = random.randint(-62_000_000_000_000_000, 253_000_000_000_000_000)
                at_micros = epoch + datetime.timedelta(microseconds=micros)
                day = datetime.date(1970, 1, 1) + datetime.timedelta(days=random.randint(-719_000, 2_900_000))
                clock = datetime.time(random.randint(0, 23), random.randint(0, 59), random.randint(0, 59), random.randint(0, 999) * 1000)
                price = decimal.Decimal(random.randint(-10**18, 10**18)).scaleb(-2)
                rate = decimal.Decimal(random.randint(-10**15, 10**15)).scaleb(-4)
                ident = str(uuid.UUID(int=random.getrandbits(128)))
                maybe = None if random.random() < 0.3 else at
                record = {"price": price, "rate": rate, "day": day, "at": at, "atMicros": at_micros, "local": at.replace(tzinfo=None),
                          "clock": clock, "id": ident, "maybe": maybe}
                out = io.BytesIO()
                schemaless_writer(out, schema, record)
                def seconds(t): return "%04d-%02d-%02dT%02d:%02d:%02d" % (t.year, t.month, t.day, t.hour, t.minute, t.second)
                def ms(t): return seconds(t) + ".%03d" % (t.microsecond // 1000)
                expected = {"price": format(price, ".2f"), "rate": format(rate, ".4f"), "day": day.isoformat(), "at": ms(at) + "Z",
                            "atMicros": seconds(at_micros) + ".%06d" % at_micros.microsecond + "Z", "local": ms(at),
                            "clock": "%02d:%02d:%02d.%03d" % (clock.hour, clock.minute, clock.second, clock.microsecond // 1000),
                            "id": ident, "maybe": None if maybe is None else {"long": ms(maybe) + "Z"}}
                print(out.getvalue().hex(), json.dumps(expected))
            """#
        let schema = try AvroSchema(parsing: schemaText)
        let output = String(decoding: try PythonOracle.run(script, arguments: [schemaText]), as: UTF8.self)
        var checked = 0
        for line in output.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            let hex = line[..<space]
            let bytes = stride(from: 0, to: hex.count, by: 2).compactMap { offset -> UInt8? in
                let start = hex.index(hex.startIndex, offsetBy: offset)
                return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)
            }
            let expected = try JSONValue(parsing: String(line[line.index(after: space)...]))
            let readable = try schema.decode(bytes).readableJSON(schema: schema)
            XCTAssertEqual(readable, expected, String(hex))
            checked += 1
        }
        XCTAssertEqual(checked, 300)
    }

    func testWhatTheLogicalTypeCannotDescribeStaysAvroJSON() throws {
        let schema = try AvroSchema(parsing: #"{"type": "record", "name": "R", "fields": [{"name": "far", "type": {"type": "long", "logicalType": "timestamp-millis"}}, {"name": "wide", "type": {"type": "bytes", "logicalType": "decimal", "precision": 60, "scale": 0}}, {"name": "span", "type": {"type": "fixed", "name": "D", "size": 12, "logicalType": "duration"}}]}"#)
        let value = AvroValue.record(["far": .long(.max), "wide": .bytes([0x7F] + [UInt8](repeating: 0xFF, count: 24)), "span": .fixed([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0])])
        let readable = try XCTUnwrap(try value.readableJSON(schema: schema).objectValue)
        let plain = try XCTUnwrap(try value.avroJSON(schema: schema).objectValue)
        XCTAssertEqual(readable["far"], plain["far"], "a timestamp beyond year 9999 stays a number")
        XCTAssertEqual(readable["wide"], plain["wide"], "a decimal too wide for Decimal stays bytes")
        let span: JSONValue = ["months": .integer(1), "days": .integer(2), "milliseconds": .integer(3)]
        XCTAssertEqual(readable["span"], span)
    }
}
