import SchemaWireCore

/// How a ``SchemaRegistryClient`` reaches its registry: base URLs (tried in order, failing over on
/// network errors), credentials, TLS, timeouts, retries and cache lifetimes.
public struct RegistryClientConfiguration: Sendable {
    /// Credentials sent with every request. They are never logged or put in error messages.
    public enum Authentication: Sendable {
        case none
        /// HTTP basic auth (Confluent's `basic.auth.user.info`).
        case basic(user: String, password: String)
        /// A bearer token, fetched before each request (static tokens, or a refreshing provider).
        case bearer(@Sendable () async throws -> String)

        /// OAuth 2.0 client credentials: tokens fetched from an identity provider, cached and
        /// replaced before they expire (Confluent's `OAUTHBEARER` credentials source).
        case oauth(OAuthClientCredentials)

        /// A fixed bearer token.
        public static func bearer(token: String) -> Authentication { .bearer { token } }
    }

    /// TLS settings. Verification is on unless switched off explicitly.
    public struct TLS: Sendable {
        /// A PEM CA bundle to trust instead of the system's.
        public var caFile: String?
        /// A PEM client certificate and key, for mutual TLS.
        public var certificateFile: String?
        public var keyFile: String?
        public var verify: Bool

        public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil, verify: Bool = true) {
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.verify = verify
        }
    }

    /// Retries of requests that may succeed later: network errors, 429 and 5xx. Other 4xx are final.
    public struct Retry: Sendable {
        public var maximumAttempts: Int
        public var initialBackoff: Duration
        public var maximumBackoff: Duration

        public init(maximumAttempts: Int = 4, initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(2)) {
            self.maximumAttempts = max(1, maximumAttempts)
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
        }

        /// The wait before attempt `attempt` (1-based retries): exponential with full jitter.
        func backoff(beforeRetry attempt: Int) -> Duration {
            let exponential = initialBackoff * (1 << min(attempt - 1, 16))
            let capped = min(exponential, maximumBackoff)
            return capped * Double.random(in: 0.5...1.0)
        }
    }

    public var urls: [String]
    public var authentication: Authentication
    public var tls: TLS
    public var requestTimeout: Duration
    public var retry: Retry
    /// How long "latest version" answers are reused; ids and registered schemas are cached forever.
    public var latestCacheTTL: Duration
    /// How long a schema id or GUID the registry does not know (404) is answered from memory as
    /// unknown; zero asks again every time.
    public var unknownSchemaCacheTTL: Duration
    /// Extra headers sent with every request (Confluent's `request.header.*`).
    public var headers: [String: String]

    public init(
        urls: [String], authentication: Authentication = .none, tls: TLS = TLS(), requestTimeout: Duration = .seconds(30),
        retry: Retry = Retry(), latestCacheTTL: Duration = .seconds(30), headers: [String: String] = [:],
        unknownSchemaCacheTTL: Duration = .seconds(10)
    ) {
        self.urls = urls.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.authentication = authentication
        self.tls = tls
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.latestCacheTTL = latestCacheTTL
        self.headers = headers
        self.unknownSchemaCacheTTL = unknownSchemaCacheTTL
    }

    /// One registry URL; a comma-separated list fails over in order, as Confluent's clients accept.
    public init(url: String, authentication: Authentication = .none, tls: TLS = TLS()) {
        self.init(urls: url.split(separator: ",").map { String($0).trimmingWhitespace }, authentication: authentication, tls: tls)
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }
}
