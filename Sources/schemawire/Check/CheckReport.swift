import Foundation
import SchemaWireCore

/// The outcome of checking one schema file.
struct CheckOutcome {
    enum Status: String {
        case compatible, incompatible
        /// No earlier version exists, so there is nothing to break.
        case new
    }

    var document: SchemaDocument
    /// The earlier versions checked against, oldest first (labels).
    var against: [String]
    var result: CompatibilityResult?

    var status: Status {
        guard let result, !against.isEmpty else { return .new }
        return result.isCompatible ? .compatible : .incompatible
    }

    /// The line in the new schema file an incompatibility points at. Avro paths lead into the
    /// reading schema, so FORWARD findings point at the top of the file; Protobuf paths (messages
    /// and field numbers) mean the same in both versions.
    func line(of incompatibility: Incompatibility) -> Int {
        if case .protobuf = document.parsed { return document.line(of: incompatibility.path) }
        return incompatibility.direction == .newReadsOld ? document.line(of: incompatibility.path) : 1
    }
}

/// How `check` prints its findings.
enum CheckFormat: String, CaseIterable {
    case text, json, github
}

/// Renders check outcomes as text for people, JSON for machines, or GitHub annotations.
struct CheckReport {
    var level: CompatibilityLevel
    var outcomes: [CheckOutcome]
    /// Whether to print the summary table (several schemas checked at once).
    var isSummary: Bool

    var isCompatible: Bool { outcomes.allSatisfy { $0.status != .incompatible } }

    func render(_ format: CheckFormat) -> String {
        switch format {
        case .text: return text()
        case .json: return json().serialized(.pretty) + "\n"
        case .github: return github()
        }
    }

    private func text() -> String {
        var output = ""
        if isSummary {
            let rows = outcomes.map { [$0.document.label, $0.against.last ?? "—", level.rawValue, $0.status.rawValue] }
            output += Self.table(header: ["SCHEMA", "AGAINST", "LEVEL", "RESULT"], rows: rows)
        }
        for outcome in outcomes {
            let found = outcome.result?.incompatibilities ?? []
            if !isSummary {
                switch outcome.status {
                case .new: output += "\(outcome.document.label): no earlier version to check against\n"
                case .compatible:
                    output += "\(outcome.document.label): compatible (\(level.rawValue)) with \(outcome.result?.checkedVersions.joined(separator: ", ") ?? "")\n"
                case .incompatible: break
                }
            }
            guard !found.isEmpty else { continue }
            output += "\(outcome.document.label): INCOMPATIBLE (\(level.rawValue)), \(found.count) problem(s):\n"
            for incompatibility in found {
                output += "  \(incompatibility.kind) at \(incompatibility.path.isEmpty ? "/" : incompatibility.path)"
                output += " (line \(outcome.line(of: incompatibility)), \(incompatibility.direction.rawValue) against \(incompatibility.version))\n"
                output += "    \(incompatibility.message)\n"
                output += "    fix: \(incompatibility.hint)\n"
            }
        }
        return output
    }

    private func incompatibilityJSON(_ incompatibility: Incompatibility, in outcome: CheckOutcome) -> JSONValue {
        [
            "kind": .string(incompatibility.kind.rawValue), "path": .string(incompatibility.path.isEmpty ? "/" : incompatibility.path),
            "message": .string(incompatibility.message), "hint": .string(incompatibility.hint),
            "file": .string(outcome.document.label), "line": .integer(outcome.line(of: incompatibility)),
            "version": .string(incompatibility.version), "direction": .string(incompatibility.direction.rawValue),
            "readerFragment": .string(incompatibility.readerFragment), "writerFragment": .string(incompatibility.writerFragment),
        ]
    }

    private func json() -> JSONValue {
        let all = outcomes.flatMap { outcome in (outcome.result?.incompatibilities ?? []).map { incompatibilityJSON($0, in: outcome) } }
        let results: [JSONValue] = outcomes.map { outcome in
            [
                "schema": .string(outcome.document.label), "status": .string(outcome.status.rawValue),
                "against": .array(outcome.against.map(JSONValue.string)),
            ]
        }
        return [
            "compatible": .bool(isCompatible), "level": .string(level.rawValue), "incompatibilities": .array(all),
            "results": .array(results),
        ]
    }

    private func github() -> String {
        var output = ""
        for outcome in outcomes {
            for incompatibility in outcome.result?.incompatibilities ?? [] {
                let message = "\(incompatibility.message) Fix: \(incompatibility.hint) (\(incompatibility.direction.rawValue) against \(incompatibility.version))"
                output += "::error file=\(Self.escapeProperty(outcome.document.label)),line=\(outcome.line(of: incompatibility)),"
                output += "title=\(Self.escapeProperty("\(incompatibility.kind) at \(incompatibility.path.isEmpty ? "/" : incompatibility.path)"))::"
                output += Self.escapeData(message) + "\n"
            }
        }
        let incompatible = outcomes.filter { $0.status == .incompatible }.count
        output += "::notice::schemawire check (\(level.rawValue)): \(outcomes.count) schema(s), \(incompatible) incompatible\n"
        return output
    }

    /// GitHub workflow-command escaping for messages.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// GitHub workflow-command escaping for properties (file, title).
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    static func table(header: [String], rows: [[String]]) -> String {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        return ([header] + rows).map(line).joined()
    }
}
