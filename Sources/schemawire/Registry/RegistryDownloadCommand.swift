import ArgumentParser
import Foundation
import SchemaWireCore
import SchemaWireRegistry

/// `schemawire registry download`: subjects' schemas into files, with the schemas they reference, as
/// Confluent's Maven plugin `download` goal does, so that a build or `schemawire check` can work
/// from them offline.
struct RegistryDownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Write the schemas of the subjects matching a pattern, with their references, into a directory.",
        discussion: """
            Each matching subject's latest version (every version with --all-versions, as SUBJECT-vN) goes into a \
            file named by the subject (/ and a leading . become _) with the extension of its type: .avsc, .proto \
            or .json. Referenced schemas are written too, recursively: Protobuf imports at their import path (so \
            DIR works as -I DIR), Avro named types as NAME.avsc, JSON references at their reference name. Each \
            file written is printed on stdout. A reference that would leave DIR is refused.
            """
    )

    @OptionGroup var connection: RegistryConnectionOptions

    @Option(help: "A regular expression the whole subject name must match (e.g. 'orders-.*').")
    var subjectPattern: String

    @Option(help: "The directory to write into (created if needed).")
    var output: String

    @Flag(help: "Every live version, not only the latest.")
    var allVersions = false

    /// How deep references may nest before the download stops (a cycle, or a hostile registry).
    static let maximumReferenceDepth = 64

    func run() async throws {
        let pattern: NSRegularExpression
        do { pattern = try NSRegularExpression(pattern: "^(?:" + subjectPattern + ")$") } catch {
            throw CommandFailure.badInput("--subject-pattern \(subjectPattern): not a regular expression")
        }
        let client = try connection.client()
        let subjects = try await registryCall { () throws(RegistryClientError) in try await client.subjects() }.filter { subject in
            pattern.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject)) != nil
        }
        guard !subjects.isEmpty else { throw CommandFailure.badInput("no subject matches \(subjectPattern)") }
        var files = DownloadedFiles(root: output)
        for subject in subjects {
            let numbers: [SchemaVersion]
            if allVersions {
                numbers = try await registryCall { () throws(RegistryClientError) in try await client.versions(of: subject) }.map { .number($0) }
            } else {
                numbers = [.latest]
            }
            for number in numbers {
                let registered = try await registryCall { () throws(RegistryClientError) in try await client.version(number, of: subject) }
                let stem = DownloadedFiles.safeName(subject) + (allVersions ? "-v\(registered.version)" : "")
                try files.write(registered.schema.text, to: stem + DownloadedFiles.fileExtension(registered.schema.type))
                try await writeReferences(of: registered.schema, client: client, into: &files, depth: 0)
            }
        }
        printError("schemawire: downloaded \(files.written.count) file(s) from \(subjects.count) subject(s) into \(output)")
    }

    private func writeReferences(of schema: RegistrySchema, client: SchemaRegistryClient, into files: inout DownloadedFiles, depth: Int) async throws {
        guard depth < Self.maximumReferenceDepth else {
            throw CommandFailure.badInput("references nest deeper than \(Self.maximumReferenceDepth) levels (a cycle?)")
        }
        for reference in schema.references {
            let referenced = try await registryCall { () throws(RegistryClientError) in
                try await client.version(.number(reference.version), of: reference.subject)
            }
            let path = referenced.schema.type == .avro ? DownloadedFiles.safeName(reference.name) + ".avsc" : reference.name
            guard try files.write(referenced.schema.text, to: path) else { continue }
            try await writeReferences(of: referenced.schema, client: client, into: &files, depth: depth + 1)
        }
    }
}

/// The files a download writes, each once, never outside the directory.
struct DownloadedFiles {
    let root: String
    private(set) var written: [String: String] = [:]

    init(root: String) { self.root = root }

    static func fileExtension(_ type: SchemaType) -> String {
        switch type {
        case .avro: return ".avsc"
        case .protobuf: return ".proto"
        case .json: return ".json"
        }
    }

    /// A subject or type name as one file name: `/`, `\` and a leading `.` become `_`.
    static func safeName(_ name: String) -> String {
        var safe = name.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "\\", with: "_")
        if safe.hasPrefix(".") || safe.isEmpty { safe = "_" + safe }
        return safe
    }

    /// Writes `text` to `relative` under the root, once: returns false when it was written before
    /// with the same text, and refuses another text or a path that leaves the root.
    @discardableResult
    mutating func write(_ text: String, to relative: String) throws -> Bool {
        let components = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.hasPrefix("/"), !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }), !relative.contains("\0") else {
            throw CommandFailure.badInput("\(relative): a reference path that would leave \(root)")
        }
        if let existing = written[relative] {
            guard existing == text else { throw CommandFailure.badInput("\(relative): two different schemas would both be written there") }
            return false
        }
        let path = (root as NSString).appendingPathComponent(relative)
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure.badInput("\(path): cannot create the directory")
        }
        try CommandIO.write(Array(text.utf8), to: path)
        written[relative] = text
        print(path)
        return true
    }
}
