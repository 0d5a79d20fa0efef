import Foundation
import SchemaWireAvro
import SchemaWireCore
import SchemaWireProtobuf

/// A schema read from a file or a git revision: its text (for line numbers) and its parsed form.
struct SchemaDocument {
    enum Parsed {
        case avro(AvroSchema)
        case protobuf(ProtoSchema)
    }

    /// Where it came from, as shown to the user (`schemas/a.avsc`, `main:schemas/a.avsc`).
    var label: String
    var text: String
    var parsed: Parsed

    /// Parses `text` as the language of `path`'s extension; an invalid schema is bad input (exit 2)
    /// naming `label`. Protobuf imports are looked up under `importPaths`, then among the built-in
    /// well-known types.
    init(label: String, text: String, path: String, importPaths: [String] = []) throws {
        self.label = label
        self.text = text
        do {
            switch try SchemaLanguage(path: path) {
            case .avro: parsed = .avro(try AvroSchema(parsing: text))
            case .protobuf:
                let name = ProtoImports.importName(of: path, in: importPaths)
                parsed = .protobuf(try ProtoImports.load(text, path: name, importPaths: importPaths))
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure.badInput(label, error)
        }
    }

    /// A schema parsed elsewhere (a registry version, its references resolved from the registry).
    init(label: String, text: String, parsed: Parsed) {
        self.label = label
        self.text = text
        self.parsed = parsed
    }

    /// Reads and parses the schema file at `path`.
    init(path: String, importPaths: [String] = []) throws {
        try self.init(label: path, text: try CommandIO.readText(path), path: path, importPaths: importPaths)
    }

    /// Checks this document against earlier ones of the same language.
    func compatibility(against versions: [SchemaDocument], level: CompatibilityLevel) throws -> CompatibilityResult {
        switch parsed {
        case let .avro(schema):
            var previous: [(label: String, schema: AvroSchema)] = []
            for version in versions {
                guard case let .avro(old) = version.parsed else { throw CommandFailure.badInput("\(version.label) is not an Avro schema like \(label)") }
                previous.append((version.label, old))
            }
            return schema.compatibility(against: previous, level: level)
        case let .protobuf(schema):
            var previous: [(label: String, schema: ProtoSchema)] = []
            for version in versions {
                guard case let .protobuf(old) = version.parsed else { throw CommandFailure.badInput("\(version.label) is not a Protobuf schema like \(label)") }
                previous.append((version.label, old))
            }
            return schema.compatibility(against: previous, level: level)
        }
    }

    /// The line an incompatibility's path points at in this document, or of its nearest enclosing
    /// element: JSON Pointers for Avro, `#/Message/Nested/number` paths for Protobuf.
    func line(of path: String) -> Int {
        switch parsed {
        case .avro:
            guard let lines = try? JSONValue.lineNumbers(of: text) else { return 1 }
            var pointer = path
            while true {
                if let line = lines[pointer] { return line }
                guard let slash = pointer.lastIndex(of: "/") else { return 1 }
                pointer = String(pointer[..<slash])
            }
        case let .protobuf(schema):
            var line = 1
            var messages = schema.file.messages
            var current: ProtoMessageType?
            for component in path.split(separator: "/").dropFirst() {
                if let message = messages.first(where: { $0.name == component }) {
                    line = message.location.line
                    current = message
                    messages = message.nestedMessages
                } else if let number = Int32(component), let field = current?.fields.first(where: { $0.number == number }) {
                    return field.location.line
                } else if let oneof = current?.oneofs.first(where: { $0.name == component }) {
                    line = oneof.location.line
                } else {
                    break
                }
            }
            return line
        }
    }
}

/// The schema languages `check` understands, chosen by file extension.
enum SchemaLanguage {
    case avro
    case protobuf

    static let avroExtension = "avsc"
    static let protobufExtension = "proto"

    init(path: String) throws {
        switch URL(fileURLWithPath: path).pathExtension {
        case Self.avroExtension: self = .avro
        case Self.protobufExtension: self = .protobuf
        default: throw CommandFailure.badInput("\(path): not a schema file (expected .avsc or .proto)")
        }
    }

    /// Whether a file is a schema `check` looks at.
    static func isSchema(_ path: String) -> Bool {
        [avroExtension, protobufExtension].contains(URL(fileURLWithPath: path).pathExtension)
    }
}
