import Foundation
import SchemaWireCore

extension SchemaRegistryClient {
    /// Sends one registry call: fails over across URLs on network errors, retries network errors,
    /// 429 and 5xx with jittered backoff, and never retries other 4xx — except that an OAuth token
    /// the registry refuses (401) is replaced once before the call fails.
    func send(_ method: String, _ path: String, body: JSONValue? = nil) async throws(RegistryClientError) -> JSONValue {
        let first = try await authorization()
        do {
            return try await send(method, path, body: body, authorization: first)
        } catch let error where error.status == 401 {
            guard let tokenSource, case let .bearer(token)? = first else { throw error }
            tokenSource.discard(token)
            return try await send(method, path, body: body, authorization: try await authorization())
        }
    }

    /// The credentials a request carries.
    enum Authorization {
        case basic(String)
        case bearer(String)

        var header: (name: String, value: String) {
            switch self {
            case let .basic(encoded): return ("Authorization", "Basic " + encoded)
            case let .bearer(token): return ("Authorization", "Bearer " + token)
            }
        }
    }

    private func authorization() async throws(RegistryClientError) -> Authorization? {
        switch configuration.authentication {
        case .none:
            return nil
        case let .basic(user, password):
            return .basic(Data("\(user):\(password)".utf8).base64EncodedString())
        case let .bearer(provider):
            do { return .bearer(try await provider()) } catch { throw .authentication(message: "\(error)") }
        case .oauth:
            guard let tokenSource else { return nil }
            return .bearer(try await tokenSource.token())
        }
    }

    private func send(_ method: String, _ path: String, body: JSONValue?, authorization: Authorization?) async throws(RegistryClientError) -> JSONValue {
        var headers: [(name: String, value: String)] = [
            ("Accept", "application/vnd.schemaregistry.v1+json, application/json"),
            ("Content-Type", "application/vnd.schemaregistry.v1+json"),
        ]
        if let authorization { headers.append(authorization.header) }
        for (name, value) in configuration.headers { headers.append((name, value)) }
        let bytes = body.map { Array($0.serialized().utf8) }
        let urls = configuration.urls
        guard !urls.isEmpty else { throw .unreachable(message: "no registry URL configured", urls: []) }

        var lastProblem = ""
        // A DELETE is sent once: retried after an answer that was lost, it would find nothing
        // left to delete and turn the success into a 40401.
        let attempts = method == "DELETE" ? 1 : max(1, configuration.retry.maximumAttempts)
        for attempt in 1...attempts {
            if attempt > 1 {
                try? await Task.sleep(for: configuration.retry.backoff(beforeRetry: attempt - 1))
            }
            let first = preferredURLIndex % urls.count
            for offset in 0..<urls.count {
                let index = (first + offset) % urls.count
                let request = HTTPRequest(
                    method: method, url: urls[index] + path, headers: headers, body: bytes,
                    timeout: configuration.requestTimeout, tls: configuration.tls)
                countRequest()
                let response: HTTPResponse
                do {
                    response = try await transportPerform(request)
                } catch {
                    guard method != "DELETE" || error.neverReachedAServer else {
                        throw .unreachable(
                            message: "DELETE \(path): \(urls[index]) did not answer (\(error.message)); it may have deleted, so it is not sent again",
                            urls: urls)
                    }
                    // Network failure: try the next URL now, and this one again on the next attempt.
                    lastProblem = "\(urls[index]): \(error.message)"
                    continue
                }
                preferURL(index)
                if (200..<300).contains(response.status) {
                    guard !response.body.isEmpty else { return .null }
                    do { return try JSONValue(parsing: response.body) } catch {
                        throw .invalidResponse(message: "\(error)", path: path)
                    }
                }
                let (code, message) = Self.errorDetails(response)
                if response.status == 429 || response.status >= 500 {
                    lastProblem = "\(urls[index]): HTTP \(response.status) \(message)"
                    break
                }
                throw .registry(status: response.status, code: code, message: message, path: path)
            }
        }
        throw .unreachable(message: "\(method) \(path) failed after \(attempts) attempt(s); last: \(lastProblem)", urls: urls)
    }

    static func errorDetails(_ response: HTTPResponse) -> (code: Int, message: String) {
        if let json = try? JSONValue(parsing: response.body), let object = json.objectValue {
            let code = object["error_code"]?.int64Value.flatMap { Int(exactly: $0) } ?? response.status
            return (code, object["message"]?.stringValue ?? json.serialized())
        }
        return (response.status, String(decoding: response.body.prefix(200), as: UTF8.self))
    }
}
