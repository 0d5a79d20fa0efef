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
        .library(name: "SchemaWireSerde", targets: ["SchemaWireSerde"]),
        .library(name: "SchemaWireKafka", targets: ["SchemaWireKafka"]),
        .library(name: "SchemaWireRegistryServer", targets: ["SchemaWireRegistryServer"]),
        .executable(name: "schemawire", targets: ["schemawire"]),
        .plugin(name: "SchemaWireCodegenPlugin", targets: ["SchemaWireCodegenPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.30.0"),
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
        .target(
            name: "SchemaWireRegistry",
            dependencies: ["SchemaWireCore", "SchemaWireAvro", "SchemaWireProtobuf", "CCurl", .product(name: "CoreMetrics", package: "swift-metrics")]
        ),
        .target(name: "SchemaWireCodegen", dependencies: ["SchemaWireCore", "SchemaWireAvro", "SchemaWireProtobuf"]),
        // Confluent framing and the serializers: no Kafka client, so any client can use them.
        .target(
            name: "SchemaWireSerde",
            dependencies: [
                "SchemaWireCore", "SchemaWireAvro", "SchemaWireProtobuf", "SchemaWireRegistry", .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "SchemaWireKafka",
            dependencies: [
                "SchemaWireCore", "SchemaWireAvro", "SchemaWireProtobuf", "SchemaWireRegistry", "SchemaWireSerde", "CRdKafka",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "SchemaWireRegistryServer",
            dependencies: [
                "SchemaWireCore",
                "SchemaWireAvro",
                "SchemaWireProtobuf",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
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
                "SchemaWireProtobuf",
                "SchemaWireRegistry",
                "SchemaWireRegistryServer",
                "SchemaWireCodegen",
                "SchemaWireSerde",
                "SchemaWireKafka",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // protobuf-c's code for the agreement schemas (generated by protoc-c, checked by a test).
        .target(
            name: "CProtobufCFixtures", dependencies: ["CProtobufC"], path: "Tests/CProtobufCFixtures",
            exclude: ["agreement.proto", "legacy.proto"]
        ),
        // Seedable random schemas, values and messages for property tests and fuzz seeds.
        .target(
            name: "SchemaWireRandomValues",
            dependencies: ["SchemaWireCore", "SchemaWireAvro", "SchemaWireProtobuf", .product(name: "OrderedCollections", package: "swift-collections")],
            path: "Tests/SchemaWireRandomValues"
        ),
        // Reference implementations used as test oracles, wrapped once each.
        .target(
            name: "SchemaWireTestSupport",
            dependencies: [
                "SchemaWireCore", "SchemaWireAvro", "SchemaWireProtobuf", "SchemaWireRegistry", "SchemaWireSerde", "SchemaWireRegistryServer",
                "SchemaWireRandomValues", "SchemaWireCodegenGolden", "CAvro",
                "CProtobufC", "CProtobufCFixtures",
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Tests/SchemaWireTestSupport"
        ),
        // libFuzzer harnesses for every decoder and parser (`scripts/fuzz`); the regression tests
        // run the same harnesses over the committed corpus.
        .target(
            name: "SchemaWireFuzzing",
            dependencies: ["SchemaWireCore", "SchemaWireAvro", "SchemaWireProtobuf", "SchemaWireCodegen", "SchemaWireCodegenGolden", "SchemaWireRandomValues"],
            path: "Tests/SchemaWireFuzzing"
        ),
        .executableTarget(name: "schemawire-fuzz", dependencies: ["SchemaWireFuzzing"], path: "Fuzz/Main"),
        // A library member of the consumer SIGKILL harness (`scripts/faults consumer`).
        .executableTarget(
            name: "consumer-fault-member",
            dependencies: ["SchemaWireKafka", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Faults/ConsumerMember"
        ),
        // Code generation at build time: the plugin (in codegen/) runs this thin generator.
        .executableTarget(name: "schemawire-codegen", dependencies: ["SchemaWireCodegen"], path: "codegen/Generator"),
        .plugin(
            name: "SchemaWireCodegenPlugin", capability: .buildTool(), dependencies: ["schemawire-codegen"], path: "codegen/Plugin"
        ),
        // An example target whose .avsc and .proto files the plugin turns into Swift types.
        .target(
            name: "OrderEvents", dependencies: ["SchemaWireAvro", "SchemaWireProtobuf", "SchemaWireCore", "ProtobufWellKnownTypes"],
            path: "Examples/OrderEvents",
            plugins: ["SchemaWireCodegenPlugin"]
        ),

        // The well-known Protobuf types generated once, for OrderEvents to import (its schemawire.json).
        .target(
            name: "ProtobufWellKnownTypes", dependencies: ["SchemaWireProtobuf", "SchemaWireCore"], path: "Examples/ProtobufWellKnownTypes",
            plugins: ["SchemaWireCodegenPlugin"]
        ),
        // The serdes driven by NIO ByteBuffer records, as another Kafka client hands them over.
        .executableTarget(
            name: "byte-buffer-serdes",
            dependencies: [
                "OrderEvents", "SchemaWireSerde", "SchemaWireRegistry", "SchemaWireRegistryServer", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/ByteBufferSerdes"
        ),
        // Debezium's 31 change-event schemas for one database: short names shared across namespaces.
        .target(
            name: "DebeziumInventory", dependencies: ["SchemaWireAvro", "SchemaWireCore"], path: "Examples/DebeziumInventory",
            plugins: ["SchemaWireCodegenPlugin"]
        ),

        // Bench executables (not tests): `swift run -c release <name>`.
        .executableTarget(
            name: "avro-codec-bench",
            dependencies: ["SchemaWireAvro", "SchemaWireCodegenGolden", "SchemaWireTestSupport"],
            path: "Benchmarks/AvroCodecBench"
        ),
        .executableTarget(
            name: "protobuf-codec-bench",
            dependencies: ["SchemaWireCore", "SchemaWireProtobuf", "SchemaWireCodegenGolden", "SchemaWireTestSupport"],
            path: "Benchmarks/ProtobufCodecBench"
        ),
        .executableTarget(
            name: "kafka-produce-bench",
            dependencies: ["SchemaWireKafka", "SchemaWireSerde", "SchemaWireRegistry", "SchemaWireCodegenGolden", "SchemaWireTestSupport"],
            path: "Benchmarks/KafkaProduceBench"
        ),
        .executableTarget(
            name: "hostile-input-bench",
            dependencies: ["SchemaWireAvro", "SchemaWireProtobuf", "SchemaWireCore", "SchemaWireCodegenGolden"],
            path: "Benchmarks/HostileInputBench"
        ),
        .executableTarget(
            name: "registry-client-bench",
            dependencies: ["SchemaWireRegistry", "SchemaWireTestSupport"],
            path: "Benchmarks/RegistryClientBench"
        ),
        // Golden generator output, compiled so that the tests prove generated code builds and runs.
        .target(
            name: "SchemaWireCodegenGolden", dependencies: ["SchemaWireAvro", "SchemaWireProtobuf", "SchemaWireCore"],
            path: "Tests/SchemaWireCodegenGolden"
        ),
        .testTarget(
            name: "SchemaWireCodegenTests",
            dependencies: ["SchemaWireCodegen", "SchemaWireCodegenGolden", "OrderEvents", "DebeziumInventory", "SchemaWireTestSupport"],
            exclude: ["Schemas"]
        ),
        .testTarget(name: "SchemaWireCoreTests", dependencies: ["SchemaWireCore"]),
        .testTarget(
            name: "SchemaWireProtobufTests", dependencies: ["SchemaWireProtobuf", "SchemaWireTestSupport"], exclude: ["Corpus"]
        ),
        .testTarget(name: "SchemaWireAvroTests", dependencies: ["SchemaWireAvro", "SchemaWireTestSupport"]),
        .testTarget(
            name: "SchemaWireRegistryServerTests",
            dependencies: [
                "SchemaWireRegistryServer", "SchemaWireTestSupport", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Interop/confluent_client_smoke.py", "Interop/karapace_session.json"]
        ),
        .testTarget(
            name: "SchemaWireKafkaTests",
            dependencies: [
                "SchemaWireKafka", "SchemaWireSerde", "SchemaWireRegistry", "SchemaWireCodegenGolden", "SchemaWireTestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            exclude: ["Interop/protobuf_interop.py"]
        ),
        .testTarget(
            name: "SchemaWireSerdeTests",
            dependencies: [
                "SchemaWireSerde", "SchemaWireRegistry", "SchemaWireCodegenGolden", "SchemaWireTestSupport", "byte-buffer-serdes",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(name: "SchemaWireRegistryTests", dependencies: ["SchemaWireRegistry", "SchemaWireTestSupport"]),
        .testTarget(name: "SchemaWireFuzzTests", dependencies: ["SchemaWireFuzzing"]),
        .testTarget(
            name: "SchemaWireCLITests", dependencies: ["schemawire", "SchemaWireTestSupport"], exclude: ["Interop/protobuf_peer.py", "Interop/avro_peer.py"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
