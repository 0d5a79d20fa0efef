// Measures the registry client against the embedded registry on loopback: warm (cached)
// schema-by-id lookups per second, and the cold path (a client with empty caches fetching one
// schema over HTTP) latency distribution.
//   swift run -c release registry-client-bench [warm-lookups] [cold-fetches]
import Foundation
import SchemaWireRegistry
import SchemaWireTestSupport

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let warmLookups = arguments.first ?? 10_000_000
let coldFetches = arguments.dropFirst().first ?? 1_000

let registry = try await TestRegistry.start()
let schema = RegistrySchema(text: #"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}, {"name": "amount", "type": "long"}]}"#)
let client = SchemaRegistryClient(configuration: .init(urls: [registry.url]))
let id = try await client.register(schema, subject: "orders-value")
_ = try await client.schema(id: id)

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let requestsBefore = client.requestCount
// Off the main actor, as a serializer runs: no executor hop per call.
let (asyncSeconds, syncSeconds, checksum) = try await Task.detached {
    var checksum = 0
    let asyncStart = ContinuousClock.now
    for _ in 0..<warmLookups { checksum &+= try await client.schema(id: id).text.utf8.count }
    let asyncElapsed = ContinuousClock.now - asyncStart
    let syncStart = ContinuousClock.now
    for _ in 0..<warmLookups { checksum &+= client.cachedSchema(id: id)?.text.utf8.count ?? 0 }
    return (seconds(asyncElapsed), seconds(ContinuousClock.now - syncStart), checksum)
}.value
func rate(_ seconds: Double) -> String { String(format: "%.1f million/s (%.0f ns each)", Double(warmLookups) / seconds / 1e6, seconds / Double(warmLookups) * 1e9) }
print("warm schema(id:) (async):       \(rate(asyncSeconds))")
print("warm cachedSchema(id:) (sync):  \(rate(syncSeconds))")
BenchClock.result("registry.warm_sync_per_s", Double(warmLookups) / syncSeconds)
BenchClock.result("registry.warm_async_per_s", Double(warmLookups) / asyncSeconds)
BenchClock.result("registry.warm_http_requests", client.requestCount - requestsBefore)
print("HTTP requests during \(2 * warmLookups) warm lookups: \(client.requestCount - requestsBefore) (checksum \(checksum))")

var latencies: [Double] = []
for _ in 0..<coldFetches {
    let cold = SchemaRegistryClient(configuration: .init(urls: [registry.url]))
    let start = ContinuousClock.now
    _ = try await cold.schema(id: id)
    let elapsed = ContinuousClock.now - start
    latencies.append(seconds(elapsed) * 1e6)
}
let sorted = latencies.sorted()
let percentiles = [0.5, 0.9, 0.99].map { String(format: "%.0f", sorted[min(sorted.count - 1, Int(Double(sorted.count) * $0))]) }
print("cold schema(id:) over HTTP (new client each): p50 \(percentiles[0]) µs, p90 \(percentiles[1]) µs, p99 \(percentiles[2]) µs over \(coldFetches)")
await registry.stop()
