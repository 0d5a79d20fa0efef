import SchemaWireCodegen
import XCTest

/// `schemawire.json`, as the build plugin and `schemawire generate` read it.
final class CodegenConfigurationTests: XCTestCase {
    let proto = (name: "shop/event.proto", text: """
        syntax = "proto3";
        package shop;
        import "google/protobuf/timestamp.proto";
        message Event { google.protobuf.Timestamp at = 1; }
        """)

    func testKeysAndTheirErrors() throws {
        let configuration = try CodegenConfiguration(
            json: Array(#"{"accessLevel": "package", "wellKnownTypesModule": "SharedProtos", "qualifiedNames": true}"#.utf8), file: "schemawire.json")
        XCTAssertEqual(configuration.access, .package)
        XCTAssertEqual(configuration.wellKnownTypesModule, "SharedProtos")
        XCTAssertEqual(configuration.typeNaming, .qualified)
        XCTAssertEqual(try CodegenConfiguration(json: Array("{}".utf8), file: "x"), CodegenConfiguration())

        let cases: [(String, String)] = [
            (#"{"acessLevel": "public"}"#, #"unknown key "acessLevel""#),
            (#"{"accessLevel": "open"}"#, "accessLevel must be one of public, package, internal"),
            (#"{"wellKnownTypesModule": "Shared Protos"}"#, "wellKnownTypesModule must be a module name"),
            (#"{"qualifiedNames": "yes"}"#, "qualifiedNames must be true or false"),
            ("[1]", "expected a JSON object"),
            ("{", "not JSON"),
        ]
        for (json, fragment) in cases {
            XCTAssertThrowsError(try CodegenConfiguration(json: Array(json.utf8), file: "Models/schemawire.json")) { error in
                XCTAssertTrue("\(error)".hasPrefix("Models/schemawire.json: "), "\(error)")
                XCTAssertTrue("\(error)".contains(fragment), "\(json): \(error)")
            }
        }
    }

    func testPackageAccessAndWellKnownTypesFromAnotherModule() throws {
        var configuration = CodegenConfiguration()
        configuration.access = .package
        configuration.wellKnownTypesModule = "SharedProtos"
        let generated = try SchemaSwiftGenerator(configuration: configuration).generate(files: [proto])
        XCTAssertEqual(generated.map(\.name), ["shop_event.pb.swift"], "no well-known types file")
        let source = try XCTUnwrap(generated.first?.contents)
        XCTAssertTrue(source.contains("\nimport SharedProtos\n"), source)
        XCTAssertTrue(source.contains("package struct Shop_Event"), source)
        XCTAssertFalse(source.contains("struct Google_Protobuf_Timestamp"), source)

        let standalone = try SchemaSwiftGenerator().generate(files: [proto])
        XCTAssertEqual(standalone.map(\.name), ["shop_event.pb.swift", ProtobufSwiftGenerator.wellKnownFileName])
        XCTAssertFalse(standalone[0].contents.contains("import SharedProtos"))
    }
}
