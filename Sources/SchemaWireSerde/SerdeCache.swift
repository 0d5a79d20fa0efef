import Synchronization

/// A dictionary shared by copies of a serde (serdes are value types; what they learn about writer
/// schemas is kept once, behind a lock).
///
/// The entry used last is kept beside the dictionary: a producer usually writes one topic (a
/// consumer reads one writer schema) for long runs, and comparing one key costs less than hashing
/// it on every record.
final class SerdeCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Storage {
        var recent: (key: Key, value: Value)?
        var entries: [Key: Value] = [:]
    }

    private let storage = Mutex(Storage())

    /// The cached value, or `fetch`'s result, kept for next time.
    func value(for key: Key, orFetch fetch: () async throws(SerdeError) -> Value) async throws(SerdeError) -> Value {
        if let cached = self[key] { return cached }
        let value = try await fetch()
        self[key] = value
        return value
    }

    subscript(key: Key) -> Value? {
        get {
            storage.withLock { storage in
                if let recent = storage.recent, recent.key == key { return recent.value }
                guard let value = storage.entries[key] else { return nil }
                storage.recent = (key, value)
                return value
            }
        }
        set {
            storage.withLock { storage in
                storage.entries[key] = newValue
                storage.recent = newValue.map { (key, $0) }
            }
        }
    }
}
