import SchemaWireCore
import SchemaWireProtobuf
import SchemaWireTestSupport
import XCTest

/// The Protobuf JSON mapping, including the well-known types' special forms.
final class JSONMappingTests: XCTestCase {
    func schema() throws -> ProtoSchema {
        try ParserCorpusTests.schema("acme/customer.proto")
    }

    func testWellKnownTypesUseTheirSpecialForms() throws {
        let schema = try schema()
        let json = try JSONValue(parsing: """
            {"id":"c-1","nickname":"kim","lifetimeValue":"9007199254740993","profile":{"tier":"gold","n":[1,true,null]},
             "preference":"dark","history":[1.5,"x"],"updateMask":"email,lifetimeValue","sessionLength":"-1.500s",
             "extra":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"3s"},"vip":false,"avatar":"AAEC","score":0.25}
            """)
        let message = try schema.message(fromJSON: json, as: "acme.crm.Customer")
        let bytes = try schema.encode(message, as: "acme.crm.Customer")
        let back = try schema.json(try schema.decode(bytes, as: "acme.crm.Customer"), as: "acme.crm.Customer")
        XCTAssertEqual(
            back.serialized(),
            #"{"id":"c-1","nickname":"kim","lifetimeValue":"9007199254740993","profile":{"tier":"gold","n":[1.0,true,null]},"#
                + #""preference":"dark","history":[1.5,"x"],"updateMask":"email,lifetimeValue","sessionLength":"-1.500s","#
                + #""extra":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"3s"},"vip":false,"avatar":"AAEC","score":0.25}"#
        )
        // update_mask paths are snake_case on the wire.
        guard case let .single(.message(mask))? = message[8] else { return XCTFail("update_mask missing") }
        XCTAssertEqual(mask[1], .repeated([.string("email"), .string("lifetime_value")]))
    }

    func testTimestampsAndDurationsAcrossTheirRange() throws {
        let schema = try ProtoSchema(
            parsing: """
                syntax = "proto3";
                import "google/protobuf/timestamp.proto";
                import "google/protobuf/duration.proto";
                message T { google.protobuf.Timestamp at = 1; google.protobuf.Duration d = 2; }
                """, path: "t.proto")
        let cases: [(String, String)] = [
            ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
            ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
            ("9999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59.999999999Z"),
            ("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500Z"),
            ("2024-02-29T12:00:00.000001+09:00", "2024-02-29T03:00:00.000001Z"),
            ("2026-11-25T15:00:00-01:30", "2026-11-25T16:30:00Z"),
        ]
        for (input, expected) in cases {
            let message = try schema.message(fromJSON: .object(["at": .string(input)]))
            XCTAssertEqual(try schema.json(message), .object(["at": .string(expected)]), input)
        }
        for bad in ["2026-13-01T00:00:00Z", "10000-01-01T00:00:00Z", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00", "2026-01-01T00:00:00.1234567891Z"] {
            XCTAssertThrowsError(try schema.message(fromJSON: .object(["at": .string(bad)])), bad)
        }
        for (input, expected) in [("1s", "1s"), ("-0.5s", "-0.500s"), ("0.000000001s", "0.000000001s"), ("315576000000s", "315576000000s")] {
            let message = try schema.message(fromJSON: .object(["d": .string(input)]))
            XCTAssertEqual(try schema.json(message), .object(["d": .string(expected)]), input)
        }
        for bad in ["1", "1.s", "315576000001s", "1.0000000001s", "abc"] {
            XCTAssertThrowsError(try schema.message(fromJSON: .object(["d": .string(bad)])), bad)
        }
    }

    func testScalarsFollowTheMapping() throws {
        let schema = try ProtoSchema(parsing: try ProtobufCReference.source("agreement.proto"), path: "agreement.proto")
        let json = try JSONValue(parsing: """
            {"f_int64":-5,"fUint64":"18446744073709551615","fInt32":"12","fFloat":"NaN","fDouble":"-Infinity","fBytes":"-_8",
             "fColor":300,"fSfixed32":1e3,"fBool":true,"fString":null}
            """)
        let message = try schema.message(fromJSON: json, as: "agreement.Scalars")
        XCTAssertEqual(message[4], .single(.int64(-5)))
        XCTAssertEqual(message[15], .single(.bytes([0xFB, 0xFF])))
        XCTAssertEqual(message[16], .single(.enumValue(300)))
        XCTAssertEqual(message[11], .single(.int32(1000)))
        XCTAssertNil(message[14])
        let back = try schema.json(message, as: "agreement.Scalars").serialized()
        XCTAssertEqual(
            back,
            #"{"fDouble":"-Infinity","fFloat":"NaN","fInt32":12,"fInt64":"-5","fUint64":"18446744073709551615","fSfixed32":1000,"fBool":true,"fBytes":"+/8=","fColor":"BLUE"}"#
        )
        let bad: [(String, String)] = [
            (#"{"fInt32":2147483648}"#, "/fInt32"), (#"{"fUint32":-1}"#, "/fUint32"), (#"{"fInt32":1.5}"#, "/fInt32"),
            (#"{"fColor":"PURPLE"}"#, "/fColor"), (#"{"fBytes":"***"}"#, "/fBytes"), (#"{"nope":1}"#, ""),
            (#"{"fBool":"true"}"#, "/fBool"), (#"{"fFloat":1e39}"#, "/fFloat"),
        ]
        for (text, path) in bad {
            XCTAssertThrowsError(try schema.message(fromJSON: try JSONValue(parsing: text), as: "agreement.Scalars"), text) { error in
                guard case let ProtobufError.invalidJSONData(actual, _)? = error as? ProtobufError else { return XCTFail("\(error)") }
                XCTAssertEqual(actual, path, text)
            }
        }
    }

    func testRandomMessagesSurviveJSONRoundTrips() throws {
        let schema = try ProtoSchema(parsing: try ProtobufCReference.source("agreement.proto"), path: "agreement.proto")
        var random = RandomProto(schema: schema, seed: 11)
        for index in 0..<300 {
            let message = random.message("agreement.Order")
            let text = try schema.json(message, as: "agreement.Order").serialized()
            let back = try schema.message(fromJSON: try JSONValue(parsing: text), as: "agreement.Order")
            XCTAssertEqual(try schema.encode(back, as: "agreement.Order"), try schema.encode(message, as: "agreement.Order"), "#\(index): \(text)")
        }
    }
}
