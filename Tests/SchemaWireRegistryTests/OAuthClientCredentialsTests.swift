import Foundation
import SchemaWireCore
import SchemaWireRegistry
import SchemaWireRegistryServer
import SchemaWireTestSupport
import XCTest

/// OAuth client credentials against a token endpoint and a registry that accepts only the tokens
/// that endpoint issued and that have not expired, both over HTTP on loopback.
final class OAuthClientCredentialsTests: XCTestCase {
    var endpoint: TestTokenEndpoint!
    var registry: TestRegistry!

    let schema = RegistrySchema(text: #"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}"#)

    func start(lifetime: Duration) async throws {
        endpoint = try await TestTokenEndpoint.start(clientID: "orders-service", clientSecret: "s3cret/+=", lifetime: lifetime)
        let endpoint = endpoint!
        registry = try await TestRegistry.start(bearerAuthenticator: BearerAuthenticator { endpoint.isValid($0) })
    }

    override func tearDown() async throws {
        await registry?.stop()
        await endpoint?.stop()
    }

    func client(secret: String = "s3cret/+=", scope: String? = "schema_registry", refreshMargin: Duration = .seconds(60)) -> SchemaRegistryClient {
        let credentials = OAuthClientCredentials(
            tokenEndpoint: endpoint.url, clientID: "orders-service", clientSecret: secret, scope: scope, refreshMargin: refreshMargin)
        return SchemaRegistryClient(configuration: .init(urls: [registry.url], authentication: .oauth(credentials), retry: .init(maximumAttempts: 1)))
    }

    func testOneTokenServesManyRequests() async throws {
        try await start(lifetime: .seconds(3600))
        let client = client()
        let id = try await client.register(schema, subject: "orders-value")
        for _ in 0..<20 { _ = try await client.versions(of: "orders-value") }
        // Concurrent first requests of a new client share one token request too.
        let second = self.client()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 { group.addTask { _ = try await second.subjects() } }
            try await group.waitForAll()
        }
        XCTAssertEqual(id, 1)
        XCTAssertEqual(endpoint.requestBodies, Array(repeating: "grant_type=client_credentials&scope=schema_registry", count: 2))
    }

    func testTokensAreReplacedBeforeTheyExpire() async throws {
        // Tokens live 2 s; with a 1 s margin the client replaces each after 1 s, so none expires in use.
        try await start(lifetime: .seconds(2))
        let client = client(scope: nil, refreshMargin: .seconds(1))
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(3500)
        var calls = 0
        while clock.now < end {
            _ = try await client.subjects()
            calls += 1
            try await Task.sleep(for: .milliseconds(100))
        }
        // Events, not wall time: the registry never met an expired token, and the client replaced
        // its token while using it (the first one had expired before the loop ended).
        let fetched = endpoint.requestBodies
        XCTAssertEqual(endpoint.refusals, 0, "a token was used after it expired")
        XCTAssertGreaterThanOrEqual(fetched.count, 2, "the token was replaced")
        XCTAssertLessThanOrEqual(fetched.count, calls, "at most one token request per call")
        XCTAssertEqual(Set(fetched), ["grant_type=client_credentials"], "no scope sent when none is configured")
    }

    func testARevokedTokenIsReplacedOnceThenTheCallSucceeds() async throws {
        try await start(lifetime: .seconds(3600))
        let client = client()
        _ = try await client.subjects()
        endpoint.revokeAll()
        let subjects = try await client.subjects()
        XCTAssertEqual(subjects, [])
        XCTAssertEqual(endpoint.requestBodies.count, 2)
    }

    func testAWrongSecretIsATypedErrorNamingTheEndpoint() async throws {
        try await start(lifetime: .seconds(3600))
        do {
            _ = try await client(secret: "not-the-secret-x9").subjects()
            XCTFail("a wrong client secret obtained a token")
        } catch {
            guard case let .authentication(message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains(endpoint.url), message)
            XCTAssertTrue(message.contains("HTTP 401 (invalid_client"), message)
            XCTAssertFalse(message.contains("not-the-secret-x9"), "the secret must not appear in errors: \(message)")
        }
    }

    func testWithoutATokenTheRegistryRefuses() async throws {
        try await start(lifetime: .seconds(3600))
        let anonymous = SchemaRegistryClient(configuration: .init(urls: [registry.url], retry: .init(maximumAttempts: 1)))
        do {
            _ = try await anonymous.subjects()
            XCTFail("the registry served a request without a token")
        } catch {
            XCTAssertEqual(error.status, 401)
        }
    }
}
