import Foundation
import SchemaWireKafka
import SchemaWireSerde

/// A `-F FILE` properties file, as kcat and Confluent's tools read them: `name=value` lines
/// (blank lines and lines starting with `#` or `!` skipped), so that passwords and tokens stay off
/// the command line and out of shell history. Confluent serde and registry properties go to the
/// serdes and the registry client, everything else to librdkafka.
struct PropertiesFile {
    var librdkafka: [String: String] = [:]
    var serde: [String: String] = [:]

    init() {}

    init(path: String) throws {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CommandFailure.badInput("-F \(path): \(error.localizedDescription)")
        }
        // Other clients' spellings too, where librdkafka has no property of the name (its own
        // `ssl.ca.location` is the broker's CA, so Python's bare registry names stay librdkafka's).
        let serdeNames = Set(KafkaSerdeConfiguration.properties.map(\.name))
            .union(KafkaSerdeConfiguration.aliases.keys.filter { $0.hasPrefix("schema.registry.") })
            .union(["specific.avro.reader"])
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") { continue }
            guard let equals = line.firstIndex(of: "="), equals != line.startIndex else {
                throw CommandFailure.badInput("-F \(path) line \(index + 1): expected name=value")
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if serdeNames.contains(name) || name.hasPrefix("request.header.") {
                serde[name] = value
            } else {
                librdkafka[name] = value
            }
        }
    }

    /// The file named by `path`, or none.
    static func load(_ path: String?) throws -> PropertiesFile {
        try path.map(PropertiesFile.init(path:)) ?? PropertiesFile()
    }
}
