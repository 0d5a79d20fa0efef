// Warm registry lookups: schema by id from the client's cache, synchronously (the serializer's
// hot path) and through the async API, with no HTTP request after the first.
import Benchmark
import BenchmarkSupport
import EmbeddedRegistry
import SchemaWireRegistry

let state = SetupState<(registry: EmbeddedRegistry, client: SchemaRegistryClient, id: Int)>()

let benchmarks: @Sendable () -> Void = {
    BenchmarkDefaults.apply()
    let setup: Benchmark.BenchmarkSetupHook = {
        let registry = try await EmbeddedRegistry.start()
        let client = SchemaRegistryClient(configuration: .init(urls: [registry.url]))
        let schema = RegistrySchema(text: #"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}"#)
        let id = try await client.register(schema, subject: "orders-value")
        _ = try await client.schema(id: id)
        state.value = (registry, client, id)
    }
    let teardown: Benchmark.BenchmarkTeardownHook = {
        let requests = state.value.client.requestCount
        await state.value.registry.stop()
        precondition(requests == 2, "a warm lookup went over HTTP (\(requests) requests)")
    }

    Benchmark("Registry warm cachedSchema(id:)", closure: { benchmark in
        let (_, client, id) = state.value
        for _ in benchmark.scaledIterations { blackHole(client.cachedSchema(id: id)) }
    }, setup: setup, teardown: teardown)
    Benchmark("Registry warm schema(id:) async", closure: { benchmark in
        let (_, client, id) = state.value
        for _ in benchmark.scaledIterations { blackHole(try await client.schema(id: id)) }
    }, setup: setup, teardown: teardown)
}
