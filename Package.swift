// swift-tools-version:6.1
import PackageDescription

/// System libraries come from Debian's -dev packages, found through pkg-config.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "SchemaWire",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SchemaWireCore", targets: ["SchemaWireCore"]),
        .library(name: "SchemaWireAvro", targets: ["SchemaWireAvro"]),
        .library(name: "SchemaWireProtobuf", targets: ["SchemaWireProtobuf"]),
        .library(name: "SchemaWireRegistry", targets: ["SchemaWireRegistry"]),
        .library(name: "SchemaWireCodegen", targets: ["SchemaWireCodegen"]),
        .library(name: "SchemaWireKafka", targets: ["SchemaWireKafka"]),
        .library(name: "SchemaWireRegistryServer", targets: ["SchemaWireRegistryServer"]),
        .executable(name: "schemawire", targets: ["schemawire"]),
        .plugin(name: "SchemaWireCodegenPlugin", targets: ["SchemaWireCodegenPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
    ],
    targets: [
        systemLibrary("CRdKafka", pkgConfig: "rdkafka", apt: "librdkafka-dev"),
        systemLibrary("CCurl", pkgConfig: "libcurl", apt: "libcurl4-openssl-dev"),
        systemLibrary("CAvro", pkgConfig: "avro-c", apt: "libavro-dev"),
        systemLibrary("CProtobufC", pkgConfig: "libprotobuf-c", apt: "libprotobuf-c-dev"),
        systemLibrary("CZlib", pkgConfig: "zlib", apt: "zlib1g-dev"),

        .target(
            name: "SchemaWireCore",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]
        ),
        .target(
            name: "SchemaWireAvro",
            dependencies: [
                "SchemaWireCore",
                "CZlib",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "SchemaWireProtobuf",
            dependencies: ["SchemaWireCore", .product(name: "OrderedCollections", package: "swift-collections")]
        ),
        .target(name: "SchemaWireRegistry", dependencies: ["SchemaWireCore", "SchemaWireAvro", "CCurl"]),
        .target(name: "SchemaWireCodegen", dependencies: ["SchemaWireCore", "SchemaWireAvro"]),
        .target(
            name: "SchemaWireKafka",
            dependencies: [
                "SchemaWireCore", "SchemaWireAvro", "SchemaWireRegistry", "CRdKafka", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SchemaWireRegistryServer",
            dependencies: [
                "SchemaWireCore",
                "SchemaWireAvro",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "schemawire",
            dependencies: [
                "SchemaWireCore",
                "SchemaWireAvro",
                "SchemaWireRegistry",
                "SchemaWireRegistryServer",
                "SchemaWireCodegen",
                "SchemaWireKafka",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Reference implementations used as test oracles, wrapped once each.
        .target(
            name: "SchemaWireTestSupport",
            dependencies: [
                "SchemaWireCore", "SchemaWireAvro", "SchemaWireRegistryServer", "CAvro", "CRdKafka", "CProtobufC",
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Tests/SchemaWireTestSupport"
        ),
        // Code generation at build time: the plugin (in codegen/) runs this thin generator.
        .executableTarget(name: "schemawire-codegen", dependencies: ["SchemaWireCodegen"], path: "codegen/Generator"),
        .plugin(
            name: "SchemaWireCodegenPlugin", capability: .buildTool(), dependencies: ["schemawire-codegen"], path: "codegen/Plugin"
        ),
        // An example target whose .avsc files the plugin turns into Swift types.
        .target(
            name: "OrderEvents", dependencies: ["SchemaWireAvro", "SchemaWireCore"], path: "Examples/OrderEvents",
            plugins: ["SchemaWireCodegenPlugin"]
        ),

        // Bench executables (not tests): `swift run -c release <name>`.
        .executableTarget(
            name: "avro-codec-bench",
            dependencies: ["SchemaWireAvro", "SchemaWireCodegenGolden", "SchemaWireTestSupport"],
            path: "Benchmarks/AvroCodecBench"
        ),
        .executableTarget(
            name: "registry-client-bench",
            dependencies: ["SchemaWireRegistry", "SchemaWireTestSupport"],
            path: "Benchmarks/RegistryClientBench"
        ),
        // Golden generator output, compiled so that the tests prove generated code builds and runs.
        .target(name: "SchemaWireCodegenGolden", dependencies: ["SchemaWireAvro", "SchemaWireCore"], path: "Tests/SchemaWireCodegenGolden"),
        .testTarget(
            name: "SchemaWireCodegenTests",
            dependencies: ["SchemaWireCodegen", "SchemaWireCodegenGolden", "OrderEvents", "SchemaWireTestSupport"],
            exclude: ["Schemas"]
        ),
        .testTarget(name: "SchemaWireCoreTests", dependencies: ["SchemaWireCore"]),
        .testTarget(
            name: "SchemaWireProtobufTests", dependencies: ["SchemaWireProtobuf", "SchemaWireTestSupport"], exclude: ["Corpus"]
        ),
        .testTarget(name: "SchemaWireAvroTests", dependencies: ["SchemaWireAvro", "SchemaWireTestSupport"]),
        .testTarget(
            name: "SchemaWireRegistryServerTests",
            dependencies: ["SchemaWireRegistryServer", "SchemaWireTestSupport"],
            exclude: ["Interop/confluent_client_smoke.py"]
        ),
        .testTarget(
            name: "SchemaWireKafkaTests",
            dependencies: ["SchemaWireKafka", "SchemaWireRegistry", "SchemaWireCodegenGolden", "SchemaWireTestSupport"]
        ),
        .testTarget(name: "SchemaWireRegistryTests", dependencies: ["SchemaWireRegistry", "SchemaWireTestSupport"]),
        .testTarget(name: "SchemaWireCLITests", dependencies: ["schemawire", "SchemaWireTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
