// This file is compiled twice: into SchemaWireCodegen, and into the build plugin (codegen/Plugin
// links to it), which must declare exactly the files the generator writes and cannot depend on a
// library. Keep it free of imports.

/// The names of the files the generator writes and reads: one function for the CLI, the
/// generator executable and the build plugin.
enum GeneratedFileNames {
    /// `orders/customers/Key.avsc` → `orders_customers_Key.swift`: the path keeps files of the same
    /// name in different directories apart.
    static func avro(_ schemaFile: String) -> String {
        let stem = schemaFile.hasSuffix(".avsc") ? String(schemaFile.dropLast(5)) : schemaFile
        return stem.split(separator: "/").joined(separator: "_") + ".swift"
    }

    /// `shop/order.proto` → `shop_order.pb.swift`, unique per import path.
    static func protobuf(_ path: String) -> String {
        let stem = path.hasSuffix(".proto") ? String(path.dropLast(6)) : path
        return stem.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined() + ".pb.swift"
    }

    /// The file holding the well-known Protobuf types the inputs use.
    static let protobufWellKnownTypes = "google_protobuf_well_known.pb.swift"

    /// The generator's configuration file, looked for in a target's (or an input) directory.
    static let configuration = "schemawire.json"
}
