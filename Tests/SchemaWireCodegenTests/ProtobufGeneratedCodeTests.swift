import Foundation
import SchemaWireCodegenGolden
import SchemaWireProtobuf
import SchemaWireTestSupport
import XCTest

/// Generated Protobuf types against the dynamic codec and protobuf-c: same bytes both ways.
final class ProtobufGeneratedCodeTests: XCTestCase {
    /// Map entries in ascending key order, the order generated code writes them in.
    func sortingMaps(_ message: ProtoMessage) -> ProtoMessage {
        var result = message
        for (number, value) in message.fields {
            switch value {
            case let .map(entries):
                result.fields[number] = .map(entries.map { ProtoMapEntry(key: $0.key, value: sorting($0.value)) }.sorted { less($0.key, $1.key) })
            case let .repeated(values):
                result.fields[number] = .repeated(values.map(sorting))
            case let .single(single):
                result.fields[number] = .single(sorting(single))
            }
        }
        return result
    }

    func sorting(_ value: ProtoValue) -> ProtoValue {
        if case let .message(inner) = value { return .message(sortingMaps(inner)) }
        return value
    }

    func less(_ lhs: ProtoValue, _ rhs: ProtoValue) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return a < b
        case let (.int32(a), .int32(b)): return a < b
        case let (.int64(a), .int64(b)): return a < b
        case let (.uint32(a), .uint32(b)): return a < b
        case let (.uint64(a), .uint64(b)): return a < b
        case let (.bool(a), .bool(b)): return !a && b
        default: return false
        }
    }

    func assertAgreement<Message: ProtoGeneratedMessage>(_ type: Message.Type, count: Int, seed: UInt64) throws {
        let schema = try Message.protoFile.schema()
        var random = RandomProto(schema: schema, seed: seed)
        random.allowNUL = false
        random.allowZeroMapEntries = false
        random.allowNegativeZero = false
        for index in 0..<count {
            let dynamic = sortingMaps(random.message(Message.protoMessageName))
            let bytes = try schema.encode(dynamic, as: Message.protoMessageName)
            let generated = try Message(serializedBytes: bytes)
            XCTAssertEqual(generated.serializedBytes(), bytes, "\(Message.protoMessageName) #\(index): generated re-encoding differs")
            XCTAssertEqual(try schema.decode(generated.serializedBytes(), as: Message.protoMessageName), dynamic)
            if ["agreement.Order", "agreement.Scalars", "agreement.Repeated"].contains(Message.protoMessageName) {
                XCTAssertEqual(try ProtobufCReference.repack(generated.serializedBytes(), as: Message.protoMessageName).get(), bytes)
            }
        }
    }

    func testGeneratedTypesAgreeWithTheDynamicCodecAndProtobufC() throws {
        try assertAgreement(Agreement_Scalars.self, count: 200, seed: 21)
        try assertAgreement(Agreement_Repeated.self, count: 200, seed: 22)
        try assertAgreement(Agreement_Order.self, count: 300, seed: 23)
        // Fields and oneofs named like Swift keywords, and two fields one case apart (self, Self).
        try assertAgreement(Keywords_Keywords.self, count: 200, seed: 24)
        var keywords = Keywords_Keywords()
        keywords.self_ = "field 4"
        keywords.self__ = 5
        keywords.return = .super("s")
        let json = try Keywords_Keywords.protoFile.schema().json(try Keywords_Keywords.protoFile.schema().decode(keywords.serializedBytes()))
        XCTAssertEqual(json.serialized(), #"{"self":"field 4","Self":"5","super":"s"}"#)
    }

    func testProto2RecursionOneofsMapsAndImports() throws {
        var child = Codegen_Features_Node()
        child.id = "child"
        child.payload = .text("leaf")
        var node = Codegen_Features_Node()
        node.id = "root"
        node.parent = child
        node.children = [child, child]
        node.default = 0
        node.class = "c"
        node.priority = .urgent
        node.payload = .link(child)
        node.priorities = ["a": .high, "b": .low, "z": .unrecognized(9)]
        node.index = [-5: child, 3: Codegen_Features_Node()]
        node.deltas = [-1, 0, .max, .min]
        node.stamps = [0, .max]
        var order = Shop_Orders_V1_OrderPlaced()
        order.orderId = "o-1"
        order.placedAt = Google_Protobuf_Timestamp()
        order.placedAt?.seconds = 1_764_082_800
        order.channel = .mobile
        order.lines = [.init()]
        order.attributes = ["gift": "yes"]
        node.order = order
        node.blob = []

        let bytes = node.serializedBytes()
        XCTAssertEqual(try Codegen_Features_Node(serializedBytes: bytes), node)
        let schema = try Codegen_Features_Node.protoFile.schema()
        let dynamic = try schema.decode(bytes, as: "codegen.features.Node")
        XCTAssertEqual(try schema.encode(sortingMaps(dynamic), as: "codegen.features.Node"), bytes)
        let json = try schema.json(dynamic, as: "codegen.features.Node")
        XCTAssertEqual(json.objectValue?["order"]?.objectValue?["placedAt"], .string("2025-11-25T15:00:00Z"))
        XCTAssertEqual(json.objectValue?["priority"], .string("PRIORITY_HIGH"))

        // Codable works too (for JSONEncoder, caches, tests).
        let decoded = try JSONDecoder().decode(Codegen_Features_Node.self, from: try JSONEncoder().encode(node))
        XCTAssertEqual(decoded, node)
    }

    func testBadInputIsATypedError() throws {
        // A Node without its required id.
        XCTAssertThrowsError(try Codegen_Features_Node(serializedBytes: [0x20, 0x05])) { error in
            XCTAssertTrue("\(error)".contains("required field codegen.features.Node.id is missing"), "\(error)")
        }
        let cases: [([UInt8], String)] = [
            ([0x0A, 0x05, 0x61], "runs past the end"),
            ([0x0A, 0x02, 0xC3, 0x28], "not valid UTF-8"),
            ([0x0D, 0, 0, 0, 0], "wire type 5, expected 2"),
            ([0x0A], "truncated varint"),
            ([0x0F], "invalid wire type 7"),
        ]
        for (bytes, fragment) in cases {
            XCTAssertThrowsError(try Codegen_Features_Node(serializedBytes: bytes)) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\(bytes): \(error)")
            }
        }
        // A chain of 150 parents stops at the depth limit instead of exhausting the stack.
        var deep: [UInt8] = [0x0A, 0x01, 0x61]
        for _ in 0..<150 { deep = [0x0A, 0x01, 0x61, 0x12] + varint(deep.count) + deep }
        XCTAssertThrowsError(try Codegen_Features_Node(serializedBytes: deep)) { error in
            XCTAssertTrue("\(error)".contains("exceed the limit of 100 (ProtoWireReader.maximumDepth)"), "\(error)")
        }
    }

    func varint(_ value: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var remaining = UInt64(value)
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        return bytes + [UInt8(remaining)]
    }
}
