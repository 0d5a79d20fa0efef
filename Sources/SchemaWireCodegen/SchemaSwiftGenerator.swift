/// The one entry point of `schemawire generate` and the build plugin: Avro files (`.avsc`) and
/// Protobuf files (`.proto`) in, one Swift file per schema file out.
public struct SchemaSwiftGenerator: Sendable {
    public var access: AvroSwiftGenerator.Access
    /// How Avro named types are named in Swift (Protobuf types are always package-qualified).
    public var typeNaming: AvroSwiftGenerator.TypeNaming
    /// A module providing the well-known Protobuf types, imported instead of generated.
    public var wellKnownTypesModule: String?

    public init(
        access: AvroSwiftGenerator.Access = .public, typeNaming: AvroSwiftGenerator.TypeNaming = .shortUnlessColliding,
        wellKnownTypesModule: String? = nil
    ) {
        self.access = access
        self.typeNaming = typeNaming
        self.wellKnownTypesModule = wellKnownTypesModule
    }

    /// The generator a `schemawire.json` describes.
    public init(configuration: CodegenConfiguration) {
        self.init(access: configuration.access, typeNaming: configuration.typeNaming, wellKnownTypesModule: configuration.wellKnownTypesModule)
    }

    /// Whether a file name is a schema this generator reads.
    public static func isSchema(_ name: String) -> Bool { name.hasSuffix(".avsc") || name.hasSuffix(".proto") }

    /// Generates Swift for every schema file. Protobuf files import each other by their names as
    /// given here (paths relative to a common root, like protoc's `-I`).
    public func generate(files: [(name: String, text: String)]) throws(CodegenError) -> [GeneratedFile] {
        let avro = files.filter { $0.name.hasSuffix(".avsc") }
        let protobuf = files.filter { $0.name.hasSuffix(".proto") }
        var generated: [GeneratedFile] = []
        if !avro.isEmpty { generated += try AvroSwiftGenerator(access: access, typeNaming: typeNaming).generate(files: avro) }
        if !protobuf.isEmpty { generated += try ProtobufSwiftGenerator(access: access, wellKnownTypesModule: wellKnownTypesModule).generate(files: protobuf) }
        return generated
    }
}
