import Foundation
import SchemaWireCore
import XCTest

/// The boxes behind recursive generated fields: value semantics, and the same JSON as the plain
/// optional they stand for.
final class IndirectTests: XCTestCase {
    private struct Node: Hashable, Sendable, Codable {
        var name: String
        @IndirectOptional var next: Node? = nil
    }

    func testCopiesAreIndependentAndEqualityIsByValue() {
        var head = Node(name: "a", next: Node(name: "b"))
        let copy = head
        head.next?.name = "changed"
        XCTAssertEqual(copy.next?.name, "b", "the copy kept its own chain")
        XCTAssertEqual(head.next?.name, "changed")
        XCTAssertNotEqual(head, copy)
        head.next?.name = "b"
        XCTAssertEqual(head, copy, "equal by value, not by box")
        XCTAssertEqual(head.hashValue, copy.hashValue)
        head.next = nil
        XCTAssertNil(head.next)
    }

    func testJSONIsThatOfAPlainOptional() throws {
        let node = Node(name: "a", next: Node(name: "b", next: Node(name: "c")))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(node), as: UTF8.self)
        XCTAssertEqual(json, #"{"name":"a","next":{"name":"b","next":{"name":"c"}}}"#, "nil is left out, not null")
        XCTAssertEqual(try JSONDecoder().decode(Node.self, from: Data(json.utf8)), node)
        XCTAssertEqual(try JSONDecoder().decode(Node.self, from: Data(#"{"name":"x","next":null}"#.utf8)), Node(name: "x"))
    }

    func testIndirectKeepsItsValueBehindABox() {
        struct Holder: Hashable, Sendable, Codable {
            @Indirect var value: [Int] = [1, 2]
        }
        var first = Holder()
        let second = first
        first.value.append(3)
        XCTAssertEqual(second.value, [1, 2])
        XCTAssertEqual(first.value, [1, 2, 3])
    }
}
