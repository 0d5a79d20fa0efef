import Synchronization

/// A dictionary shared by copies of a serde (serdes are value types; what they learn about writer
/// schemas is kept once, behind a lock).
final class SerdeCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let storage = Mutex<[Key: Value]>([:])

    /// The cached value, or `fetch`'s result, kept for next time.
    func value(for key: Key, orFetch fetch: () async throws(KafkaError) -> Value) async throws(KafkaError) -> Value {
        if let cached = self[key] { return cached }
        let value = try await fetch()
        self[key] = value
        return value
    }

    subscript(key: Key) -> Value? {
        get { storage.withLock { $0[key] } }
        set { storage.withLock { $0[key] = newValue } }
    }
}
