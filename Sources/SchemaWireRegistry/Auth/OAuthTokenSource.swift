import CoreMetrics
import Foundation
import SchemaWireCore

/// Access tokens for one ``OAuthClientCredentials``: fetched once, shared by every request until
/// the refresh point, and fetched once more however many requests need a new one at the same time.
final class OAuthTokenSource: Sendable {
    let credentials: OAuthClientCredentials
    private let tls: RegistryClientConfiguration.TLS
    private let timeout: Duration
    private let tokens: SingleFlightCache<Int, String>

    init(credentials: OAuthClientCredentials, tls: RegistryClientConfiguration.TLS, timeout: Duration, metrics: any MetricsFactory) {
        tokens = SingleFlightCache(name: "oauth-token", metrics: metrics)
        self.credentials = credentials
        // The identity provider is another host: trust the same CAs, but present no client certificate.
        self.tls = RegistryClientConfiguration.TLS(caFile: tls.caFile, verify: tls.verify)
        self.timeout = timeout
    }

    /// A token that is not due for replacement.
    func token() async throws(RegistryClientError) -> String {
        try await tokens.value(for: 0) { () throws(RegistryClientError) in try await self.fetch() }
    }

    /// Forgets `token` after the registry refused it (revoked early, or the clocks disagree), so
    /// the next request fetches a new one; a token fetched meanwhile is kept.
    func discard(_ token: String) {
        if tokens.cachedValue(for: 0) == token { tokens.remove(0) }
    }

    private func fetch() async throws(RegistryClientError) -> (String, ttl: Duration?) {
        let endpoint = credentials.tokenEndpoint
        var form = "grant_type=client_credentials"
        if let scope = credentials.scope, !scope.isEmpty { form += "&scope=" + SchemaRegistryClient.encode(scope) }
        let basic = SchemaRegistryClient.encode(credentials.clientID) + ":" + SchemaRegistryClient.encode(credentials.clientSecret)
        let request = HTTPRequest(
            method: "POST", url: endpoint,
            headers: [
                ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json"),
                ("Authorization", "Basic " + Data(basic.utf8).base64EncodedString()),
            ],
            body: Array(form.utf8), timeout: timeout, tls: tls)
        let response: HTTPResponse
        do { response = try await CurlTransport.shared.perform(request) } catch {
            throw .authentication(message: "token endpoint \(endpoint) unreachable: \(error.message)")
        }
        let answer = try? JSONValue(parsing: response.body)
        guard (200..<300).contains(response.status) else {
            // RFC 6749 §5.2: {"error": "invalid_client", "error_description": "..."}.
            let object = answer?.objectValue
            let reason = [object?["error"]?.stringValue, object?["error_description"]?.stringValue].compactMap { $0 }.joined(separator: ": ")
            throw .authentication(message: "token endpoint \(endpoint) answered HTTP \(response.status)\(reason.isEmpty ? "" : " (\(reason))")")
        }
        guard let object = answer?.objectValue, case let .string(token)? = object["access_token"], !token.isEmpty else {
            throw .authentication(message: "token endpoint \(endpoint) answered without an access_token")
        }
        if let type = object["token_type"]?.stringValue, type.lowercased() != "bearer" {
            throw .authentication(message: "token endpoint \(endpoint) issued a \(type) token; the registry needs a bearer token")
        }
        let lifetime = object["expires_in"]?.int64Value.map { Duration.seconds(max($0, 0)) } ?? credentials.defaultLifetime
        return (token, credentials.refreshDelay(lifetime: lifetime))
    }
}
