import Foundation
import SchemaWireCore
import SchemaWireTestSupport
import XCTest

@testable import SchemaWireProtobuf

/// The files Confluent treats as built in (`confluent/…`, `google/type/…`) against the descriptors
/// Confluent's Python client and googleapis-common-protos ship: each must describe the same file.
final class ConfluentBuiltInTests: XCTestCase {
    /// Each Python module's file descriptor, base64, by file name.
    func pythonDescriptors() throws -> [String: [UInt8]] {
        let script = """
            import base64, importlib
            names = ["confluent_kafka.schema_registry.confluent.meta_pb2", "confluent_kafka.schema_registry.confluent.type.decimal_pb2",
                     "confluent_kafka.schema_registry.confluent.type.variant_pb2"] + ["google.type.%s_pb2" % n for n in
                     ["calendar_period", "color", "date", "datetime", "dayofweek", "decimal", "expr", "fraction", "interval", "latlng",
                      "money", "month", "phone_number", "postal_address", "quaternion", "timeofday"]]
            for name in names:
                d = importlib.import_module(name).DESCRIPTOR
                print(d.name, base64.b64encode(d.serialized_pb).decode())
            """
        let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script])
        XCTAssertEqual(result.status, 0, result.stderr)
        var descriptors: [String: [UInt8]] = [:]
        for line in result.stdoutText.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let bytes = Base64.decode(String(parts[1])) else { continue }
            descriptors[String(parts[0])] = bytes
        }
        return descriptors
    }

    func testBuiltInsDescribeWhatConfluentsPackagesShip() throws {
        let descriptor = try ParserCorpusTests.descriptor
        let python = try pythonDescriptors()
        XCTAssertEqual(Set(python.keys), Set(WellKnownTypes.confluentBuiltIns.keys))
        for (path, bytes) in python.sorted(by: { $0.key < $1.key }) {
            var theirs = try descriptor.decode(bytes, as: "google.protobuf.FileDescriptorProto")
            let schema = try ProtoSchema(parsing: try XCTUnwrap(WellKnownTypes.sources[path]), path: path)
            var ours = try descriptor.decode(try schema.fileDescriptorProto(), as: "google.protobuf.FileDescriptorProto")
            // Language-specific file options (java_package, go_package, …) are left out.
            theirs.fields[8] = nil
            ours.fields[8] = nil
            let (a, b) = (Self.withoutJSONNames(ParserCorpusTests.normalized(ours)), Self.withoutJSONNames(ParserCorpusTests.normalized(theirs)))
            if a != b {
                XCTFail("\(path) differs\n--- ours\n\(try ParserCorpusTests.render(a))\n--- theirs\n\(try ParserCorpusTests.render(b))")
            }
        }
    }

    /// The descriptors Python modules embed leave `json_name` out (protoc adds it for descriptor
    /// sets only); it is the default here anyway.
    static func withoutJSONNames(_ file: ProtoMessage) -> ProtoMessage {
        func fields(_ value: ProtoFieldValue?) -> ProtoFieldValue? {
            guard case let .repeated(values)? = value else { return value }
            return .repeated(values.map { value in
                guard case var .message(field) = value else { return value }
                field.fields[10] = nil
                return .message(field)
            })
        }
        func messages(_ value: ProtoFieldValue?) -> ProtoFieldValue? {
            guard case let .repeated(values)? = value else { return value }
            return .repeated(values.map { value in
                guard case var .message(message) = value else { return value }
                message.fields[2] = fields(message.fields[2])
                message.fields[6] = fields(message.fields[6])
                message.fields[3] = messages(message.fields[3])
                return .message(message)
            })
        }
        var result = file
        result.fields[4] = messages(file.fields[4])
        result.fields[7] = fields(file.fields[7])
        return result
    }

    /// A schema importing a built-in loads without it on the import path, and the built-in is no
    /// reference to register, as with Confluent's registry.
    func testSchemasImportThemWithoutReferences() throws {
        let schema = try ProtoSchema(parsing: """
            syntax = "proto3";
            package shop;
            import "confluent/meta.proto";
            import "confluent/type/decimal.proto";
            import "google/type/money.proto";
            message Order {
              confluent.type.Decimal total = 1 [(confluent.field_meta).doc = "the total"];
              google.type.Money price = 2;
            }
            """)
        XCTAssertTrue(schema.importSources.isEmpty)
        XCTAssertNotNil(schema.messageType(named: "google.type.Money"))
    }
}
