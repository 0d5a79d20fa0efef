import CoreMetrics
import SchemaWireAvro
import SchemaWireCore
import SchemaWireRegistry

/// Confluent-framed Avro for values known only at run time (`AvroValue` and a schema), as the CLI
/// and generic tools need.
public struct KafkaAvroValueSerializer: Sendable {
    public let registry: SchemaRegistryClient
    public let schema: AvroSchema
    public let configuration: KafkaSerdeConfiguration
    public let isKey: Bool
    /// Targets by topic (the strategy fixes the subject per topic), so that a warm serializer
    /// neither asks the registry nor builds a subject name or renders its schema.
    private let targets = SerdeCache<String, AvroWriterTarget>()
    private let counters: SerdeCounters

    /// - Parameter metrics: counts records and failures; the process-wide factory by default.
    public init(
        registry: SchemaRegistryClient, schema: AvroSchema, configuration: KafkaSerdeConfiguration, isKey: Bool = false,
        metrics: any MetricsFactory = MetricsSystem.factory
    ) {
        counters = SerdeCounters(format: "avro", operation: "serialize", isKey: isKey, factory: metrics)
        self.registry = registry
        self.schema = schema
        self.configuration = configuration
        self.isKey = isKey
    }

    public init(registry: SchemaRegistryClient, schema: AvroSchema, strategy: SubjectNameStrategy = .topicName, isKey: Bool = false) {
        self.init(registry: registry, schema: schema, configuration: KafkaSerdeConfiguration(subjectNameStrategy: strategy), isKey: isKey)
    }

    /// The subject naming in force for this serializer's side (key or value).
    public var strategy: SubjectNameStrategy { configuration.subjectNameStrategy(isKey: isKey) }

    /// The framed bytes of `value`; registers the schema on first use (client-side BACKWARD check
    /// included). With header framing, `headers` gains the schema-id header the record must carry.
    public func serialize(_ value: AvroValue, topic: String, headers: inout [RecordHeader]) async throws(SerdeError) -> [UInt8] {
        let schema = self.schema
        return try await counters.count { () throws(SerdeError) in
            try await target(for: topic).serialize(topic: topic, headers: &headers) { (writer: inout ByteWriter) throws(AvroError) in try schema.encode(value, into: &writer) }
        }
    }

    /// The framed bytes of a value given in Avro's JSON encoding, transcoded without building an
    /// ``AvroValue`` (see ``AvroSchema/encode(avroJSON:into:reportingField:)``): the path for
    /// tools that produce JSON lines. Otherwise as ``serialize(_:topic:headers:)``.
    ///
    /// - Parameter field: a root record field whose JSON text to report in `reported`.
    public func serialize(
        avroJSON text: [UInt8], topic: String, headers: inout [RecordHeader], reportingField field: String? = nil,
        reported: inout Range<Int>?
    ) async throws(SerdeError) -> [UInt8] {
        let schema = self.schema
        var range: Range<Int>?
        let bytes = try await counters.count { () throws(SerdeError) in
            try await target(for: topic).serialize(topic: topic, headers: &headers) { (writer: inout ByteWriter) throws(AvroError) in
                range = try schema.encode(avroJSON: text, into: &writer, reportingField: field)
            }
        }
        reported = range
        return bytes
    }

    /// Where `topic`'s records go: found (or registered) on first use, then kept.
    private func target(for topic: String) async throws(SerdeError) -> AvroWriterTarget {
        let (registry, schema, configuration, isKey, strategy) = (self.registry, self.schema, self.configuration, self.isKey, self.strategy)
        return try await targets.value(for: topic) { () throws(SerdeError) in
            let subject = strategy.subject(topic: topic, isKey: isKey, recordName: schema.root.fullName)
            return try await AvroWriterTarget.resolve(
                own: schema, registry: registry, configuration: configuration, isKey: isKey, subject: subject, topic: topic)
        }
    }

    /// The prefix-framed bytes of `value`; refused under header framing (see ``serialize(_:topic:headers:)``).
    public func serialize(_ value: AvroValue, topic: String) async throws(SerdeError) -> [UInt8] {
        try RecordFraming.requirePrefix(configuration, isKey: isKey)
        var headers: [RecordHeader] = []
        return try await serialize(value, topic: topic, headers: &headers)
    }
}

/// Reads Confluent-framed Avro with the writer's own schema (fetched by id and cached).
public struct KafkaAvroValueDeserializer: Sendable {
    public let registry: SchemaRegistryClient
    /// Reads record keys (framed by `__key_schema_id` or a prefix) instead of values.
    public let isKey: Bool
    /// Writer schemas parsed once per identifier (only identifiers the registry knows get here).
    private let schemas = SerdeCache<SchemaIdentifier, AvroSchema>()
    private let counters: SerdeCounters

    /// - Parameter metrics: counts records and failures; the process-wide factory by default.
    public init(registry: SchemaRegistryClient, isKey: Bool = false, metrics: any MetricsFactory = MetricsSystem.factory) {
        counters = SerdeCounters(format: "avro", operation: "deserialize", isKey: isKey, factory: metrics)
        self.registry = registry
        self.isKey = isKey
    }

    /// The value (or key) and the schema it was written with, given the record's key or value
    /// bytes and its headers; nil for a tombstone or a null key.
    public func deserialize(
        _ bytes: [UInt8]?, headers: [RecordHeader] = [], topic: String, partition: Int32? = nil, offset: Int64? = nil
    ) async throws(SerdeError) -> (value: AvroValue, schema: AvroSchema)? {
        let origin = RecordOrigin(topic: topic, partition: partition, offset: offset)
        return try await counters.count { () throws(SerdeError) -> (value: AvroValue, schema: AvroSchema)? in
            guard let (payload, schema) = try await undecoded(bytes, headers: headers, origin: origin) else { return nil }
            do { return (try schema.decode(payload), schema) } catch { throw origin.failure("\(error)") }
        }
    }

    /// The Avro payload of the value (or key) and its writer's schema, without decoding it: for
    /// callers that read it their own way (straight to JSON text with
    /// ``AvroSchema/appendAvroJSON(decoding:to:limits:)``, say). Nil for a tombstone or a null key.
    public func undecoded(
        _ bytes: [UInt8]?, headers: [RecordHeader] = [], topic: String, partition: Int32? = nil, offset: Int64? = nil
    ) async throws(SerdeError) -> (payload: [UInt8], schema: AvroSchema)? {
        try await counters.count { () throws(SerdeError) in
            try await undecoded(bytes, headers: headers, origin: RecordOrigin(topic: topic, partition: partition, offset: offset))
        }
    }

    private func undecoded(_ bytes: [UInt8]?, headers: [RecordHeader], origin: RecordOrigin) async throws(SerdeError) -> (payload: [UInt8], schema: AvroSchema)? {
        guard let (id, _, payload) = try RecordFraming.read(bytes, headers: headers, isKey: isKey, hasMessageIndexes: false, origin: origin) else {
            return nil
        }
        let registry = self.registry
        let schema = try await schemas.value(for: id) { () throws(SerdeError) in
            try await registry.avroWriterSchema(id, for: origin)
        }
        return (payload.copied, schema)
    }
}
