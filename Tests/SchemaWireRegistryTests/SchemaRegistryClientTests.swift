import Foundation
import SchemaWireCore
import SchemaWireRegistry
import SchemaWireRegistryServer
import SchemaWireTestSupport
import XCTest

/// The libcurl client against a real registry (`SchemaWireRegistryServer`) over HTTP on loopback.
final class SchemaRegistryClientTests: RegistryTestCase {
    let v1 = RegistrySchema(text: #"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}"#)
    let v2 = RegistrySchema(text: #"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}, {"name": "note", "type": ["null", "string"], "default": null}]}"#)
    let breaking = RegistrySchema(text: #"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}]}"#)

    func client(_ urls: [String]? = nil, retry: RegistryClientConfiguration.Retry = .init(initialBackoff: .milliseconds(5))) -> SchemaRegistryClient {
        SchemaRegistryClient(configuration: .init(urls: urls ?? [registry.url], retry: retry))
    }

    func testTheWholeAPI() async throws {
        let client = client()
        let id = try await client.register(v1, subject: "orders-value")
        let actual1 = try await client.schema(id: id)
        XCTAssertEqual(actual1, v1)
        let secondID = try await client.register(v2, subject: "orders-value")
        XCTAssertNotEqual(id, secondID)
        let latest = try await client.latest(subject: "orders-value")
        XCTAssertEqual(latest.version, 2)
        XCTAssertEqual(latest.id, secondID)
        let looked = try await client.lookup(v1, subject: "orders-value")
        XCTAssertEqual(looked.version, 1)
        let subjects = try await client.subjects()
        XCTAssertEqual(subjects, ["orders-value"])
        let versions = try await client.versions(of: "orders-value")
        XCTAssertEqual(versions, [1, 2])
        let test = try await client.testCompatibility(breaking, subject: "orders-value")
        XCTAssertFalse(test.isCompatible)
        XCTAssertFalse(test.messages.isEmpty)
        try await client.setCompatibilityLevel(.full, subject: "orders-value")
        let level = try await client.compatibilityLevel(subject: "orders-value")
        XCTAssertEqual(level, .full)
        let removed = try await client.deleteCompatibilityLevel(subject: "orders-value")
        XCTAssertEqual(removed, .full)
        let global = try await client.compatibilityLevel()
        XCTAssertEqual(global, .backward)
        try await client.setMode("READONLY", subject: "frozen")
        let mode = try await client.mode(subject: "frozen")
        XCTAssertEqual(mode, "READONLY")
        let deletedVersion = try await client.deleteVersion(.number(1), of: "orders-value")
        XCTAssertEqual(deletedVersion, 1)
        let deleted = try await client.deleteSubject("orders-value")
        XCTAssertEqual(deleted, [2])
        let permanently = try await client.deleteSubject("orders-value", permanent: true)
        XCTAssertEqual(permanently, [1, 2])
    }

    func testRegistryErrorsAreTypedWithTheirCodes() async throws {
        let client = client()
        do {
            _ = try await client.schema(id: 4242)
            XCTFail("expected 40403")
        } catch {
            XCTAssertEqual(error.code, 40403)
            guard case let .registry(status, _, _, path) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(status, 404)
            XCTAssertEqual(path, "/schemas/ids/4242")
        }
        do {
            _ = try await client.latest(subject: "missing")
            XCTFail("expected 40401")
        } catch {
            XCTAssertEqual(error.code, 40401)
        }
    }

    func testWarmCachesMakeNoRequests() async throws {
        let client = client()
        let id = try await client.register(v1, subject: "s")
        _ = try await client.version(.number(1), of: "s")
        _ = try await client.latest(subject: "s")
        let before = client.requestCount
        for _ in 0..<10_000 {
            _ = try await client.schema(id: id)
            _ = try await client.register(v1, subject: "s")
            _ = try await client.id(of: v1, subject: "s")
            _ = try await client.version(.number(1), of: "s")
            _ = try await client.latest(subject: "s")
        }
        XCTAssertEqual(client.requestCount, before, "a warm client must not touch the network")
    }

    func testConcurrentMissesMakeOneRequest() async throws {
        let id = try await client().register(v1, subject: "s")
        let cold = client()
        let schemas = try await withThrowingTaskGroup(of: RegistrySchema.self) { group in
            for _ in 0..<100 { group.addTask { try await cold.schema(id: id) } }
            var all: [RegistrySchema] = []
            for try await schema in group { all.append(schema) }
            return all
        }
        XCTAssertEqual(schemas.count, 100)
        // The registry answers with its stored (compact) form of the schema, the same for everyone.
        XCTAssertEqual(Set(schemas).count, 1)
        XCTAssertTrue(schemas[0].text.contains(#""name":"Order""#), schemas[0].text)
        XCTAssertEqual(cold.requestCount, 1)
    }

    func testFailsOverToTheNextURL() async throws {
        let client = client(["http://127.0.0.1:1", registry.url])
        let id = try await client.register(v1, subject: "s")
        XCTAssertGreaterThan(id, 0)
        let afterFirst = client.requestCount
        // The working URL is preferred from now on: one request, no detour.
        _ = try await client.versions(of: "s")
        XCTAssertEqual(client.requestCount, afterFirst + 1)
    }

    func testUnreachableRegistriesFailAfterTheRetries() async throws {
        let client = client(["http://127.0.0.1:1", "http://127.0.0.1:2"], retry: .init(maximumAttempts: 2, initialBackoff: .milliseconds(1)))
        do {
            _ = try await client.subjects()
            XCTFail("expected unreachable")
        } catch {
            guard case let .unreachable(_, urls) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(urls.count, 2)
        }
        XCTAssertEqual(client.requestCount, 4)
    }

    func testRetriesServerErrorsThenSucceeds() async throws {
        let proxy = try await FaultInjectingProxy.start(target: registry.url, failures: [503, 429])
        let client = client([proxy.url])
        let subjects = try await client.subjects()
        let proxied = proxy.requestCount
        await proxy.stop()
        XCTAssertEqual(subjects, [])
        XCTAssertEqual(proxied, 3)
        XCTAssertEqual(client.requestCount, 3)
    }

    func testNeverRetriesClientErrors() async throws {
        let client = client()
        do {
            _ = try await client.register(RegistrySchema(text: "{not a schema"), subject: "s", enforceCompatibility: false)
            XCTFail("expected 42201")
        } catch {
            XCTAssertEqual(error.code, 42201)
        }
        XCTAssertEqual(client.requestCount, 1)
    }

    func testRefusesIncompatibleSchemasEvenWhenTheRegistryWouldAccept() async throws {
        let client = client()
        _ = try await client.register(v1, subject: "s")
        try await client.setCompatibilityLevel(.none, subject: "s")
        do {
            _ = try await client.register(breaking, subject: "s")
            XCTFail("expected a refusal")
        } catch {
            guard case let .incompatible(subject, level, incompatibilities) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(subject, "s")
            XCTAssertEqual(level, .backward)
            XCTAssertEqual(incompatibilities.map(\.kind), [.typeMismatch])
            XCTAssertEqual(incompatibilities.first?.path, "/fields/0/type")
        }
        let actual2 = try await client.versions(of: "s")
        XCTAssertEqual(actual2, [1])
        // Opting out is explicit.
        _ = try await client.register(breaking, subject: "s", enforceCompatibility: false)
        let actual3 = try await client.versions(of: "s")
        XCTAssertEqual(actual3, [1, 2])
    }

    func testStricterSubjectLevelsAreEnforcedToo() async throws {
        let client = client()
        let optional = RegistrySchema(text: #"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}, {"name": "n", "type": ["null", "int"], "default": null}]}"#)
        _ = try await client.register(optional, subject: "s")
        try await client.setCompatibilityLevel(.forward, subject: "s")
        // Dropping a field with a default is BACKWARD and FORWARD compatible...
        _ = try await client.register(v1, subject: "s")
        // ...but adding a required field breaks FULL (old readers can read it, new can't read old).
        try await client.setCompatibilityLevel(.fullTransitive, subject: "s")
        let required = RegistrySchema(text: #"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}, {"name": "must", "type": "int"}]}"#)
        do {
            _ = try await client.register(required, subject: "s")
            XCTFail("expected a refusal")
        } catch {
            guard case let .incompatible(_, level, incompatibilities) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(level, .fullTransitive)
            XCTAssertTrue(incompatibilities.contains { $0.kind == .readerFieldMissingDefaultValue })
        }
    }

    func testReferencesAreResolvedForTheLocalCheck() async throws {
        let client = client()
        let address = RegistrySchema(text: #"{"type": "record", "name": "com.example.Address", "fields": [{"name": "city", "type": "string"}]}"#)
        _ = try await client.register(address, subject: "address")
        let reference = SchemaReference(name: "com.example.Address", subject: "address", version: 1)
        let customer = RegistrySchema(text: #"{"type": "record", "name": "com.example.Customer", "fields": [{"name": "home", "type": "com.example.Address"}]}"#, references: [reference])
        let id = try await client.register(customer, subject: "customer")
        let actual4 = try await client.schema(id: id).references
        XCTAssertEqual(actual4, [reference])
        let grown = RegistrySchema(text: #"{"type": "record", "name": "com.example.Customer", "fields": [{"name": "home", "type": "com.example.Address"}, {"name": "vip", "type": "boolean"}]}"#, references: [reference])
        do {
            _ = try await client.register(grown, subject: "customer")
            XCTFail("expected a refusal")
        } catch {
            guard case .incompatible = error else { return XCTFail("\(error)") }
        }
    }

    /// A registry (here a corrupting proxy) whose references loop cannot send the client into an
    /// endless walk: the cycle is a typed error that spells it out. Shared references are fetched once.
    func testReferenceCyclesAreRefusedAndDiamondsFetchedOnce() async throws {
        let direct = client()
        let money = RegistrySchema(text: #"{"type": "record", "name": "shop.Money", "fields": [{"name": "units", "type": "long"}]}"#)
        _ = try await direct.register(money, subject: "money")
        let moneyReference = SchemaReference(name: "shop.Money", subject: "money", version: 1)
        let line = RegistrySchema(text: #"{"type": "record", "name": "shop.Line", "fields": [{"name": "price", "type": "shop.Money"}]}"#, references: [moneyReference])
        _ = try await direct.register(line, subject: "line")
        let lineReference = SchemaReference(name: "shop.Line", subject: "line", version: 1)
        // Order uses Money directly and through Line: a diamond.
        let order = RegistrySchema(
            text: #"{"type": "record", "name": "shop.Order", "fields": [{"name": "line", "type": "shop.Line"}, {"name": "total", "type": "shop.Money"}]}"#,
            references: [lineReference, moneyReference])
        let counting = try await FaultInjectingProxy.start(target: registry.url, failures: [])
        let viaProxy = client([counting.url])
        _ = try await viaProxy.register(order, subject: "order")
        let fetchedMoney = counting.requestPaths.filter { $0 == "/subjects/money/versions/1" }.count
        await counting.stop()
        XCTAssertEqual(fetchedMoney, 1, "Money is fetched once though two paths lead to it")

        // Money's answer now claims to reference Line, which references Money: a loop.
        let cyclic = try await FaultInjectingProxy.start(target: registry.url, failures: []) { path, body in
            guard path == "/subjects/money/versions/1", var object = try? JSONValue(parsing: Array(body)).objectValue else { return body }
            object["references"] = .array([lineReference.jsonValue])
            return Data(JSONValue.object(object).serialized().utf8)
        }
        let hostile = client([cyclic.url])
        do {
            _ = try await hostile.localCompatibility(of: order, subject: "order")
            XCTFail("a reference cycle was followed")
        } catch {
            guard case let .invalidSchema(message, subject) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(message, "schema references form a cycle: line version 1 → money version 1 → line version 1")
            XCTAssertEqual(subject, "order")
        }
        await cyclic.stop()
    }

    func testSubjectsAreURLEncoded() async throws {
        let client = client()
        let subject = "team/orders value-한글"
        _ = try await client.register(v1, subject: subject)
        let actual5 = try await client.subjects()
        XCTAssertEqual(actual5, [subject])
        let actual6 = try await client.latest(subject: subject).subject
        XCTAssertEqual(actual6, subject)
    }

    func testBasicAuthAndTLSAgainstASecuredRegistry() async throws {
        let certificate = try TestCertificate()
        defer { certificate.remove() }
        let secured = try await TestRegistry.start(
            authenticator: BasicAuthenticator(users: ["ci": "s3cret"]), tls: (certificate.certificatePath, certificate.keyPath))
        let tls = RegistryClientConfiguration.TLS(caFile: certificate.certificatePath)
        let good = SchemaRegistryClient(configuration: .init(urls: [secured.url], authentication: .basic(user: "ci", password: "s3cret"), tls: tls))
        let wrongPassword = SchemaRegistryClient(configuration: .init(urls: [secured.url], authentication: .basic(user: "ci", password: "x"), tls: tls))
        let untrusting = SchemaRegistryClient(configuration: .init(urls: [secured.url], authentication: .basic(user: "ci", password: "s3cret"), retry: .init(maximumAttempts: 1)))
        let registered = try await good.register(v1, subject: "s")
        var wrongCode: Int?
        do { _ = try await wrongPassword.subjects() } catch { wrongCode = error.code }
        var untrusted: RegistryClientError?
        do { _ = try await untrusting.subjects() } catch { untrusted = error }
        await secured.stop()
        XCTAssertEqual(registered, 1)
        XCTAssertEqual(wrongCode, 40101)
        guard case .unreachable? = untrusted else { return XCTFail("an unverified certificate must fail: \(String(describing: untrusted))") }
    }

    func testBearerTokensAreSent() async throws {
        let proxy = try await FaultInjectingProxy.start(target: registry.url, failures: [])
        let client = SchemaRegistryClient(configuration: .init(urls: [proxy.url], authentication: .bearer(token: "t0ken")))
        _ = try await client.subjects()
        let headers = proxy.authorizationHeaders
        await proxy.stop()
        XCTAssertEqual(headers, ["Bearer t0ken"])
    }

    func testSubjectNameStrategies() {
        XCTAssertEqual(SubjectNameStrategy.topicName.subject(topic: "orders", isKey: false, recordName: "com.x.Order"), "orders-value")
        XCTAssertEqual(SubjectNameStrategy.topicName.subject(topic: "orders", isKey: true, recordName: nil), "orders-key")
        XCTAssertEqual(SubjectNameStrategy.recordName.subject(topic: "orders", isKey: false, recordName: "com.x.Order"), "com.x.Order")
        XCTAssertEqual(SubjectNameStrategy.topicRecordName.subject(topic: "orders", isKey: false, recordName: "com.x.Order"), "orders-com.x.Order")
    }
}

/// The client's failure paths: what it retries, what it remembers, what it prints.
final class RegistryClientFaultTests: RegistryTestCase {
    let v1 = RegistrySchema(text: #"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}"#)

    /// A DELETE whose answer is lost is not sent again: the second one would find the subject
    /// gone and turn the success into 40401.
    func testDeletesAreSentOnce() async throws {
        let setup = SchemaRegistryClient(configuration: .init(url: registry.url))
        _ = try await setup.register(v1, subject: "gone")
        let proxy = try await FaultInjectingProxy.start(target: registry.url, failures: [503], afterForwarding: true)
        let client = SchemaRegistryClient(configuration: .init(urls: [proxy.url], retry: .init(initialBackoff: .milliseconds(1))))
        do {
            _ = try await client.deleteSubject("gone")
            XCTFail("the lost answer is reported")
        } catch {
            XCTAssertNotEqual(error.code, 40401, "\(error)")
        }
        let sent = proxy.requestCount
        await proxy.stop()
        XCTAssertEqual(sent, 1)
        let subjects = try await setup.subjects()
        XCTAssertEqual(subjects, [], "the delete happened")
    }

    /// An id the registry does not know is asked for once per cache lifetime, however many
    /// records name it; with no lifetime, every time.
    func testUnknownIdsAreRememberedForAWhile() async throws {
        let remembering = SchemaRegistryClient(configuration: .init(urls: [registry.url], unknownSchemaCacheTTL: .seconds(60)))
        let forgetting = SchemaRegistryClient(configuration: .init(urls: [registry.url], unknownSchemaCacheTTL: .zero))
        for client in [remembering, forgetting] {
            for _ in 0..<20 {
                do {
                    _ = try await client.schema(id: 987_654)
                    XCTFail("no such schema")
                } catch {
                    XCTAssertEqual(error.code, 40403)
                }
            }
        }
        XCTAssertEqual(remembering.requestCount, 1)
        XCTAssertEqual(forgetting.requestCount, 20)
        // A known id is unaffected.
        let id = try await remembering.register(v1, subject: "s")
        let schema = try await remembering.schema(id: id)
        XCTAssertEqual(schema, v1)
    }

    /// Zero attempts set after initialization is one attempt, not a trap.
    func testZeroAttemptsIsOneAttempt() async throws {
        var retry = RegistryClientConfiguration.Retry()
        retry.maximumAttempts = 0
        let client = SchemaRegistryClient(configuration: .init(urls: ["http://127.0.0.1:1"], retry: retry))
        do {
            _ = try await client.subjects()
            XCTFail("unreachable")
        } catch {
            guard case .unreachable = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(client.requestCount, 1)
    }

    /// No printed, debug-printed or dumped configuration shows a secret.
    func testConfigurationsNeverPrintSecrets() {
        let secrets = ["hunter2-password", "client-secret-42", "bearer-token-7", "header-api-key-9"]
        let configurations = [
            RegistryClientConfiguration(
                urls: ["https://r"], authentication: .basic(user: "alice", password: secrets[0]), headers: ["X-API-Key": secrets[3]]),
            RegistryClientConfiguration(
                urls: ["https://r"],
                authentication: .oauth(OAuthClientCredentials(tokenEndpoint: "https://idp/token", clientID: "app", clientSecret: secrets[1]))),
            RegistryClientConfiguration(urls: ["https://r"], authentication: .bearer(token: secrets[2])),
        ]
        for configuration in configurations {
            var dumped = ""
            dump(configuration, to: &dumped)
            for text in [String(describing: configuration), String(reflecting: configuration), dumped] {
                for secret in secrets { XCTAssertFalse(text.contains(secret), text) }
                XCTAssertTrue(text.contains("https://r"), text)
            }
            for secret in secrets { XCTAssertFalse("\(configuration.authentication)".contains(secret)) }
        }
        XCTAssertTrue(String(describing: configurations[0]).contains("alice"))
    }
}
