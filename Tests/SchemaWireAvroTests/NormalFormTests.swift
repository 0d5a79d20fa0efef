import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireTestSupport
import XCTest

/// The Avro normal form (`normalize.schemas`): Parsing Canonical Form's rules, but keeping the
/// attributes that change how data is read.
final class AvroNormalFormTests: XCTestCase {
    let tidy = """
        {"type": "record", "name": "Order", "namespace": "shop", "aliases": ["shop.Purchase", "Sale"], "fields": [
          {"name": "id", "type": "string"},
          {"name": "placed", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
          {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["OPEN", "DONE"], "default": "OPEN"}},
          {"name": "note", "type": ["null", "string"], "default": null, "aliases": ["remark", "comment"], "order": "descending"},
          {"name": "previous", "type": ["null", "Order"], "default": null}
        ]}
        """

    /// The same schema with docs, custom properties, other attribute order and a full name.
    let decorated = """
        {"fields": [
          {"type": "string", "name": "id", "doc": "the order id", "x-owner": "checkout"},
          {"name": "placed", "type": {"logicalType": "timestamp-millis", "type": "long"}},
          {"name": "amount", "type": {"scale": 2, "precision": 9, "logicalType": "decimal", "type": "bytes"}},
          {"name": "status", "type": {"symbols": ["OPEN", "DONE"], "name": "shop.Status", "type": "enum", "default": "OPEN", "doc": "lifecycle"}},
          {"name": "note", "order": "descending", "aliases": ["comment", "remark"], "default": null, "type": ["null", "string"]},
          {"name": "previous", "type": ["null", "shop.Order"], "default": null}
        ], "doc": "an order", "name": "shop.Order", "type": "record", "aliases": ["Sale", "shop.Purchase"], "x-team": "orders"}
        """

    func testDocsPropertiesAndLayoutVanishButMeaningStays() throws {
        let expected = #"{"name":"shop.Order","type":"record","aliases":["shop.Purchase","shop.Sale"],"fields":[{"name":"id","type":"string"},{"name":"placed","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},{"name":"status","type":{"name":"shop.Status","type":"enum","symbols":["OPEN","DONE"],"default":"OPEN"}},{"name":"note","type":["null","string"],"default":null,"order":"descending","aliases":["comment","remark"]},{"name":"previous","type":["null","shop.Order"],"default":null}]}"#
        let schema = try AvroSchema(parsing: tidy)
        XCTAssertEqual(schema.normalizedForm, expected)
        XCTAssertEqual(try AvroSchema(parsing: decorated).normalizedForm, expected)
        // It parses back to itself, and to the same Parsing Canonical Form (same bytes on the wire).
        let reparsed = try AvroSchema(parsing: expected)
        XCTAssertEqual(reparsed.normalizedForm, expected)
        XCTAssertEqual(reparsed.canonicalForm, schema.canonicalForm)
    }

    func testWhatCanonicalFormDropsStillCounts() throws {
        let base = try AvroSchema(parsing: tidy)
        for (label, changed) in [
            ("a default", tidy.replacingOccurrences(of: #""default": "OPEN""#, with: #""default": "DONE""#)),
            ("a logical type", tidy.replacingOccurrences(of: #""logicalType": "timestamp-millis""#, with: #""logicalType": "timestamp-micros""#)),
            ("a scale", tidy.replacingOccurrences(of: #""scale": 2"#, with: #""scale": 3"#)),
            ("an alias", tidy.replacingOccurrences(of: #""remark""#, with: #""memo""#)),
            ("a sort order", tidy.replacingOccurrences(of: #""order": "descending""#, with: #""order": "ignore""#)),
        ] {
            let other = try AvroSchema(parsing: changed)
            XCTAssertEqual(other.canonicalForm, base.canonicalForm, "\(label): Parsing Canonical Form cannot tell")
            XCTAssertNotEqual(other.normalizedForm, base.normalizedForm, "\(label) must change the normal form")
        }
    }

    func testEverySchemaInTheRepositoryRoundTrips() throws {
        let directory = CommandRunner.repositoryPath("schemas/orders")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".avsc") }
        XCTAssertFalse(files.isEmpty)
        for file in files {
            let schema = try AvroSchema(parsing: try String(contentsOfFile: directory + "/" + file, encoding: .utf8))
            let reparsed = try AvroSchema(parsing: schema.normalizedForm)
            XCTAssertEqual(reparsed.normalizedForm, schema.normalizedForm, file)
            XCTAssertEqual(reparsed.canonicalForm, schema.canonicalForm, file)
            XCTAssertTrue(reparsed.compatibility(against: [(label: "original", schema: schema)], level: .full).isCompatible, file)
        }
    }
}
