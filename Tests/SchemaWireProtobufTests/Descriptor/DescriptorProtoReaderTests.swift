import Foundation
import SchemaWireTestSupport
import XCTest

@testable import SchemaWireProtobuf

/// Reading a `FileDescriptorProto` (how Confluent's Python and Go serializers register schemas):
/// protoc writes the descriptor of each corpus file; read back, the schema must describe itself
/// with the very same descriptor.
final class DescriptorProtoReaderTests: XCTestCase {
    let corpus = ParserCorpusTests.self

    func testProtocDescriptorsReadBackToTheSameDescriptor() throws {
        let descriptor = try corpus.descriptor
        let sources = try ParserCorpusTests.references()
        var checked = 0
        for path in sources.keys.sorted() {
            let set = try descriptor.decode(try Protoc.descriptorSet(of: path, root: ParserCorpusTests.corpus.path), as: "google.protobuf.FileDescriptorSet")
            guard case let .repeated(files)? = set.fields[1] else { return XCTFail("no files for \(path)") }
            for case var .message(file) in files where file.fields[1]?.singleValue == .string(path) {
                file.fields[9] = nil
                let bytes = try descriptor.encode(file, as: "google.protobuf.FileDescriptorProto")
                let schema = try ProtoSchema(fileDescriptorProto: bytes, references: sources)
                XCTAssertEqual(schema.file.path, path)
                let ours = Self.entriesLast(corpus.normalized(try descriptor.decode(try schema.fileDescriptorProto(), as: "google.protobuf.FileDescriptorProto")))
                let theirs = Self.entriesLast(corpus.normalized(file))
                if ours != theirs {
                    XCTFail("\(path) read from protoc's descriptor\n--- ours\n\(try corpus.render(ours))\n--- protoc\n\(try corpus.render(theirs))\n--- text\n\(schema.source)")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, ParserCorpusTests.minimumCorpusFiles)
    }

    /// Messages with their map-entry types after the declared nested types, and reserved names
    /// sorted (the normal form sorts them; their order means nothing). Text has no place for
    /// an entry type: it follows its map field, and the text written from a descriptor declares
    /// fields before nested messages (as Confluent's registry writes it), so entries may move
    /// relative to declared messages while declared messages keep their order, which is what
    /// message indexes count.
    static func entriesLast(_ file: ProtoMessage) -> ProtoMessage {
        func reorder(_ messages: ProtoFieldValue?) -> ProtoFieldValue? {
            guard case let .repeated(values)? = messages else { return messages }
            let reordered = values.map { value -> ProtoValue in
                guard case var .message(message) = value else { return value }
                message.fields[3] = reorder(message.fields[3])
                if case let .repeated(names)? = message.fields[10] {
                    message.fields[10] = .repeated(names.sorted { "\($0)" < "\($1)" })
                }
                return .message(message)
            }
            func isEntry(_ value: ProtoValue) -> Bool {
                guard case let .message(message) = value, case let .single(.message(options))? = message.fields[7] else { return false }
                return options.fields[7] == .single(.bool(true))
            }
            return .repeated(reordered.filter { !isEntry($0) } + reordered.filter(isEntry))
        }
        var result = file
        result.fields[4] = reorder(file.fields[4])
        return result
    }

    /// A registry takes descriptors from anyone: messages nested beyond the decoder's depth limit
    /// are refused before the reader walks them (no stack overflow), and the cost stays linear.
    func testDeeplyNestedDescriptorsAreRefused() throws {
        func lengthDelimited(_ field: UInt8, _ payload: [UInt8]) -> [UInt8] {
            var bytes: [UInt8] = [field << 3 | 2]
            var length = payload.count
            while length >= 0x80 {
                bytes.append(UInt8(length & 0x7F) | 0x80)
                length >>= 7
            }
            return bytes + [UInt8(length)] + payload
        }
        var message = lengthDelimited(1, Array("M".utf8))
        for _ in 0..<20_000 { message = lengthDelimited(1, Array("M".utf8)) + lengthDelimited(3, message) }
        let file = lengthDelimited(1, Array("deep.proto".utf8)) + lengthDelimited(4, message)
        XCTAssertThrowsError(try ProtoSchema(fileDescriptorProto: file)) { error in
            XCTAssertTrue("\(error)".contains("exceed the limit"), "\(error)")
        }
    }

    func testBrokenDescriptorsAreErrorsNotTraps() throws {
        let descriptor = try corpus.descriptor
        let file = ProtoMessage(fields: [1: .single(.string("a.proto")), 12: .single(.string("proto3"))])
        let valid = try descriptor.encode(file, as: "google.protobuf.FileDescriptorProto")
        XCTAssertEqual(try ProtoSchema(fileDescriptorProto: valid).file.path, "a.proto")
        XCTAssertThrowsError(try ProtoSchema(fileDescriptorProto: Array("CgtvcmRlci5wcm90b".utf8)))
        XCTAssertThrowsError(try ProtoSchema(fileDescriptorProto: []), "a descriptor without a name")
        // A field naming a type that exists nowhere fails to link, as the same text would.
        let dangling = ProtoMessage(fields: [
            1: .single(.string("b.proto")), 12: .single(.string("proto3")),
            4: .repeated([.message(ProtoMessage(fields: [
                1: .single(.string("M")),
                2: .repeated([.message(ProtoMessage(fields: [1: .single(.string("x")), 3: .single(.int32(1)), 4: .single(.enumValue(1)), 5: .single(.enumValue(11)), 6: .single(.string(".nowhere.T"))]))]),
            ]))]),
        ])
        XCTAssertThrowsError(try ProtoSchema(fileDescriptorProto: try descriptor.encode(dangling, as: "google.protobuf.FileDescriptorProto")))
    }
}
