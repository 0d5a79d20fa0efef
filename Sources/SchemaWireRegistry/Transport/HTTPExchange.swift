/// One HTTP request to a registry, independent of the transport that carries it.
struct HTTPRequest: Sendable {
    var method: String
    var url: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]?
    var timeout: Duration
    var tls: RegistryClientConfiguration.TLS
}

/// The registry's answer.
struct HTTPResponse: Sendable {
    var status: Int
    var body: [UInt8]
}

/// A failure below HTTP: the request got no answer (connection refused, DNS, TLS, timeout).
struct TransportFailure: Error, Sendable, CustomStringConvertible {
    /// libcurl's `CURLcode` (or -1).
    var code: Int32
    var message: String
    var description: String { message }

    /// Whether the request cannot have reached a server (its name did not resolve, or nothing
    /// accepted the connection), so that sending it elsewhere cannot apply it twice.
    var neverReachedAServer: Bool { [5, 6, 7].contains(code) }  // CURLE_COULDNT_RESOLVE_PROXY, _HOST, CURLE_COULDNT_CONNECT
}
