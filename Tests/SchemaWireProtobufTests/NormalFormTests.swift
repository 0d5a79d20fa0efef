import Foundation
import SchemaWireCore
import SchemaWireProtobuf
import SchemaWireTestSupport
import XCTest

/// The Protobuf normal form (`normalize.schemas`): cosmetic differences vanish, meaning stays —
/// checked against protoc, against our compatibility engine and on the wire.
final class NormalFormTests: XCTestCase {
    static let common = "syntax = \"proto3\";\npackage shop.common;\nmessage Money { int64 units = 1; string currency = 2; }\n"

    static let tidy = """
        syntax = "proto3";
        package shop.orders;
        import "shop/common.proto";
        option java_package = "com.shop.orders";
        option go_package = "shop/orders";
        // An order as the checkout writes it.
        message Order {
          string id = 1 [deprecated = true, json_name = "orderId"];
          shop.common.Money total = 2;
          map<string, Line> lines = 3;
          oneof payment { string card = 4; string voucher = 5; }
          message Line { string sku = 1; uint32 quantity = 2; }
          reserved 9, 7 to 8;
          reserved "legacy", "coupon";
        }
        enum Status { option allow_alias = true; STATUS_UNKNOWN = 0; STATUS_OPEN = 1; STATUS_ACTIVE = 1; }
        """

    /// The same schema as `tidy`, written differently: other option order, qualified and
    /// relative names mixed, comments and whitespace.
    static let messy = """
        syntax="proto3";   package shop.orders;
        option go_package="shop/orders";
        /* options in another order */ option java_package="com.shop.orders";
        import "shop/common.proto";
        message Order{string id=1[json_name="orderId",deprecated=true];.shop.common.Money total=2;
          map<string,Order.Line> lines=3;
          oneof payment{string card=4;string voucher=5;}
          message Line{string sku=1;uint32 quantity=2;}
          reserved 7 to 8, 9; reserved "coupon", "legacy";
        }
        enum Status{option allow_alias=true;STATUS_UNKNOWN=0;STATUS_OPEN=1;STATUS_ACTIVE=1;}
        """

    func schema(_ text: String) throws -> ProtoSchema {
        try ProtoSchema(parsing: text, path: "shop/orders.proto", references: ["shop/common.proto": Self.common])
    }

    func testCosmeticDifferencesVanish() throws {
        let expected = """
            syntax = "proto3";
            package shop.orders;
            import "shop/common.proto";
            option go_package = "shop/orders";
            option java_package = "com.shop.orders";
            message Order {
              string id = 1 [deprecated = true, json_name = "orderId"];
              .shop.common.Money total = 2;
              map<string, .shop.orders.Order.Line> lines = 3;
              oneof payment {
                string card = 4;
                string voucher = 5;
              }
              message Line {
                string sku = 1;
                uint32 quantity = 2;
              }
              reserved 7 to 8, 9;
              reserved "coupon", "legacy";
            }
            enum Status {
              option allow_alias = true;
              STATUS_UNKNOWN = 0;
              STATUS_OPEN = 1;
              STATUS_ACTIVE = 1;
            }

            """
        XCTAssertEqual(try schema(Self.tidy).normalizedSource, expected)
        XCTAssertEqual(try schema(Self.messy).normalizedSource, expected)
        XCTAssertNotEqual(try schema(Self.tidy.replacingOccurrences(of: "uint32 quantity = 2", with: "uint64 quantity = 2")).normalizedSource, expected)
    }

    /// Every corpus file (proto2 groups, defaults and extensions, custom options, services, nested
    /// scopes): the normal form is accepted by protoc, normalizes to itself, keeps the message
    /// order, is compatible with the original both ways, and reads and writes the same bytes.
    func testTheNormalFormMeansWhatTheOriginalMeans() throws {
        let sources = try ParserCorpusTests.references()
        for path in sources.keys.sorted() {
            let original = try ParserCorpusTests.schema(path)
            var normalizedSources: [String: String] = [:]
            for dependency in original.dependencies where sources[dependency.path] != nil { normalizedSources[dependency.path] = dependency.normalizedSource }
            let normalized = try ProtoSchema(parsing: original.normalizedSource, path: path, references: normalizedSources)
            XCTAssertEqual(normalized.normalizedSource, original.normalizedSource, "\(path): normalizing twice changes nothing")
            XCTAssertEqual(normalized.messageNames, original.messageNames, "\(path): message indexes")

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("normal-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            for (file, text) in normalizedSources.merging([path: original.normalizedSource], uniquingKeysWith: { _, root in root }) {
                let url = directory.appendingPathComponent(file)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            }
            XCTAssertNoThrow(try Protoc.descriptorSet(of: path, root: directory.path), "\(path): protoc refuses the normal form")

            for (label, result) in [
                ("normal reads original", normalized.compatibility(against: [(label: "original", schema: original)], level: .full)),
                ("original reads normal", original.compatibility(against: [(label: "normal", schema: normalized)], level: .full)),
            ] {
                XCTAssertEqual(result.incompatibilities.map(\.message), [], "\(path): \(label)")
            }
            for name in original.messageNames where !(original.messageType(named: name)?.isMapEntry ?? false) {
                var random = RandomProto(schema: original, seed: UInt64(name.utf8.count))
                for _ in 0..<20 {
                    let message = random.message(name)
                    let bytes = try original.encode(message, as: name)
                    XCTAssertEqual(try normalized.encode(try normalized.decode(bytes, as: name), as: name), bytes, "\(path) \(name)")
                }
            }
        }
    }
}
