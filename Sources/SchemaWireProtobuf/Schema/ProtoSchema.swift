/// A `.proto` file linked with everything it imports: the unit the registry stores, the codecs
/// encode against, and compatibility checks compare.
///
/// Imports are looked up among `references` (import path → source), then among the built-in
/// well-known types (`google/protobuf/*.proto`). Every type name in the linked files is fully
/// qualified, and every message is compiled once into the form the wire codec walks.
public struct ProtoSchema: Sendable {
    /// The schema's own file.
    public let file: ProtoFile
    /// Every file reachable through imports, dependencies first, without the schema's own file.
    public let dependencies: [ProtoFile]
    /// The schema's source text as given.
    public let source: String
    /// The sources of the imported files that are not built in, by import path: what the registry
    /// stores as this schema's references.
    public let importSources: [String: String]

    let compiled: CompiledTypes
    /// The messages Confluent's message indexes count, by parent (see ``messageName(atIndexes:)``).
    let indexedMessages: [String: [String]]

    /// Parses and links `source`.
    ///
    /// - Parameters:
    ///   - path: the file's import path, used in diagnostics and as its reference name.
    ///   - references: sources of imported files by import path (the registry's schema references).
    public init(parsing source: String, path: String = "schema.proto", references: [String: String] = [:]) throws(ProtobufError) {
        let root = try ProtoParser.parse(source, path: path)
        var loaded: [String: ProtoFile] = [path: root]
        var order: [String] = []
        var visiting: [String] = []
        try Self.load(root, references: references, loaded: &loaded, order: &order, visiting: &visiting)
        let files = order.compactMap { loaded[$0] }
        let linker = ProtoLinker(symbols: try ProtoSymbolTable(files: files), filesByPath: loaded)
        var linked: [ProtoFile] = []
        for file in files { linked.append(try linker.link(file)) }
        let own = linked.removeLast()
        self.file = own
        self.dependencies = linked
        self.source = source
        self.importSources = references.filter { path, _ in linked.contains { $0.path == path } && !WellKnownTypes.isWellKnown(path) }
        self.compiled = try CompiledTypes(files: linked + [own])
        self.indexedMessages = Self.indexedMessages(of: own)
    }

    /// Depth-first import loading in dependency order, rejecting cycles.
    private static func load(
        _ file: ProtoFile, references: [String: String], loaded: inout [String: ProtoFile], order: inout [String], visiting: inout [String]
    ) throws(ProtobufError) {
        visiting.append(file.path)
        for dependency in file.imports {
            if visiting.contains(dependency.path) {
                throw ProtobufError.invalidSchema(
                    location: dependency.location, message: "import cycle: \((visiting + [dependency.path]).joined(separator: " → "))"
                )
            }
            if order.contains(dependency.path) { continue }
            let imported: ProtoFile
            if let parsed = loaded[dependency.path] {
                imported = parsed
            } else if let text = references[dependency.path] ?? WellKnownTypes.sources[dependency.path] {
                imported = try ProtoParser.parse(text, path: dependency.path)
                loaded[dependency.path] = imported
            } else {
                throw ProtobufError.missingImport(location: dependency.location, path: dependency.path)
            }
            try load(imported, references: references, loaded: &loaded, order: &order, visiting: &visiting)
        }
        visiting.removeLast()
        order.append(file.path)
    }

    /// The source of a built-in well-known type (`google/protobuf/timestamp.proto`), or nil.
    public static func wellKnownSource(_ path: String) -> String? { WellKnownTypes.sources[path] }

    /// The fully qualified names (no leading dot) of the file's messages, nested ones after their
    /// parent, in declaration order; the first is the default message of a Confluent schema.
    public var messageNames: [String] {
        var names: [String] = []
        func visit(_ message: ProtoMessageType, scope: String) {
            guard !message.isMapEntry else { return }
            let name = scope.isEmpty ? message.name : scope + "." + message.name
            names.append(name)
            for nested in message.nestedMessages { visit(nested, scope: name) }
        }
        for message in file.messages { visit(message, scope: file.package) }
        return names
    }

    /// The first of ``messageNames`` (the default message of a Confluent schema), found without
    /// listing the rest.
    public var defaultMessageName: String? {
        file.messages.first { !$0.isMapEntry }.map { file.package.isEmpty ? $0.name : file.package + "." + $0.name }
    }

    /// The message declaration named `name`, either fully qualified (`shop.Order.Line`, a leading dot
    /// allowed) or relative to the file's package (`Order.Line`), from this file or its imports.
    public func messageType(named name: String) -> ProtoMessageType? {
        compiled.messageIndex(named: qualified(name)).map { compiled.messages[$0].declaration }
    }

    /// The enum declaration named `name` (qualified or relative to the file's package).
    public func enumType(named name: String) -> ProtoEnumType? {
        compiled.enumIndex(named: qualified(name)).map { compiled.enums[$0].declaration }
    }

    /// `name` without a leading dot, qualified with the file's package when it is not already.
    func qualified(_ name: String) -> String {
        let trimmed = name.hasPrefix(".") ? String(name.dropFirst()) : name
        if compiled.messageIndex(named: trimmed) != nil || compiled.enumIndex(named: trimmed) != nil || file.package.isEmpty {
            return trimmed
        }
        return file.package + "." + trimmed
    }
}

extension ProtoSchema: Hashable {
    public static func == (lhs: ProtoSchema, rhs: ProtoSchema) -> Bool {
        lhs.file == rhs.file && lhs.dependencies == rhs.dependencies
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
    }
}
