// Configurations end up in logs (`print(configuration)`, `dump`, a failing test's message), so
// every textual and reflected form of them shows what is configured and never a secret: passwords,
// client secrets, bearer tokens and header values read "<redacted>".

private let redacted = "<redacted>"

extension RegistryClientConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        let headerNames = headers.keys.sorted().map { "\($0): \(redacted)" }.joined(separator: ", ")
        return "RegistryClientConfiguration(urls: \(urls), authentication: \(authentication), tls: \(tls), "
            + "requestTimeout: \(requestTimeout), retry: \(retry.maximumAttempts) attempts, latestCacheTTL: \(latestCacheTTL), unknownSchemaCacheTTL: \(unknownSchemaCacheTTL), headers: [\(headerNames)])"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "urls": urls, "authentication": authentication, "tls": tls, "requestTimeout": requestTimeout, "retry": retry,
            "latestCacheTTL": latestCacheTTL, "unknownSchemaCacheTTL": unknownSchemaCacheTTL, "headers": headers.mapValues { _ in redacted },
        ])
    }
}

extension RegistryClientConfiguration.Authentication: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        switch self {
        case .none: return "none"
        case let .basic(user, _): return "basic(user: \(user), password: \(redacted))"
        case .bearer: return "bearer(\(redacted))"
        case let .oauth(credentials): return "oauth(\(credentials))"
        }
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["value": description]) }
}

extension OAuthClientCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "OAuthClientCredentials(tokenEndpoint: \(tokenEndpoint), clientID: \(clientID), clientSecret: \(redacted), scope: \(scope ?? "default"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "tokenEndpoint": tokenEndpoint, "clientID": clientID, "clientSecret": redacted, "scope": scope as Any,
            "refreshMargin": refreshMargin, "defaultLifetime": defaultLifetime,
        ])
    }
}
