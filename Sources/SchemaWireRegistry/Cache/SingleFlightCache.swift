import CoreMetrics
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
        /// A failure remembered for a while (an id the registry does not know), so that a stream
        /// of records naming it costs one request, not one each.
        case failed(RegistryClientError, expires: Duration)
    }

    /// The most failures remembered at once; past it they are all forgotten (an attacker naming
    /// a new unknown id in every record cannot grow the cache without bound).
    static var maximumFailures: Int { 4096 }

    private enum Action {
        case hit(Value)
        case fail(RegistryClientError)
        case wait(Task<Result<Value, RegistryClientError>, Never>)
        /// The load this caller started (the others wait on it).
        case load(Task<Result<Value, RegistryClientError>, Never>)
    }

    private let entries = Mutex<[Key: Entry]>([:])
    /// `schemawire_registry_client_cache` [`cache`, `outcome`]: answers from the cache (`hit`,
    /// `remembered-failure`) and loads (`miss`, counted once per load however many wait for it).
    private let hits: Counter
    private let misses: Counter
    private let rememberedFailures: Counter

    init(name: String, metrics: any MetricsFactory) {
        func counter(_ outcome: String) -> Counter {
            Counter(label: "schemawire_registry_client_cache", dimensions: [("cache", name), ("outcome", outcome)], factory: metrics)
        }
        (hits, misses, rememberedFailures) = (counter("hit"), counter("miss"), counter("remembered-failure"))
    }
    private let failures = Mutex<Int>(0)
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
    /// `ttl` nil keeps the value forever. A failure is remembered for what `failureTTL` answers
    /// for it (by default, not at all).
    func value(
        for key: Key, ttl: Duration? = nil, failureTTL: @escaping @Sendable (RegistryClientError) -> Duration? = { _ in nil },
        load: @escaping @Sendable () async throws(RegistryClientError) -> Value
    ) async throws(RegistryClientError) -> Value {
        try await value(for: key, failureTTL: failureTTL) { () throws(RegistryClientError) in (try await load(), ttl) }
    }

    /// As above, for values whose lifetime is known only once loaded (an OAuth token's `expires_in`).
    func value(
        for key: Key, failureTTL: @escaping @Sendable (RegistryClientError) -> Duration? = { _ in nil },
        load: @escaping @Sendable () async throws(RegistryClientError) -> (Value, ttl: Duration?)
    ) async throws(RegistryClientError) -> Value {
        let action: Action = entries.withLock { entries in
            switch entries[key] {
            case let .ready(value, expires)? where expires.map({ $0 >= now() }) ?? true:
                return .hit(value)
            case let .failed(error, expires)? where expires >= now():
                return .fail(error)
            case let .loading(task)?:
                return .wait(task)
            default:
                let task = Task { [self] in
                    let result: Result<(Value, ttl: Duration?), RegistryClientError>
                    do throws(RegistryClientError) { result = .success(try await load()) } catch { result = .failure(error) }
                    self.entries.withLock { entries in
                        switch result {
                        case let .success((value, ttl)): entries[key] = .ready(value, expires: ttl.map { self.now() + $0 })
                        case let .failure(error): entries[key] = remembered(error, failureTTL(error), in: &entries)
                        }
                    }
                    return result.map(\.0)
                }
                entries[key] = .loading(task)
                return .load(task)
            }
        }
        let task: Task<Result<Value, RegistryClientError>, Never>
        switch action {
        case let .hit(value):
            hits.increment()
            return value
        case let .fail(error):
            rememberedFailures.increment()
            throw error
        case let .wait(waiting): task = waiting
        case let .load(loading):
            misses.increment()
            task = loading
        }
        return try await task.value.get()
    }

    /// The entry a failure leaves: remembered for `ttl`, once room is made, or nothing.
    private func remembered(_ error: RegistryClientError, _ ttl: Duration?, in entries: inout [Key: Entry]) -> Entry? {
        guard let ttl else { return nil }
        let full = failures.withLock { count in
            count += 1
            guard count > Self.maximumFailures else { return false }
            count = 1
            return true
        }
        if full { entries = entries.filter { if case .failed = $0.value { false } else { true } } }
        return .failed(error, expires: now() + ttl)
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
