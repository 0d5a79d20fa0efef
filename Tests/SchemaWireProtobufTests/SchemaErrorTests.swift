import SchemaWireProtobuf
import SchemaWireTestSupport
import XCTest

/// Invalid `.proto` files: each is refused by protoc too, and by us with the file:line:column of the
/// offending token and a message a user can act on.
final class SchemaErrorTests: XCTestCase {
    let cases: [(name: String, source: String, line: Int, column: Int, message: String)] = [
        ("missing semicolon", "syntax = \"proto3\";\nmessage A {\n  int32 a = 1\n}\n", 4, 1, "expected ';'"),
        ("unknown type", "syntax = \"proto3\";\nmessage A {\n  Missing m = 1;\n}\n", 3, 11, "\"Missing\" is not defined"),
        ("duplicate number", "syntax = \"proto3\";\nmessage A {\n  int32 a = 1;\n  int32 b = 1;\n}\n", 4, 9, "field number 1"),
        ("duplicate name", "syntax = \"proto3\";\nmessage A {\n  int32 a = 1;\n  string a = 2;\n}\n", 4, 10, "already defined"),
        ("reserved number", "syntax = \"proto3\";\nmessage A {\n  reserved 2 to 4;\n  int32 a = 3;\n}\n", 4, 9, "reserved number 3"),
        ("reserved name", "syntax = \"proto3\";\nmessage A {\n  reserved \"a\";\n  int32 a = 3;\n}\n", 4, 9, "is reserved"),
        ("number zero", "syntax = \"proto3\";\nmessage A { int32 a = 0; }\n", 2, 23, "out of range"),
        ("number too large", "syntax = \"proto3\";\nmessage A { int32 a = 536870912; }\n", 2, 23, "out of range"),
        ("implementation range", "syntax = \"proto3\";\nmessage A { int32 a = 19500; }\n", 2, 23, "reserved for the Protocol Buffers"),
        ("required in proto3", "syntax = \"proto3\";\nmessage A { required int32 a = 1; }\n", 2, 13, "required fields are not allowed"),
        ("proto2 without label", "syntax = \"proto2\";\nmessage A { int32 a = 1; }\n", 2, 13, "expected 'required', 'optional', or 'repeated'"),
        ("proto3 enum not zero first", "syntax = \"proto3\";\nenum E { A = 1; }\n", 2, 10, "must be zero"),
        ("enum alias without option", "syntax = \"proto3\";\nenum E { A = 0; B = 0; }\n", 2, 17, "allow_alias"),
        ("default in proto3", "syntax = \"proto3\";\nmessage A { int32 a = 1 [default = 5]; }\n", 2, 26, "explicit default values are not allowed"),
        ("float map key", "syntax = \"proto3\";\nmessage A { map<float, int32> m = 1; }\n", 2, 17, "invalid map key type"),
        ("unterminated string", "syntax = \"proto3\";\nmessage A { string s = 1 [json_name = \"x]; }\n", 2, 39, "unterminated string"),
        ("unterminated comment", "syntax = \"proto3\";\n/* never closed\nmessage A {}\n", 2, 1, "unterminated /* comment"),
        ("unknown syntax", "syntax = \"proto4\";\n", 1, 10, "unsupported syntax"),
        ("unclosed message", "syntax = \"proto3\";\nmessage A {\n  int32 a = 1;\n", 2, 1, "expected '}'"),
        ("missing import", "syntax = \"proto3\";\nimport \"nowhere/x.proto\";\n", 2, 1, "nowhere/x.proto"),
        ("bad escape", "syntax = \"proto3\";\noption java_package = \"a\\qb\";\n", 2, 26, "invalid escape"),
        ("group in proto3", "syntax = \"proto3\";\nmessage A { repeated group G = 1 { } }\n", 2, 22, "groups are not supported in proto3"),
        ("empty oneof", "syntax = \"proto3\";\nmessage A { oneof o { } }\n", 2, 13, "at least one field"),
        ("label in oneof", "syntax = \"proto3\";\nmessage A { oneof o { repeated int32 a = 1; } }\n", 2, 23, "must not have labels"),
        ("message default", "syntax = \"proto2\";\nmessage B {}\nmessage A { optional B b = 1 [default = 1]; }\n", 3, 24, "cannot have a default"),
        ("duplicate message", "syntax = \"proto3\";\nmessage A {}\nmessage A {}\n", 3, 1, "already defined"),
    ]

    /// What protoc says of each case: it must refuse the file for the same reason, not for any.
    let protocReasons: [String: String] = [
        "missing semicolon": "Expected \";\"",
        "unknown type": "\"Missing\" is not defined",
        "duplicate number": "Field number 1 has already been used",
        "duplicate name": "\"a\" is already defined in \"A\"",
        "reserved number": "uses reserved number 3",
        "reserved name": "Field name \"a\" is reserved",
        "number zero": "Field numbers must be positive integers",
        "number too large": "cannot be greater than 536870911",
        "implementation range": "reserved for the protocol buffer library implementation",
        "required in proto3": "Required fields are not allowed in proto3",
        "proto2 without label": "Expected \"required\", \"optional\", or \"repeated\"",
        "proto3 enum not zero first": "The first enum value must be zero in proto3",
        "enum alias without option": "allow_alias",
        "default in proto3": "Explicit default values are not allowed in proto3",
        "float map key": "Key in map fields cannot be float/double",
        "unterminated string": "String literals cannot cross line boundaries",
        "unterminated comment": "End-of-file inside block comment",
        "unknown syntax": "Unrecognized syntax identifier \"proto4\"",
        "unclosed message": "missing '}'",
        "missing import": "Import \"nowhere/x.proto\" was not found",
        "bad escape": "Invalid escape sequence in string literal",
        "group in proto3": "Groups are not supported in proto3 syntax",
        "empty oneof": "Expected type name",
        "label in oneof": "Fields in oneofs must not have labels",
        "message default": "Messages can't have default values",
        "duplicate message": "\"A\" is already defined",
    ]

    func testEachInvalidFileIsRefusedWithItsLocation() throws {
        for testCase in cases where !testCase.source.isEmpty {
            let reason = try XCTUnwrap(protocReasons[testCase.name], "no protoc reason for \(testCase.name)")
            let rejection = try XCTUnwrap(try Protoc.rejection(of: testCase.source), "protoc accepts \(testCase.name)")
            XCTAssertTrue(rejection.contains(reason), "\(testCase.name): protoc refused it for another reason: \(rejection)")
            XCTAssertThrowsError(try ProtoSchema(parsing: testCase.source, path: "input.proto"), testCase.name) { error in
                let location: ProtoSourceLocation
                switch error as? ProtobufError {
                case let .invalidSchema(at, _)?: location = at
                case let .missingImport(at, _)?: location = at
                default: return XCTFail("\(testCase.name): \(error)")
                }
                XCTAssertEqual(location, ProtoSourceLocation(file: "input.proto", line: testCase.line, column: testCase.column), testCase.name)
                XCTAssertTrue("\(error)".contains(testCase.message), "\(testCase.name): \(error)")
                XCTAssertTrue("\(error)".hasPrefix("input.proto:\(testCase.line):\(testCase.column): "), "\(testCase.name): \(error)")
            }
        }
    }

    func testTypesAreVisibleOnlyThroughImports() throws {
        let references = [
            "a.proto": "syntax = \"proto3\"; package p; message A {}",
            "b.proto": "syntax = \"proto3\"; package p; import public \"a.proto\"; message B {}",
        ]
        // Through a public import: visible.
        XCTAssertNoThrow(
            try ProtoSchema(parsing: "syntax = \"proto3\"; import \"b.proto\"; message C { p.A a = 1; p.B b = 2; }", references: references)
        )
        // Declared in a file that is loaded but not imported by this one: not visible.
        let hidden = "syntax = \"proto3\"; import \"c.proto\"; message D { p.A a = 1; }"
        XCTAssertThrowsError(
            try ProtoSchema(parsing: hidden, references: references.merging(["c.proto": "syntax = \"proto3\"; import \"a.proto\";"]) { $1 })
        ) { error in
            XCTAssertTrue("\(error)".contains("\"p.A\" is not defined"), "\(error)")
        }
    }

    func testImportCyclesAreRefused() throws {
        let references = [
            "x.proto": "syntax = \"proto3\"; import \"y.proto\";",
            "y.proto": "syntax = \"proto3\"; import \"x.proto\";",
        ]
        XCTAssertThrowsError(try ProtoSchema(parsing: references["x.proto"] ?? "", path: "x.proto", references: references)) { error in
            XCTAssertTrue("\(error)".contains("import cycle: x.proto → y.proto → x.proto"), "\(error)")
        }
    }

    func testHostileNestingIsBounded() throws {
        let deep = "syntax = \"proto3\";\n" + String(repeating: "message A {", count: 10_000) + String(repeating: "}", count: 10_000)
        XCTAssertThrowsError(try ProtoSchema(parsing: deep)) { error in
            XCTAssertTrue("\(error)".contains("nested deeper than 64"), "\(error)")
        }
    }
}
