import CoreMetrics

/// What one serializer or deserializer counts: `schemawire_serde_records` and
/// `schemawire_serde_failures` [`format`: `avro` or `protobuf`, `operation`: `serialize` or
/// `deserialize`, `side`: `key` or `value`], on the factory it was given.
@usableFromInline
struct SerdeCounters: Sendable {
    @usableFromInline let records: Counter
    @usableFromInline let failures: Counter

    init(format: String, operation: String, isKey: Bool, factory: any MetricsFactory) {
        let dimensions = [("format", format), ("operation", operation), ("side", isKey ? "key" : "value")]
        records = Counter(label: "schemawire_serde_records", dimensions: dimensions, factory: factory)
        failures = Counter(label: "schemawire_serde_failures", dimensions: dimensions, factory: factory)
    }

    /// `body`'s result, counted as a record or a failure.
    @inlinable
    func count<T>(_ body: () async throws(SerdeError) -> T) async throws(SerdeError) -> T {
        do {
            let result = try await body()
            records.increment()
            return result
        } catch {
            failures.increment()
            throw error
        }
    }
}
