// swift-tools-version:6.1
// The ordo-one/benchmark suite, a package of its own (as in swift-nio) so that users of SchemaWire
// never resolve the benchmark tooling:
//   swift package --package-path Benchmarks benchmark
// SCHEMAWIRE_BENCHMARK_SMOKE=1 runs every benchmark a few times only (CI's smoke run, not timed).
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder: the clone's name, whatever it is.
let schemaWirePackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

/// One benchmark executable per concern, in `Benchmarks/<name>/`.
func benchmark(_ name: String, _ dependencies: [Target.Dependency], plugins: [Target.PluginUsage] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark"), "BenchmarkSupport"] + dependencies,
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")] + plugins
    )
}

let schemaWire = { (product: String) in Target.Dependency.product(name: product, package: schemaWirePackage) }
let codegen = Target.PluginUsage.plugin(name: "SchemaWireCodegenPlugin", package: schemaWirePackage)

let package = Package(
    name: "SchemaWireBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .target(
            name: "BenchmarkSupport", dependencies: [.product(name: "Benchmark", package: "benchmark")], path: "Benchmarks/Shared"),
        .target(
            name: "EmbeddedRegistry",
            dependencies: [schemaWire("SchemaWireRegistryServer"), .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/EmbeddedRegistry"),
        benchmark("AvroCodec", [schemaWire("SchemaWireAvro"), schemaWire("SchemaWireCore")], plugins: [codegen]),
        benchmark("ProtobufCodec", [schemaWire("SchemaWireProtobuf"), schemaWire("SchemaWireCore")], plugins: [codegen]),
        benchmark("Compatibility", [schemaWire("SchemaWireAvro"), schemaWire("SchemaWireCore")]),
        benchmark("RegistryLookup", [schemaWire("SchemaWireRegistry"), "EmbeddedRegistry"]),
        benchmark(
            "SerializedProduce",
            [schemaWire("SchemaWireKafka"), schemaWire("SchemaWireSerde"), schemaWire("SchemaWireRegistry"), schemaWire("SchemaWireAvro"), schemaWire("SchemaWireCore"), "EmbeddedRegistry"],
            plugins: [codegen]),
    ],
    swiftLanguageModes: [.v6]
)
