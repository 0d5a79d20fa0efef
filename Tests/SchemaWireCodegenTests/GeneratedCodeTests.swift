import Foundation
import SchemaWireAvro
import SchemaWireCodegenGolden
import SchemaWireCore
import SchemaWireTestSupport
import XCTest

/// The generated types (compiled from the golden files) against the generic codecs: the fast path,
/// the `Codable` path and the `AvroValue` path must produce the same bytes and values.
final class GeneratedCodeTests: XCTestCase {
    /// Fast path == Codable path == generic re-encode, and both decoders give the value back.
    func assertAgree<Value: AvroGeneratedType & Equatable>(_ value: Value, file: StaticString = #filePath, line: UInt = #line) throws {
        let fast = try value.avroEncoded()
        let codable = try AvroEncoder().encode(value, schema: Value.avroSchema)
        XCTAssertEqual(fast, codable, "fast path and Codable path differ", file: file, line: line)
        XCTAssertEqual(try Value.avroSchema.encode(try Value.avroSchema.decode(fast)), fast, "generic re-encode differs", file: file, line: line)
        XCTAssertEqual(try Value(avroEncoded: fast), value, "fast decode", file: file, line: line)
        XCTAssertEqual(try AvroDecoder().decode(Value.self, from: fast, schema: Value.avroSchema), value, "Codable decode", file: file, line: line)
    }

    let point = Point(x: 3, y: -4)

    func allTypes() throws -> AllTypes {
        AllTypes(
            nothing: AvroNull(), big: .min, ratio: 1.5, precise: -2.25e10, blob: Data([0, 1, 255]), digest: try Digest(bytes: [1, 2, 3, 4]),
            tags: ["a", "b"], counts: ["k": 1], matrix: [[1, 2], [], [3]], lookup: ["x": [.SPADES, .default]],
            choice: .point(point), either: .string("e"), optionalPoints: [nil, point], class: "keyword", protocol: try Digest(bytes: [9, 9, 9, 9]))
    }

    func testFieldsNamedLikeSwiftKeywordsKeepTheirNamesAsLabelsAndRoundTrip() throws {
        var value = Keywords(
            class: "c", struct: 1, protocol: "p", self: "s", Self: 7, Type: .self, init: ["i"], where: ["w": 1], is: 2.5, self_: "also"
        )
        value.return = 3
        XCTAssertEqual(value.`self`, "s")
        XCTAssertEqual(value.`Self`, 7)
        XCTAssertEqual(value.`Type`, .`self`)
        try assertAgree(value)
    }

    func testAllTypesAgree() throws {
        try assertAgree(try allTypes())
        var other = try allTypes()
        other.choice = nil
        other.either = .int(42)
        other.protocol = nil
        other.counts = [:]
        try assertAgree(other)
        other.choice = .long(-1)
        try assertAgree(other)
    }

    func testDefaultsBecomeSwiftDefaults() throws {
        let value = try allTypes()
        XCTAssertEqual(value.flag, true)
        XCTAssertEqual(value.small, 7)
        XCTAssertEqual(value.text, "hi \"there\"")
        XCTAssertEqual(value.suit, .HEARTS)
        XCTAssertNil(Node(value: 1, children: []).next)
    }

    /// 300 random values written by the generic encoder, read through the generated type, re-encode
    /// to bytes that every path reads as the same value (maps may come out in another order: Avro
    /// maps are unordered and Swift dictionaries do not keep it).
    func testRandomValuesThroughTheGeneratedType() throws {
        let schema = AllTypes.avroSchema
        for seed in 0..<300 {
            var random = RandomAvro(seed: UInt64(seed))
            let bytes = try schema.encode(random.value(of: schema.root, in: schema))
            let decoded = try AllTypes(avroEncoded: bytes)
            let reencoded = try decoded.avroEncoded()
            XCTAssertEqual(reencoded.count, bytes.count, "seed \(seed)")
            XCTAssertEqual(try AllTypes(avroEncoded: reencoded), decoded, "seed \(seed)")
            XCTAssertEqual(try AvroDecoder().decode(AllTypes.self, from: bytes, schema: schema), decoded, "seed \(seed)")
            XCTAssertEqual(try AvroEncoder().encode(decoded, schema: schema), reencoded, "seed \(seed)")
        }
    }

    func testLogicalTypesAgree() throws {
        let value = Logical(
            id: UUID(uuidString: "8d3f1c52-4a7e-4a53-9f1e-2b8c6f0a9e11")!, price: Decimal(string: "-1234.56")!, fixedPrice: Decimal(string: "99999.9999")!,
            day: Date(timeIntervalSince1970: 86_400 * 19_000), millisOfDay: 3_600_000, microsOfDay: 3_600_000_000,
            at: Date(timeIntervalSince1970: 1_700_000_000.5), atMicros: Date(timeIntervalSince1970: 1_700_000_000.25),
            atNanos: Date(timeIntervalSince1970: 1_700_000_000), localAt: Date(timeIntervalSince1970: 0),
            span: try Span(bytes: Array(repeating: 1, count: 12)), maybeWhen: Date(timeIntervalSince1970: 1_000))
        try assertAgree(value)
        guard case let .record(fields) = try Logical.avroSchema.decode(try value.avroEncoded()) else { return XCTFail() }
        XCTAssertEqual(fields["at"], .long(1_700_000_000_500))
        XCTAssertEqual(fields["id"], .string("8d3f1c52-4a7e-4a53-9f1e-2b8c6f0a9e11"))
        XCTAssertEqual(fields["day"], .int(19_000))
    }

    func testRecursiveTypesAgree() throws {
        let leaf = Tree(label: "leaf", kids: [])
        let tree = Tree(label: "root", kids: [leaf, Tree(label: "mid", kids: [leaf], parent: leaf)])
        let list = Node(value: 1, next: Node(value: 2, next: Node(value: 3, children: [tree]), children: []), children: [])
        try assertAgree(list)
        XCTAssertEqual(list.next?.next?.value, 3)
    }

    func testTypesAcrossFilesAndTheExampleOrderAgree() throws {
        try assertAgree(Customer(name: "Kim", home: PostalAddress(city: "Seoul"), others: ["work": PostalAddress(city: "Busan", country: "KR")]))
        let order = Order(
            orderId: UUID(), userId: "user-42", items: [OrderItem(sku: "A", quantity: 2, unitPrice: Decimal(string: "12.50")!)],
            amount: Decimal(string: "25.00")!, currency: .EUR, createdAt: Date(timeIntervalSince1970: 1_764_072_000),
            shippingAddress: Address(line1: "1 Main St", city: "Springfield"))
        try assertAgree(order)
        XCTAssertEqual(Order.avroFingerprint, Order.avroSchema.fingerprint)
        XCTAssertEqual(Order.avroCanonicalForm, Order.avroSchema.canonicalForm)
    }

    func testBadInputToGeneratedDecodersIsATypedError() throws {
        let bytes = try allTypes().avroEncoded()
        for cut in stride(from: 0, to: bytes.count, by: 3) {
            XCTAssertThrowsError(try AllTypes(avroEncoded: Array(bytes.prefix(cut)))) { XCTAssertTrue($0 is AvroError) }
        }
        XCTAssertThrowsError(try Digest(bytes: [1])) { XCTAssertTrue($0 is AvroError) }
    }

    /// Generated decoders keep the generic path's bounds: a forged item count is refused before
    /// anything is reserved, a megabyte decimal is refused in one pass, and arrays larger than the
    /// first reservation still read whole.
    func testHostileInputToGeneratedDecodersIsBounded() throws {
        func long(_ value: Int64) -> [UInt8] {
            var writer = ByteWriter()
            writer.writeZigZag(value)
            return writer.bytes
        }
        let uuid = Array(UUID().uuidString.lowercased().utf8)
        let head = long(Int64(uuid.count)) + uuid + long(2) + Array("u1".utf8)
        // items: a block of 2^62 records of at least 3 bytes each.
        XCTAssertThrowsError(try Order(avroEncoded: head + long(1 << 62))) { error in
            XCTAssertTrue("\(error)".contains("cannot fit"), "\(error)")
        }
        // amount: a megabyte of digits after an empty item list.
        let megabyte = [UInt8](repeating: 0x7F, count: 1 << 20)
        XCTAssertThrowsError(try Order(avroEncoded: head + long(0) + long(Int64(megabyte.count)) + megabyte)) { error in
            guard case let .malformedData(offset, _, message)? = error as? AvroError else { return XCTFail("\(error)") }
            XCTAssertEqual(offset, head.count + 1)
            XCTAssertTrue(message.contains("no exact Foundation Decimal"), message)
        }
        let many = (0..<5000).map { OrderItem(sku: "S\($0)", quantity: Int32($0), unitPrice: Decimal($0) / 100) }
        let order = Order(orderId: UUID(), userId: "u", items: many, amount: 1, currency: .USD, createdAt: Date(timeIntervalSince1970: 0))
        XCTAssertGreaterThan(many.count, AvroBinaryReader.maximumReservation)
        try assertAgree(order)
    }
}
