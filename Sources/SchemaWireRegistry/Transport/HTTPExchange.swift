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
    var code: Int32
    var message: String
    var description: String { message }
}
