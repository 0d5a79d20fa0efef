import Foundation
import Hummingbird
import SchemaWireCore

/// Bearer-token authentication: the registry's side of OAuth. The registry does not issue tokens;
/// it asks `accepts` (a token introspection call, a JWT check, or a fixed set of tokens) whether
/// the token a request carries is valid now.
public struct BearerAuthenticator: Sendable {
    private let accepts: @Sendable (String) async -> Bool

    public init(accepts: @escaping @Sendable (String) async -> Bool) {
        self.accepts = accepts
    }

    /// Accepts exactly these tokens (static tokens, Confluent's `STATIC_TOKEN` source). Tokens
    /// are kept as SHA-256 digests and an offered token is compared with every one of them in
    /// constant time, so the answer's timing tells nothing of how much of a token was right.
    public init(tokens: Set<String>) {
        let digests = tokens.map { SHA256.hash(Array($0.utf8)) }
        self.init { offered in
            let digest = SHA256.hash(Array(offered.utf8))
            return digests.reduce(false) { found, expected in ConstantTime.equal(digest, expected) || found }
        }
    }

    /// Reads a tokens file: one token per line; blank lines and lines starting with `#` are skipped.
    public init(tokensFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw RegistryError(status: 500, code: 50001, message: "cannot read tokens file \(path)")
        }
        let tokens = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !tokens.isEmpty else { throw RegistryError(status: 500, code: 50001, message: "tokens file \(path) holds no token") }
        self.init(tokens: Set(tokens))
    }

    /// Whether the request carries a token `accepts` allows.
    func allows(_ request: Request) async -> Bool {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return false }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { return false }
        return await accepts(token)
    }
}
