import SchemaWireCore
import XCTest

final class JSONTests: XCTestCase {
    func testKeyOrderAndNumberTextSurviveARoundTrip() throws {
        let text = #"{"z":1,"a":[true,false,null],"m":12345678901234567890,"f":1.50,"s":"é\n\"x\""}"#
        let value = try JSONValue(parsing: text)
        XCTAssertEqual(value.serialized(), text)
        XCTAssertEqual(value.objectValue?.keys.elements, ["z", "a", "m", "f", "s"])
    }

    func testEscapesAndSurrogatePairs() throws {
        let value = try JSONValue(parsing: #""\u00e9\ud83d\ude00\t\/""#)
        XCTAssertEqual(value, .string("é😀\t/"))
        XCTAssertThrowsError(try JSONValue(parsing: #""\ud83d""#))
    }

    func testErrorsCarryLineAndColumn() {
        XCTAssertThrowsError(try JSONValue(parsing: "{\n  \"a\": 1,\n  \"a\": 2\n}")) { error in
            let jsonError = error as? JSONError
            XCTAssertEqual(jsonError?.line, 3)
            XCTAssertEqual(jsonError?.column, 3)
            XCTAssertTrue(jsonError?.message.contains("duplicate key") ?? false)
        }
        XCTAssertThrowsError(try JSONValue(parsing: "[1,]")) { error in
            XCTAssertEqual((error as? JSONError)?.column, 4)
        }
    }

    func testInvalidTextIsRejected() {
        for text in ["", "01", "1.", "-", "tru", "{\"a\" 1}", "[1 2]", "\"unterminated", "\"tab\there\"", "{} x", "1e"] {
            XCTAssertThrowsError(try JSONValue(parsing: text), "should reject \(text)")
        }
    }

    func testNestingIsBounded() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertThrowsError(try JSONValue(parsing: deep)) { error in
            XCTAssertTrue((error as? JSONError)?.message.contains("nesting") ?? false)
        }
    }

    func testIntegerAccessors() throws {
        XCTAssertEqual(JSONValue.number("2.0").int64Value, 2)
        XCTAssertEqual(JSONValue.number("1e3").int64Value, 1000)
        XCTAssertNil(JSONValue.number("2.5").int64Value)
        XCTAssertEqual(JSONValue.number("-9223372036854775808").int64Value, .min)
    }
}
