import Foundation
import SchemaWireProtobuf

/// Finds the files a `.proto` imports on an import path (protoc's `-I`), the way protoc does.
enum ProtoImports {
    /// Import paths to use when none are given: the current directory.
    static let defaultPaths = ["."]

    /// The name `path` is imported by: relative to the first import path containing it, or its
    /// file name.
    static func importName(of path: String, in importPaths: [String]) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        for root in importPaths.isEmpty ? defaultPaths : importPaths {
            let prefix = URL(fileURLWithPath: root).standardizedFileURL.path + "/"
            if absolute.hasPrefix(prefix) { return String(absolute.dropFirst(prefix.count)) }
        }
        return URL(fileURLWithPath: path).lastPathComponent
    }

    /// Parses `source`, reading each import it names from the import paths until all resolve.
    static func load(_ source: String, path: String, importPaths: [String]) throws -> ProtoSchema {
        let roots = importPaths.isEmpty ? defaultPaths : importPaths
        var references: [String: String] = [:]
        while true {
            let missing: (location: ProtoSourceLocation, path: String)
            do {
                return try ProtoSchema(parsing: source, path: path, references: references)
            } catch {
                guard case let .missingImport(location, importPath) = error, references[importPath] == nil else { throw error }
                missing = (location, importPath)
            }
            let candidates = roots.map { ($0 as NSString).appendingPathComponent(missing.path) }
            guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
                let text = try? String(contentsOfFile: found, encoding: .utf8)
            else {
                throw CommandFailure.badInput(
                    "\(missing.location): import \"\(missing.path)\" was not found on the import path (\(roots.joined(separator: ", "))); add -I DIR"
                )
            }
            references[missing.path] = text
        }
    }
}
