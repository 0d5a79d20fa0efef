import SchemaWireCore

/// What a `schemawire.json` file says about generated code, for the build plugin and
/// `schemawire generate` alike. Every key is optional; an unknown key or value is an error naming
/// it, so a typo never silently generates something else.
///
/// ```json
/// {"accessLevel": "package", "wellKnownTypesModule": "SharedProtos", "qualifiedNames": false}
/// ```
public struct CodegenConfiguration: Hashable, Sendable {
    /// The access level of every generated declaration (`accessLevel`).
    public var access: AvroSwiftGenerator.Access = .public
    /// A module that already provides the generated well-known Protobuf types
    /// (`wellKnownTypesModule`): they are imported from it instead of generated again into every
    /// target that uses them.
    public var wellKnownTypesModule: String?
    /// How Avro named types get their Swift names (`qualifiedNames`).
    public var typeNaming: AvroSwiftGenerator.TypeNaming = .shortUnlessColliding

    /// The file name the plugin and the CLI look for.
    public static var fileName: String { GeneratedFileNames.configuration }

    public init() {}

    /// Reads a configuration file's JSON; `file` names it in errors.
    public init(json: [UInt8], file: String) throws(CodegenError) {
        func invalid(_ message: String) -> CodegenError { .invalidConfiguration(file: file, message: message) }
        let root: JSONValue
        do { root = try JSONValue(parsing: json) } catch { throw invalid("not JSON: \(error)") }
        guard let object = root.objectValue else { throw invalid("expected a JSON object") }
        for (key, value) in object {
            switch key {
            case "accessLevel":
                guard let text = value.stringValue, let access = AvroSwiftGenerator.Access(rawValue: text) else {
                    throw invalid("accessLevel must be one of \(AvroSwiftGenerator.Access.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                self.access = access
            case "wellKnownTypesModule":
                guard let module = value.stringValue, !module.isEmpty, module.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw invalid("wellKnownTypesModule must be a module name")
                }
                wellKnownTypesModule = module
            case "qualifiedNames":
                guard let qualified = value.boolValue else { throw invalid("qualifiedNames must be true or false") }
                typeNaming = qualified ? .qualified : .shortUnlessColliding
            default:
                throw invalid("unknown key \"\(key)\" (accessLevel, wellKnownTypesModule, qualifiedNames)")
            }
        }
    }
}
