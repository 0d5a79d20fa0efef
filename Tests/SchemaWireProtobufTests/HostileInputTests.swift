import SchemaWireCore
import SchemaWireProtobuf
import XCTest

/// Payloads built to cost more than their size in the dynamic codec and the JSON mapping: each
/// decodes with Protobuf's semantics (appends, merges, last map key wins) or is refused, and
/// nothing traps.
final class HostileInputTests: XCTestCase {
    let schema = try! ProtoSchema(
        parsing: """
            syntax = "proto3";
            package h;
            import "google/protobuf/duration.proto";
            import "google/protobuf/timestamp.proto";
            message Inner { repeated int32 values = 1; map<int32, string> names = 2; Inner next = 3; }
            message Outer {
              repeated int32 numbers = 1;
              map<string, int32> counts = 2;
              Inner inner = 3;
              oneof choice { Inner left = 4; string right = 5; }
              google.protobuf.Duration wait = 6;
              google.protobuf.Timestamp at = 7;
            }
            """, path: "h.proto")

    static func varint(_ value: UInt64) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeVarint(value)
        return writer.bytes
    }

    static func field(_ number: UInt64, _ wireType: UInt64, _ body: [UInt8]) -> [UInt8] {
        varint(number << 3 | wireType) + body
    }

    static func delimited(_ number: UInt64, _ body: [UInt8]) -> [UInt8] {
        field(number, 2, varint(UInt64(body.count)) + body)
    }

    /// 500,000 unpacked `int32` elements (a megabyte): each appends in place.
    func testUnpackedRepeatedElementsAppendInPlace() throws {
        var payload: [UInt8] = []
        for index in 0..<500_000 { payload += Self.field(1, 0, [UInt8(index % 100)]) }
        XCTAssertEqual(payload.count, 1_000_000)
        guard case let .repeated(numbers)? = try schema.decode(payload, as: "h.Outer")[1] else { return XCTFail("no numbers") }
        XCTAssertEqual(numbers.count, 500_000)
        XCTAssertEqual(numbers[499_999], .int32(99))
        // Packed runs after unpacked elements append after them.
        let mixed = Self.field(1, 0, [7]) + Self.delimited(1, [1, 2, 3]) + Self.field(1, 0, [8])
        XCTAssertEqual(try schema.decode(mixed, as: "h.Outer")[1], .repeated([.int32(7), .int32(1), .int32(2), .int32(3), .int32(8)]))
    }

    /// 100,000 map entries, every tenth key repeated: each entry costs its own size, a repeated
    /// key replaces its value where it first appeared.
    func testMapEntriesAreIndexedByKey() throws {
        var payload: [UInt8] = []
        for index in 0..<100_000 {
            let key = Array("k\(index % 90_000)".utf8)
            payload += Self.delimited(2, Self.delimited(1, key) + Self.field(2, 0, Self.varint(UInt64(index))))
        }
        guard case let .map(entries)? = try schema.decode(payload, as: "h.Outer")[2] else { return XCTFail("no map") }
        XCTAssertEqual(entries.count, 90_000)
        XCTAssertEqual(entries[5], ProtoMapEntry(key: .string("k5"), value: .int32(90_005)))
        XCTAssertEqual(entries[89_999], ProtoMapEntry(key: .string("k89999"), value: .int32(89_999)))
    }

    /// 100,000 occurrences of a singular message field, each carrying one element and one map
    /// entry: they merge into one message in place, as Protobuf's merge semantics say.
    func testRepeatedOccurrencesOfASingularMessageMergeInPlace() throws {
        var payload: [UInt8] = []
        for index in 0..<100_000 {
            payload += Self.delimited(3, Self.field(1, 0, Self.varint(UInt64(index))) + Self.delimited(2, Self.field(1, 0, Self.varint(UInt64(index % 10))) + Self.delimited(2, Array("n\(index)".utf8))))
        }
        let outer = try schema.decode(payload, as: "h.Outer")
        guard case let .single(.message(inner))? = outer[3], case let .repeated(values)? = inner[1], case let .map(names)? = inner[2] else {
            return XCTFail("not merged: \(String(describing: outer[3]).prefix(200))")
        }
        XCTAssertEqual(values.count, 100_000)
        XCTAssertEqual(values.last, .int32(99_999))
        XCTAssertEqual(names.count, 10)
        XCTAssertEqual(names[3], ProtoMapEntry(key: .int32(3), value: .string("n99993")))
        // A oneof member switches the case: the other member's merged state is gone.
        let switched = Self.delimited(4, Self.field(1, 0, [1])) + Self.delimited(5, Array("r".utf8)) + Self.delimited(4, Self.field(1, 0, [2]))
        guard case let .single(.message(left))? = try schema.decode(switched, as: "h.Outer")[4] else { return XCTFail("no left") }
        XCTAssertEqual(left[1], .repeated([.int32(2)]))
        XCTAssertNil(try schema.decode(switched, as: "h.Outer")[5])
    }

    /// The JSON mapping of a Duration at the ends of its integer types is refused, not trapped on.
    func testDurationsAtIntegerExtremesAreRefused() throws {
        for (seconds, nanos) in [(Int64.min, Int32(0)), (0, Int32.min), (Int64.min, Int32.min), (Int64.max, 0)] {
            var duration = ProtoMessage()
            if seconds != 0 { duration[1] = .single(.int64(seconds)) }
            if nanos != 0 { duration[2] = .single(.int32(nanos)) }
            let message = ProtoMessage(fields: [6: .single(.message(duration))])
            XCTAssertThrowsError(try schema.json(message, as: "h.Outer")) { error in
                XCTAssertTrue("\(error)".contains("Duration is out of range"), "\(error)")
            }
        }
        for text in ["-9223372036854775808s", "--9223372036854775808s", "+5s", "-+5s", "315576000001s", "1.0000000001s", "1e3s"] {
            XCTAssertThrowsError(try schema.message(fromJSON: try JSONValue(parsing: #"{"wait": "\#(text)"}"#), as: "h.Outer"), text)
        }
        let longest = try schema.message(fromJSON: try JSONValue(parsing: #"{"wait": "-315576000000.999999999s"}"#), as: "h.Outer")
        guard case let .single(.message(wait))? = longest[6] else { return XCTFail("no duration") }
        XCTAssertEqual(wait[1], .single(.int64(-315_576_000_000)))
        XCTAssertEqual(wait[2], .single(.int32(-999_999_999)))
    }

    /// Reserved ranges, reserved names and synthetic oneofs are checked through tables: a message
    /// of 20,000 proto3 `optional` fields and 20,000 reserved ranges links in linear time.
    func testLargeDeclarationsLinkThroughTables() throws {
        let fields = (1...20_000).map { "optional int32 f\($0) = \($0 < 19_000 ? $0 : $0 + 1000);" }.joined(separator: "\n")
        let reserved = (0..<20_000).map { "reserved \(100_000 + 2 * $0);" }.joined(separator: "\n")
        let big = try ProtoSchema(parsing: "syntax = \"proto3\";\nmessage Big {\n\(fields)\n\(reserved)\n}", path: "big.proto")
        XCTAssertEqual(big.messageType(named: "Big")?.oneofs.count, 20_000)
        XCTAssertThrowsError(try ProtoSchema(parsing: "syntax = \"proto3\";\nmessage Big {\n\(fields)\nint32 clash = 139998;\n\(reserved)\n}", path: "big.proto")) {
            XCTAssertTrue("\($0)".contains("reserved number 139998"), "\($0)")
        }
        let deepPackage = (0..<100).map { "p\($0)" }.joined(separator: ".")
        XCTAssertThrowsError(try ProtoSchema(parsing: "syntax = \"proto3\";\npackage \(deepPackage);\nmessage M {}", path: "deep.proto")) {
            XCTAssertTrue("\($0)".contains("more than 64 components"), "\($0)")
        }
    }
}
