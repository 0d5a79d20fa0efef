import SchemaWireCore

/// Everything a registry call can fail with, each case saying where (URL path, subject/version).
public enum RegistryClientError: Error, Sendable {
    /// The registry answered with an error: HTTP status, Confluent's `error_code` and its message.
    case registry(status: Int, code: Int, message: String, path: String)
    /// No registry URL answered (after retries and failover).
    case unreachable(message: String, urls: [String])
    /// The registry answered something this client cannot read.
    case invalidResponse(message: String, path: String)
    /// The schema was refused before registering: not compatible with the subject's versions.
    case incompatible(subject: String, level: CompatibilityLevel, incompatibilities: [Incompatibility])
    /// A schema (given or fetched) is not valid.
    case invalidSchema(message: String, subject: String?)
    /// The bearer-token provider failed.
    case authentication(message: String)

    /// Confluent's error code when the registry gave one (40401 subject not found, …).
    public var code: Int? {
        if case let .registry(_, code, _, _) = self { return code }
        return nil
    }

    /// The HTTP status when the registry answered with an error.
    public var status: Int? {
        if case let .registry(status, _, _, _) = self { return status }
        return nil
    }
}

extension RegistryClientError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .registry(status, code, message, path):
            return "registry error \(code) (HTTP \(status)) for \(path): \(message)"
        case let .unreachable(message, urls):
            return "no schema registry reachable at \(urls.joined(separator: ", ")): \(message)"
        case let .invalidResponse(message, path):
            return "unreadable registry response for \(path): \(message)"
        case let .incompatible(subject, level, incompatibilities):
            return "schema refused for subject \"\(subject)\": not \(level.rawValue) compatible (\(incompatibilities.count) problem(s)):\n"
                + incompatibilities.map { "  \($0)" }.joined(separator: "\n")
        case let .invalidSchema(message, subject):
            return "invalid schema\(subject.map { " for subject \"\($0)\"" } ?? ""): \(message)"
        case let .authentication(message):
            return "cannot obtain registry credentials: \(message)"
        }
    }
}
