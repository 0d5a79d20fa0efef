import Synchronization

/// A cache where concurrent misses for one key share a single load, so a hundred serializers
/// starting at once make one registry request, and a warm lookup is a lock and a dictionary read.
final class SingleFlightCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// Expiry is kept as a `Duration` since ``epoch``: `ContinuousClock.Instant` is a resilient
    /// type, so an entry holding one was copied and matched through runtime value witnesses on
    /// every warm lookup (a fifth of its time).
    private enum Entry {
        case ready(Value, expires: Duration?)
        case loading(Task<Result<Value, RegistryClientError>, Never>)
    }

    private enum Action {
        case hit(Value)
        case wait(Task<Result<Value, RegistryClientError>, Never>)
    }

    private let entries = Mutex<[Key: Entry]>([:])
    private let epoch = ContinuousClock.now

    private func now() -> Duration { ContinuousClock.now - epoch }

    /// The cached value, when present and fresh, without suspending.
    func cachedValue(for key: Key) -> Value? {
        entries.withLock { entries in
            guard case let .ready(value, expires)? = entries[key] else { return nil }
            if let expires, expires < now() { return nil }
            return value
        }
    }

    /// The value for `key`: cached, or loaded once however many callers ask at the same time.
    /// Failures are not cached. `ttl` nil keeps the value forever.
    func value(
        for key: Key, ttl: Duration? = nil, load: @escaping @Sendable () async throws(RegistryClientError) -> Value
    ) async throws(RegistryClientError) -> Value {
        try await value(for: key) { () throws(RegistryClientError) in (try await load(), ttl) }
    }

    /// As above, for values whose lifetime is known only once loaded (an OAuth token's `expires_in`).
    func value(
        for key: Key, load: @escaping @Sendable () async throws(RegistryClientError) -> (Value, ttl: Duration?)
    ) async throws(RegistryClientError) -> Value {
        let action: Action = entries.withLock { entries in
            switch entries[key] {
            case let .ready(value, expires)? where expires.map({ $0 >= now() }) ?? true:
                return .hit(value)
            case let .loading(task)?:
                return .wait(task)
            default:
                let task = Task { [self] in
                    let result: Result<(Value, ttl: Duration?), RegistryClientError>
                    do throws(RegistryClientError) { result = .success(try await load()) } catch { result = .failure(error) }
                    self.entries.withLock { entries in
                        switch result {
                        case let .success((value, ttl)): entries[key] = .ready(value, expires: ttl.map { self.now() + $0 })
                        case .failure: entries[key] = nil
                        }
                    }
                    return result.map(\.0)
                }
                entries[key] = .loading(task)
                return .wait(task)
            }
        }
        let task: Task<Result<Value, RegistryClientError>, Never>
        switch action {
        case let .hit(value): return value
        case let .wait(waiting): task = waiting
        }
        return try await task.value.get()
    }

    /// Stores a value learned another way (a register response also tells the id's schema).
    func store(_ value: Value, for key: Key, ttl: Duration? = nil) {
        let expires = ttl.map { now() + $0 }
        entries.withLock { $0[key] = .ready(value, expires: expires) }
    }

    /// Forgets `key` (after a delete).
    func remove(_ key: Key) {
        entries.withLock { _ = $0.removeValue(forKey: key) }
    }
}
