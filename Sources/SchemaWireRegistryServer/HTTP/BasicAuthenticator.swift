import Foundation
import Hummingbird
import SchemaWireCore

/// HTTP basic authentication against a users file. Passwords are kept as SHA-256 digests and
/// compared in constant time (an unknown user costs the same as a wrong password), and are never
/// logged.
public struct BasicAuthenticator: Sendable {
    private let digests: [String: [UInt8]]
    /// Compared against when the user is unknown, so that the answer takes the same time.
    private static let unknownUser = SHA256.hash(Array("schemawire: no such user".utf8))

    public init(users: [String: String]) {
        self.digests = users.mapValues { SHA256.hash(Array($0.utf8)) }
    }

    /// Reads a users file: one `name: password` (or `name:password`) per line, as in Confluent's
    /// Jetty realm files; anything after a comma (roles) is ignored, `#` starts a comment.
    public init(usersFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw RegistryError(status: 500, code: 50001, message: "cannot read users file \(path)")
        }
        var users: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw RegistryError(status: 500, code: 50001, message: "\(path):\(index + 1): expected name: password")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let rest = line[line.index(after: colon)...]
            let password = (rest.split(separator: ",", maxSplits: 1).first.map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
            users[name] = password
        }
        self.init(users: users)
    }

    /// Whether the request carries credentials of a known user.
    func allows(_ request: Request) -> Bool {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let credentials = String(data: decoded, encoding: .utf8), let colon = credentials.firstIndex(of: ":")
        else { return false }
        let name = String(credentials[..<colon])
        let offered = SHA256.hash(Array(credentials[credentials.index(after: colon)...].utf8))
        let expected = digests[name]
        return ConstantTime.equal(offered, expected ?? Self.unknownUser) && expected != nil
    }
}
