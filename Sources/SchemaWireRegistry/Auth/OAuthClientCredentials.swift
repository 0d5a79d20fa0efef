/// OAuth 2.0 client credentials (RFC 6749 §4.4) for a registry behind an identity provider, as
/// Confluent's `bearer.auth.credentials.source=OAUTHBEARER` configures them.
///
/// The client asks `tokenEndpoint` for an access token, reuses it for every registry request, and
/// fetches the next one before the current one expires, so that no request carries an expired
/// token and the identity provider sees one request per token lifetime, not one per record.
public struct OAuthClientCredentials: Hashable, Sendable {
    /// The identity provider's token endpoint (`bearer.auth.issuer.endpoint.url`).
    public var tokenEndpoint: String
    /// `bearer.auth.client.id`; sent with the secret as HTTP basic credentials (`client_secret_basic`).
    public var clientID: String
    /// `bearer.auth.client.secret`. Never logged or put in an error message.
    public var clientSecret: String
    /// `bearer.auth.scope`: space-separated scopes, or nil for the provider's default.
    public var scope: String?
    /// How long before expiry a token is replaced: the margin that absorbs clock skew and the
    /// time a request spends in flight. Tokens living shorter than twice this are replaced at
    /// half their lifetime instead.
    public var refreshMargin: Duration
    /// Lifetime assumed for a token whose answer has no `expires_in`.
    public var defaultLifetime: Duration

    public init(
        tokenEndpoint: String, clientID: String, clientSecret: String, scope: String? = nil, refreshMargin: Duration = .seconds(60),
        defaultLifetime: Duration = .seconds(300)
    ) {
        self.tokenEndpoint = tokenEndpoint
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scope = scope
        self.refreshMargin = refreshMargin
        self.defaultLifetime = defaultLifetime
    }

    /// When a token that lives `lifetime` should be replaced, counted from when it was issued.
    func refreshDelay(lifetime: Duration) -> Duration {
        lifetime >= refreshMargin * 2 ? lifetime - refreshMargin : lifetime / 2
    }
}
