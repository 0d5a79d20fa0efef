import Foundation
import SchemaWireAvro
import SchemaWireCore

/// A schema read from a file or a git revision: its text (for line numbers) and its parsed form.
struct SchemaDocument {
    /// Where it came from, as shown to the user (`schemas/a.avsc`, `main:schemas/a.avsc`).
    var label: String
    var text: String
    var schema: AvroSchema

    /// Parses `text`; an invalid schema is bad input (exit 2) naming `label`.
    init(label: String, text: String) throws {
        self.label = label
        self.text = text
        do {
            schema = try AvroSchema(parsing: text)
        } catch {
            throw CommandFailure.badInput(label, error)
        }
    }

    /// Reads and parses the schema file at `path`.
    init(path: String) throws {
        try SchemaLanguage.requireSupported(path)
        try self.init(label: path, text: try CommandIO.readText(path))
    }

    /// The line of the value at JSON Pointer `path`, or of its nearest enclosing value.
    func line(of path: String) -> Int {
        guard let lines = try? JSONValue.lineNumbers(of: text) else { return 1 }
        var pointer = path
        while true {
            if let line = lines[pointer] { return line }
            guard let slash = pointer.lastIndex(of: "/") else { return 1 }
            pointer = String(pointer[..<slash])
        }
    }
}

/// The schema languages `check` understands, chosen by file extension.
enum SchemaLanguage {
    static let avroExtension = "avsc"
    static let protobufExtension = "proto"

    /// Whether a file is a schema `check` looks at.
    static func isSchema(_ path: String) -> Bool {
        [avroExtension, protobufExtension].contains(URL(fileURLWithPath: path).pathExtension)
    }

    /// Throws a clear bad-input error for files this build cannot check.
    static func requireSupported(_ path: String) throws {
        switch URL(fileURLWithPath: path).pathExtension {
        case avroExtension: return
        case protobufExtension:
            throw CommandFailure.badInput("\(path): Protobuf compatibility checking is not available yet (Avro .avsc only)")
        default:
            throw CommandFailure.badInput("\(path): not a schema file (expected .avsc or .proto)")
        }
    }
}
