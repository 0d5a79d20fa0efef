internal import CCurl
import Foundation
import Synchronization

/// HTTP over libcurl's multi interface on one dedicated thread, so that any number of registry
/// requests share connections and none of them blocks Swift's cooperative pool.
///
/// The only file that calls libcurl. Each transfer's easy handle and header list are created when
/// the loop thread adds it and freed when it completes, exactly once; the multi handle lives for the
/// process, like the thread.
final class CurlTransport: Sendable {
    /// The process-wide transport (libcurl's global state is per process too).
    static let shared = CurlTransport()

    /// The largest response body accepted; a larger one fails instead of exhausting memory.
    static let maximumResponseBytes = 64 << 20

    private let multi: MultiHandle
    private let pending = Mutex<[Transfer]>([])

    private init() {
        curl_global_init(Int(CURL_GLOBAL_ALL))
        multi = MultiHandle()
        let thread = Thread { [self] in self.loop() }
        thread.name = "schemawire.curl"
        thread.start()
    }

    /// Sends `request` and resumes when the whole response has arrived.
    func perform(_ request: HTTPRequest) async throws(TransportFailure) -> HTTPResponse {
        let result: Result<HTTPResponse, TransportFailure> = await withCheckedContinuation { continuation in
            pending.withLock { $0.append(Transfer(request: request, continuation: continuation)) }
            curl_multi_wakeup(multi.pointer)
        }
        return try result.get()
    }

    /// The loop thread: adds new transfers, drives libcurl, and completes finished transfers.
    private func loop() {
        var active: [UnsafeMutableRawPointer: Transfer] = [:]
        while true {
            for transfer in pending.withLock({ queue in defer { queue.removeAll() }; return queue }) {
                if let failure = transfer.start() {
                    transfer.finish(Result.failure(failure))
                    continue
                }
                guard let easy = transfer.easy else { continue }
                curl_multi_add_handle(multi.pointer, easy)
                active[easy] = transfer
            }
            var running: Int32 = 0
            curl_multi_perform(multi.pointer, &running)
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi.pointer, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                    let transfer = active.removeValue(forKey: easy)
                else { continue }
                let code = message.pointee.data.result
                curl_multi_remove_handle(multi.pointer, easy)
                transfer.complete(code: code)
            }
            curl_multi_poll(multi.pointer, nil, 0, 1000, nil)
        }
    }
}

/// The multi handle, shared between the loop thread and `curl_multi_wakeup` (which is thread-safe).
private final class MultiHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer

    init() {
        guard let handle = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        pointer = handle
    }
}

/// One request in flight: its easy handle, headers, response buffer and the continuation to resume.
/// Touched only by the loop thread once queued.
private final class Transfer: @unchecked Sendable {
    let request: HTTPRequest
    let continuation: CheckedContinuation<Result<HTTPResponse, TransportFailure>, Never>
    private(set) var easy: UnsafeMutableRawPointer?
    private var headers: UnsafeMutablePointer<curl_slist>?
    /// libcurl writes error details here; it must stay put for the transfer's life, so it is
    /// allocated, not an array.
    private let errorBuffer: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        return buffer
    }()
    private var response: [UInt8] = []
    private var overflowed = false

    init(request: HTTPRequest, continuation: CheckedContinuation<Result<HTTPResponse, TransportFailure>, Never>) {
        self.request = request
        self.continuation = continuation
    }

    deinit {
        errorBuffer.deallocate()
    }

    /// Creates and configures the easy handle; a failure here never reaches libcurl's multi handle.
    func start() -> TransportFailure? {
        guard let handle = curl_easy_init() else { return TransportFailure(code: -1, message: "curl_easy_init failed") }
        easy = handle
        var failed: CURLcode = CURLE_OK
        func set(_ option: CURLoption, _ value: Int) { if failed == CURLE_OK { failed = swcurl_setopt_long(handle, option, value) } }
        func set(_ option: CURLoption, _ value: String) { if failed == CURLE_OK { failed = swcurl_setopt_string(handle, option, value) } }

        set(CURLOPT_URL, request.url)
        set(CURLOPT_CUSTOMREQUEST, request.method)
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_TIMEOUT_MS, Int(request.timeout.components.seconds * 1000 + request.timeout.components.attoseconds / 1_000_000_000_000_000))
        set(CURLOPT_CONNECTTIMEOUT_MS, 5000)
        set(CURLOPT_FOLLOWLOCATION, 0)
        set(CURLOPT_SSL_VERIFYPEER, request.tls.verify ? 1 : 0)
        set(CURLOPT_SSL_VERIFYHOST, request.tls.verify ? 2 : 0)
        if let caFile = request.tls.caFile { set(CURLOPT_CAINFO, caFile) }
        if let certificateFile = request.tls.certificateFile { set(CURLOPT_SSLCERT, certificateFile) }
        if let keyFile = request.tls.keyFile { set(CURLOPT_SSLKEY, keyFile) }
        if let body = request.body {
            set(CURLOPT_POSTFIELDSIZE, body.count)
            if failed == CURLE_OK {
                failed = body.withUnsafeBytes { swcurl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress?.assumingMemoryBound(to: CChar.self)) }
            }
        }
        for header in request.headers { headers = curl_slist_append(headers, "\(header.name): \(header.value)") }
        if failed == CURLE_OK { failed = swcurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headers.map(UnsafeMutableRawPointer.init)) }
        if failed == CURLE_OK { failed = swcurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer) }
        if failed == CURLE_OK { failed = swcurl_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(self).toOpaque()) }
        if failed == CURLE_OK { failed = swcurl_setopt_write_function(handle, Transfer.write) }
        guard failed == CURLE_OK else {
            release()
            return TransportFailure(code: Int32(failed.rawValue), message: String(cString: curl_easy_strerror(failed)))
        }
        return nil
    }

    /// libcurl's write callback: appends body bytes, refusing more than the response limit.
    private static let write: swcurl_write_callback = { data, size, count, context in
        guard let data, let context else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        guard transfer.response.count + length <= CurlTransport.maximumResponseBytes else {
            transfer.overflowed = true
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: length) { transfer.response.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
        return length
    }

    /// Called by the loop thread when libcurl has finished the transfer.
    func complete(code: CURLcode) {
        guard let easy else { return }
        if code == CURLE_OK {
            var status = 0
            _ = swcurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            let body = response
            release()
            finish(.success(HTTPResponse(status: status, body: body)))
        } else {
            let detail = String(cString: errorBuffer)
            let message = overflowed
                ? "response larger than \(CurlTransport.maximumResponseBytes) bytes"
                : (detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
            release()
            finish(.failure(TransportFailure(code: Int32(code.rawValue), message: message)))
        }
    }

    func finish(_ result: Result<HTTPResponse, TransportFailure>) {
        continuation.resume(returning: result)
    }

    /// Frees the easy handle and header list, once.
    private func release() {
        if let easy { curl_easy_cleanup(easy) }
        easy = nil
        curl_slist_free_all(headers)
        headers = nil
    }
}
