import Synchronization

/// A dictionary shared by copies of a serde (serdes are value types; what they learn about writer
/// schemas is kept once, behind a lock).
final class SerdeCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let storage = Mutex<[Key: Value]>([:])

    subscript(key: Key) -> Value? {
        get { storage.withLock { $0[key] } }
        set { storage.withLock { $0[key] = newValue } }
    }
}
