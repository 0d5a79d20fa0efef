/// The seven compatibility levels of Confluent Schema Registry, named as the registry names them.
///
/// ``backward`` is the default everywhere in SchemaWire, as in the registry: consumers using the new
/// schema can read data written with the previous one, so consumers upgrade first.
public enum CompatibilityLevel: String, CaseIterable, Codable, Hashable, Sendable {
    case none = "NONE"
    case backward = "BACKWARD"
    case backwardTransitive = "BACKWARD_TRANSITIVE"
    case forward = "FORWARD"
    case forwardTransitive = "FORWARD_TRANSITIVE"
    case full = "FULL"
    case fullTransitive = "FULL_TRANSITIVE"

    /// The registry's default level.
    public static let `default`: CompatibilityLevel = .backward

    /// Whether the new schema must read data written with earlier ones.
    public var checksBackward: Bool { [.backward, .backwardTransitive, .full, .fullTransitive].contains(self) }

    /// Whether earlier schemas must read data written with the new one.
    public var checksForward: Bool { [.forward, .forwardTransitive, .full, .fullTransitive].contains(self) }

    /// Whether every earlier version is checked, not only the latest.
    public var isTransitive: Bool { [.backwardTransitive, .forwardTransitive, .fullTransitive].contains(self) }

    /// Parses a level case-insensitively, accepting `-` for `_` (`backward-transitive`).
    public init?(name: String) {
        self.init(rawValue: String(name.uppercased().map { $0 == "-" ? "_" : $0 }))
    }
}
