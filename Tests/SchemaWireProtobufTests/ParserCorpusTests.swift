import Foundation
import SchemaWireCore
import SchemaWireTestSupport
import XCTest

@testable import SchemaWireProtobuf

/// The parser's model, written out as a descriptor set, must equal protoc's for a corpus of
/// real-world-style files: every message, field, label, type, resolved type name, JSON name,
/// default, oneof, map entry, reserved range, extension, service and standard option.
final class ParserCorpusTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    static func references() throws -> [String: String] {
        var sources: [String: String] = [:]
        let root = corpus.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".proto") else { continue }
            sources[relative] = try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
        }
        // Every test that loops over the corpus would pass on none.
        guard sources.count >= minimumCorpusFiles else {
            throw CorpusFailure(description: "\(sources.count) .proto files under \(root), expected at least \(minimumCorpusFiles)")
        }
        return sources
    }

    /// How many `.proto` files the corpus holds at least.
    static let minimumCorpusFiles = 6

    struct CorpusFailure: Error, CustomStringConvertible {
        let description: String
    }

    static func schema(_ path: String) throws -> ProtoSchema {
        let sources = try references()
        return try ProtoSchema(parsing: sources[path] ?? "", path: path, references: sources)
    }

    static var descriptor: ProtoSchema { get throws { try DescriptorProtoBuilder.shared.get().descriptorSchema } }
    var descriptor: ProtoSchema { get throws { try Self.descriptor } }

    /// Drops what protoc adds that the comparison does not cover: source info, and unknown fields
    /// (custom options are extensions, which our descriptor model leaves out).
    static func normalized(_ message: ProtoMessage) -> ProtoMessage {
        var result = ProtoMessage()
        for (number, value) in message.fields {
            switch value {
            case let .single(.message(inner)):
                let cleaned = normalized(inner)
                result.fields[number] = .single(.message(cleaned))
            case let .repeated(values):
                result.fields[number] = .repeated(values.map { value in
                    if case let .message(inner) = value { return .message(normalized(inner)) }
                    return value
                })
            default:
                result.fields[number] = value
            }
        }
        // Options messages that held only custom options are absent from ours.
        for (number, value) in result.fields {
            if case let .single(.message(inner)) = value, inner.fields.isEmpty, [7, 8, 3, 2, 4].contains(number) {
                result.fields[number] = nil
            }
        }
        return result
    }

    func files(_ set: ProtoMessage) throws -> [String: ProtoMessage] {
        guard case let .repeated(files)? = set.fields[1], !files.isEmpty else { throw CorpusFailure(description: "a descriptor set without files") }
        var byName: [String: ProtoMessage] = [:]
        for case var .message(file) in files {
            file.fields[9] = nil
            guard case let .string(name)? = file.fields[1]?.singleValue else { continue }
            byName[name] = Self.normalized(file)
        }
        return byName
    }

    static func render(_ file: ProtoMessage) throws -> String {
        try Self.descriptor.json(file, as: "google.protobuf.FileDescriptorProto").serialized(.pretty)
    }

    func assertMatchesProtoc(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let ours = try files(try descriptor.decode(try Self.schema(path).descriptorSet(), as: "google.protobuf.FileDescriptorSet"))
        let theirs = try files(
            try descriptor.decode(try Protoc.descriptorSet(of: path, root: Self.corpus.path), as: "google.protobuf.FileDescriptorSet")
        )
        XCTAssertEqual(Set(ours.keys), Set(theirs.keys), "files of \(path)", file: file, line: line)
        for (name, expected) in theirs {
            guard var actual = ours[name] else { continue }
            var expected = expected
            if WellKnownTypes.isWellKnown(name) {
                // Built-in well-known types leave out language-specific file options.
                expected.fields[8] = nil
                actual.fields[8] = nil
            }
            if actual != expected {
                XCTFail("descriptor of \(name) differs from protoc's\n--- ours\n\(try Self.render(actual))\n--- protoc\n\(try Self.render(expected))", file: file, line: line)
            }
        }
    }

    func testProto3FileWithImportsMapsOneofsAndOptionalMatchesProtoc() throws {
        try assertMatchesProtoc("shop/order.proto")
    }

    func testProto2FileWithGroupsDefaultsAndExtensionsMatchesProtoc() throws {
        try assertMatchesProtoc("legacy/inventory.proto")
    }

    func testCustomOptionsServicesAndWellKnownTypesMatchProtoc() throws {
        try assertMatchesProtoc("acme/customer.proto")
    }

    func testNestedScopingAndRelativeNamesMatchProtoc() throws {
        try assertMatchesProtoc("api/events.proto")
    }

    func testBuiltInDescriptorProtoMatchesProtoc() throws {
        let schema = try ProtoSchema(parsing: "syntax = \"proto3\"; import \"google/protobuf/descriptor.proto\"; import \"google/protobuf/api.proto\";", path: "all.proto")
        XCTAssertEqual(schema.dependencies.count, 5)
        try assertMatchesProtoc("acme/options.proto")
    }

    func testMessageNamesAndLookups() throws {
        let schema = try Self.schema("shop/order.proto")
        XCTAssertEqual(
            schema.messageNames,
            ["shop.orders.v1.Order", "shop.orders.v1.Order.Line", "shop.orders.v1.Order.Voucher", "shop.orders.v1.OrderPlaced"]
        )
        XCTAssertEqual(schema.messageType(named: "Order.Line")?.fields.map(\.name), ["sku", "quantity", "unit_price", "attributes"])
        XCTAssertEqual(schema.messageType(named: ".shop.common.Money")?.fields.count, 3)
        XCTAssertNil(schema.messageType(named: "Nope"))
    }
}
