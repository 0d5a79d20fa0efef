import Foundation
import Hummingbird
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A loopback HTTP proxy in front of a real registry that fails the first requests on purpose
/// (503, 429, …), can corrupt answers, and records the headers it saw: fault injection for retry,
/// auth and hostile-registry tests, the way librdkafka's mock cluster is for Kafka. Every request
/// it does not fail reaches the registry.
public final class FaultInjectingProxy: Sendable {
    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)" }
    private let state: State
    private let task: Task<Void, any Error>

    final class State: Sendable {
        let failuresLeft: Mutex<[Int]>
        let seen = Mutex<[String]>([])
        let paths = Mutex<[String]>([])
        let requests = Atomic<Int>(0)
        init(failures: [Int]) { failuresLeft = Mutex(failures) }
    }

    private init(port: Int, state: State, task: Task<Void, any Error>) {
        self.port = port
        self.state = state
        self.task = task
    }

    /// Starts a proxy to `target` that answers its first requests with `failures` (HTTP statuses),
    /// in order, then forwards, passing each answer body through `rewrite` (given the request path).
    /// With `afterForwarding`, the failed requests reach the registry first: their answers, not
    /// the requests, are lost.
    public static func start(
        target: String, failures: [Int], afterForwarding: Bool = false,
        rewrite: @escaping @Sendable (_ path: String, _ body: Data) -> Data = { _, body in body }
    ) async throws -> FaultInjectingProxy {
        let state = State(failures: failures)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            state.requests.wrappingAdd(1, ordering: .relaxed)
            state.seen.withLock { $0.append(request.headers[.authorization] ?? "") }
            state.paths.withLock { $0.append(request.uri.path) }
            let failure: Int? = state.failuresLeft.withLock { failures in failures.isEmpty ? nil : failures.removeFirst() }
            func injected(_ status: Int) -> Response {
                Response(
                    status: .init(code: status),
                    body: .init(byteBuffer: ByteBuffer(string: #"{"error_code": \#(status == 429 ? 42901 : 50001), "message": "injected fault"}"#)))
            }
            if let failure, !afterForwarding { return injected(failure) }
            var forwarded = URLRequest(url: URL(string: target + request.uri.string)!)
            forwarded.httpMethod = request.method.rawValue
            forwarded.setValue("application/json", forHTTPHeaderField: "Content-Type")
            let body = try await request.body.collect(upTo: 1 << 20)
            if body.readableBytes > 0 { forwarded.httpBody = Data(body.readableBytesView) }
            let (data, response) = try await URLSession.shared.data(for: forwarded)
            if let failure { return injected(failure) }
            return Response(
                status: .init(code: (response as? HTTPURLResponse)?.statusCode ?? 502),
                body: .init(byteBuffer: ByteBuffer(bytes: rewrite(request.uri.path, data))))
        }
        let (port, task) = try await LoopbackHTTPServer.start(label: "schemawire.test-proxy", responder)
        return FaultInjectingProxy(port: port, state: state, task: task)
    }

    /// Requests that reached the proxy (failed or forwarded).
    public var requestCount: Int { state.requests.load(ordering: .relaxed) }

    /// The Authorization header of each request, in order ("" when absent).
    public var authorizationHeaders: [String] { state.seen.withLock { $0 } }

    /// The path of each request, in order.
    public var requestPaths: [String] { state.paths.withLock { $0 } }

    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
