import Foundation
import Hummingbird
import Synchronization

/// An OAuth 2.0 token endpoint on loopback (the client-credentials grant only), for tests of
/// registry clients behind an identity provider. It checks the client's basic credentials, issues
/// fresh random tokens that live `lifetime`, and tells a registry which tokens are valid now.
public final class TestTokenEndpoint: Sendable {
    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)/oauth/token" }
    private let state: State
    private let task: Task<Void, any Error>

    final class State: Sendable {
        let clientID: String
        let clientSecret: String
        let lifetime: Duration
        let issued = Mutex<[String: ContinuousClock.Instant]>([:])
        let requests = Mutex<[String]>([])
        let refusals = Atomic<Int>(0)

        init(clientID: String, clientSecret: String, lifetime: Duration) {
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.lifetime = lifetime
        }
    }

    private init(port: Int, state: State, task: Task<Void, any Error>) {
        self.port = port
        self.state = state
        self.task = task
    }

    /// Starts an endpoint that knows one client and issues tokens living `lifetime` (whole seconds
    /// go in `expires_in`).
    public static func start(clientID: String, clientSecret: String, lifetime: Duration) async throws -> TestTokenEndpoint {
        let state = State(clientID: clientID, clientSecret: clientSecret, lifetime: lifetime)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
            state.requests.withLock { $0.append(body) }
            guard request.uri.path == "/oauth/token", request.method == .post else { return Self.json(.notFound, #"{"error": "not_found"}"#) }
            guard Self.basicCredentials(request.headers[.authorization]) == [state.clientID, state.clientSecret] else {
                return Self.json(.unauthorized, #"{"error": "invalid_client", "error_description": "unknown client or wrong secret"}"#)
            }
            guard body.split(separator: "&").contains("grant_type=client_credentials") else {
                return Self.json(.badRequest, #"{"error": "unsupported_grant_type"}"#)
            }
            let token = UUID().uuidString
            state.issued.withLock { $0[token] = .now + state.lifetime }
            return Self.json(.ok, #"{"access_token": "\#(token)", "token_type": "Bearer", "expires_in": \#(state.lifetime.components.seconds)}"#)
        }
        let (port, task) = try await LoopbackHTTPServer.start(label: "schemawire.test-token-endpoint", responder)
        return TestTokenEndpoint(port: port, state: state, task: task)
    }

    /// Client id and secret from a basic Authorization header, each form-decoded (RFC 6749 §2.3.1).
    private static func basicCredentials(_ header: String?) -> [String]? {
        guard let header, header.hasPrefix("Basic "), let data = Data(base64Encoded: String(header.dropFirst(6))) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: ":", maxSplits: 1).map(String.init)
        return parts.count == 2 ? parts.compactMap { $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding } : nil
    }

    private static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Whether `token` was issued here and has not expired: what a registry asks.
    public func isValid(_ token: String) -> Bool {
        let valid = state.issued.withLock { $0[token].map { $0 > .now } ?? false }
        if !valid { state.refusals.wrappingAdd(1, ordering: .relaxed) }
        return valid
    }

    /// How many tokens `isValid(_:)` refused (unknown, revoked or expired): what a registry
    /// answered 401 to.
    public var refusals: Int { state.refusals.load(ordering: .relaxed) }

    /// Revokes every token issued so far (a registry then refuses them).
    public func revokeAll() {
        state.issued.withLock { $0.removeAll() }
    }

    /// The form bodies of the token requests received, in order.
    public var requestBodies: [String] { state.requests.withLock { $0 } }

    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
