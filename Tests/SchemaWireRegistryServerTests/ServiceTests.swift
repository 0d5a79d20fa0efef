import Foundation
import Logging
import SchemaWireRegistryServer
import SchemaWireTestSupport
import ServiceLifecycle
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The registry server as a service of a `ServiceGroup`: a graceful shutdown lets the request in
/// flight finish, then the listener closes.
final class ServiceTests: XCTestCase {
    func testGracefulShutdownFinishesTheRequestInFlightAndStopsListening() async throws {
        let port = try TestBroker.freePort()
        let server = try RegistryServer(configuration: .init(port: port))
        let group = ServiceGroup(configuration: .init(services: [server], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        let url = URL(string: "http://127.0.0.1:\(port)/subjects")!
        var listening = false
        for _ in 0..<200 where !listening {
            listening = (try? await URLSession.shared.data(from: url)) != nil
            if !listening { try await Task.sleep(for: .milliseconds(20)) }
        }
        XCTAssertTrue(listening, "the server never answered")

        // A registration whose body is still arriving when the shutdown begins.
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/subjects/orders-value/versions")!)
        request.httpMethod = "POST"
        request.setValue("application/vnd.schemaregistry.v1+json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"schema": "\"string\""}"#.utf8)
        let registration = Task { try await URLSession.shared.data(for: request) }
        try await Task.sleep(for: .milliseconds(5))
        let start = ContinuousClock.now
        await group.triggerGracefulShutdown()
        try await running.value
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(5))
        let (body, response) = try await registration.value
        XCTAssertEqual((response as? HTTPURLResponse)?.statusCode, 200, String(decoding: body, as: UTF8.self))
        let refused = try? await URLSession.shared.data(from: url)
        XCTAssertNil(refused, "still listening after the shutdown")
    }
}
