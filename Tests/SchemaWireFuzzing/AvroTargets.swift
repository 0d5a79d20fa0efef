import Foundation
import SchemaWireAvro
import SchemaWireCodegen
import SchemaWireCodegenGolden
import SchemaWireCore
import SchemaWireRandomValues

/// The Avro harnesses: binary through the generic, resolved, generated and `Codable` paths, Avro
/// JSON, container files, the schema parser and the compatibility check.
enum AvroTargets {
    /// The caps the harnesses decode under: the same code paths as the defaults, but a cap of a
    /// few thousand empty items instead of a million keeps every execution short, so a campaign
    /// explores more inputs per second.
    static let limits = AvroDecodingLimits(maximumDepth: 64, maximumEmptyItems: 4096)

    /// Schemas that reach every kind of node: nulls in arrays, unions, maps, fixed, decimals,
    /// logical types, recursion, records of nothing.
    static let schemaTexts = [
        #"{"type":"array","items":{"type":"array","items":"null"}}"#,
        #"{"type":"map","values":["null","long",{"type":"array","items":"string"}]}"#,
        #"{"type":"record","name":"Node","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","Node"]},{"name":"kids","type":{"type":"array","items":"Node"}}]}"#,
        #"{"type":"record","name":"R","fields":[{"name":"f","type":{"type":"fixed","name":"F","size":3}},{"name":"e","type":{"type":"enum","name":"E","symbols":["A","B","C"]}},{"name":"d","type":"double"},{"name":"x","type":"float"},{"name":"b","type":"boolean"},{"name":"y","type":"bytes"}]}"#,
        #"{"type":"array","items":{"type":"record","name":"Empty","fields":[{"name":"a","type":"null"},{"name":"z","type":{"type":"fixed","name":"Z","size":0}}]}}"#,
        #"{"type":"record","name":"L","fields":[{"name":"u","type":{"type":"string","logicalType":"uuid"}},{"name":"m","type":{"type":"bytes","logicalType":"decimal","precision":38,"scale":4}},{"name":"t","type":{"type":"long","logicalType":"timestamp-micros"}},{"name":"dt","type":{"type":"int","logicalType":"date"}},{"name":"du","type":{"type":"fixed","name":"D","size":12,"logicalType":"duration"}}]}"#,
        #"["null","boolean","int","long","float","double","bytes","string"]"#,
        #"{"type":"map","values":{"type":"map","values":{"type":"array","items":["null",{"type":"enum","name":"S","symbols":["X","Y"]}]}}}"#,
    ]
    static let schemas: [AvroSchema] = schemaTexts.map { AvroSchema.generated($0) }

    /// Writer and reader pairs that resolve: promotions, defaults, aliases, enum defaults, unions.
    static let pairs: [(writer: AvroSchema, reader: AvroSchema)] = [
        (#"{"type":"record","name":"P","fields":[{"name":"a","type":"int"},{"name":"s","type":"string"}]}"#,
         #"{"type":"record","name":"P","fields":[{"name":"a","type":"double"},{"name":"t","aliases":["s"],"type":"bytes"},{"name":"n","type":{"type":"array","items":"long"},"default":[1,2]}]}"#),
        (#"{"type":"array","items":{"type":"enum","name":"E","symbols":["A","B","C","D"]}}"#,
         #"{"type":"array","items":{"type":"enum","name":"E","symbols":["B","A","Z"],"default":"Z"}}"#),
        (#"["null","int","string",{"type":"record","name":"Q","fields":[{"name":"x","type":"long"}]}]"#,
         #"["string","long",{"type":"record","name":"Q","fields":[{"name":"x","type":"double"},{"name":"y","type":"null","default":null}]},"null"]"#),
        (#"{"type":"array","items":{"type":"record","name":"Nothing","fields":[]}}"#,
         #"{"type":"array","items":{"type":"record","name":"Nothing","fields":[{"name":"a","type":"long","default":0},{"name":"b","type":"string","default":"x"}]}}"#),
        (#"{"type":"map","values":"float"}"#, #"{"type":"map","values":"double"}"#),
    ].map { (AvroSchema.generated($0.0), AvroSchema.generated($0.1)) }
    static let readers: [AvroDatumReader] = pairs.compactMap { try? AvroDatumReader(writer: $0.writer, reader: $0.reader) }

    /// One generated type's decode, re-encode and decode-again, compared as generic values (a
    /// Swift dictionary encodes in an order of its own, and values may hold NaN).
    static func roundTrip<Value: AvroGeneratedType>(_: Value.Type, _ bytes: [UInt8]) {
        let schema = Value.avroSchema
        guard let value = try? Value(avroEncoded: bytes, limits: limits), let once = try? value.avroEncoded() else { return }
        guard let again = try? Value(avroEncoded: once, limits: limits), let twice = try? again.avroEncoded() else {
            preconditionFailure("\(Value.self) re-encoded to bytes it cannot decode")
        }
        guard let first = try? schema.decode(once), let second = try? schema.decode(twice) else {
            preconditionFailure("\(Value.self) encoded bytes the generic decoder refuses")
        }
        require(first.means(second), "\(Value.self) round trip changed the value")
        // The Codable path reads what the generated path reads, and writes the same value.
        if let codable = try? AvroDecoder(limits: limits).decode(Value.self, from: bytes, schema: schema) {
            let written = try? AvroEncoder().encode(codable, schema: schema)
            require(written.flatMap { try? schema.decode($0) }.map(first.means) == true, "\(Value.self): Codable and generated paths differ")
        }
    }

    static let generated: [@Sendable ([UInt8]) -> Void] = [
        { roundTrip(Order.self, $0) }, { roundTrip(AllTypes.self, $0) }, { roundTrip(Logical.self, $0) },
        { roundTrip(Node.self, $0) }, { roundTrip(Tree.self, $0) }, { roundTrip(Customer.self, $0) },
    ]

    /// Random values of every schema but the recursive one (the generator does not bound
    /// recursion), which gets a hand-written value: {v: 1, next: {v: -1, next: null, kids: []}, kids: []}.
    static func encodeSeeds() -> [[UInt8]] {
        var seeds: [[UInt8]] = [[2, 0x02, 0x02, 0x01, 0x00, 0x00, 0x00]]
        for (index, schema) in schemas.enumerated() where index != 2 {
            var random = RandomAvro(seed: UInt64(index))
            for _ in 0..<3 { seeds.append([UInt8(index)] + ((try? schema.encode(random.value(of: schema.root, in: schema))) ?? [])) }
        }
        return seeds
    }

    static let all: [FuzzTarget] = [
        FuzzTarget(name: "avro-binary", isParser: false, run: { input in
            guard let (schema, payload) = select(input, from: schemas), let value = try? schema.decode(payload, limits: limits) else { return }
            guard let once = try? schema.encode(value) else { preconditionFailure("a decoded value does not re-encode") }
            guard let again = try? schema.decode(once, limits: limits) else { preconditionFailure("re-encoded bytes do not decode") }
            require((try? schema.encode(again)) == once, "the generic round trip changed the bytes")
            require((try? value.avroJSON(schema: schema).serialized()) != nil, "a decoded value has no Avro JSON")
        }, seeds: encodeSeeds),
        FuzzTarget(name: "avro-resolved", isParser: false, run: { input in
            guard let (reader, payload) = select(input, from: readers), let value = try? reader.decode(payload, limits: limits) else { return }
            require((try? reader.reader.encode(value)) != nil, "a resolved value is not a value of the reader's schema")
        }, seeds: {
            pairs.enumerated().flatMap { index, pair in
                var random = RandomAvro(seed: UInt64(index))
                return (0..<3).map { _ in [UInt8(index)] + ((try? pair.writer.encode(random.value(of: pair.writer.root, in: pair.writer))) ?? []) }
            }
        }),
        FuzzTarget(name: "avro-generated", isParser: false, run: { input in
            guard let (decode, payload) = select(input, from: generated) else { return }
            decode(payload)
        }, seeds: {
            let order = Order(orderId: UUID(uuidString: "8d3f1c52-4a7e-4a53-9f1e-2b8c6f0a9e11")!, userId: "u", items: [OrderItem(sku: "A", quantity: 2, unitPrice: Decimal(string: "12.50")!)],
                              amount: 25, currency: .EUR, createdAt: Date(timeIntervalSince1970: 1_764_072_000), note: "n")
            let tree = Tree(label: "root", kids: [Tree(label: "leaf", kids: [])])
            return [[0] + ((try? order.avroEncoded()) ?? []), [4] + ((try? tree.avroEncoded()) ?? []),
                    [3] + ((try? Node(value: 1, next: Node(value: 2, children: []), children: [tree]).avroEncoded()) ?? [])]
        }),
        FuzzTarget(name: "avro-json", isParser: false, run: { input in
            guard let (schema, text) = select(input, from: schemas), let json = try? JSONValue(parsing: text),
                let value = try? AvroValue(avroJSON: json, schema: schema)
            else { return }
            guard let encoded = try? schema.encode(value) else { preconditionFailure("a value read from Avro JSON does not encode") }
            // The default caps: the JSON text, not a cap, bounds what a value read from it holds.
            require((try? schema.decode(encoded)).flatMap { try? schema.encode($0) } == encoded, "Avro JSON round trip changed the bytes")
        }, seeds: {
            schemas.enumerated().filter { $0.offset != 2 }.flatMap { index, schema in
                var random = RandomAvro(seed: UInt64(index) + 100)
                return (0..<2).compactMap { _ in (try? random.value(of: schema.root, in: schema).avroJSON(schema: schema)).map { [UInt8(index)] + Array($0.serialized().utf8) } }
            }
        }),
        FuzzTarget(name: "avro-container", isParser: false, run: { input in
            _ = try? AvroContainerReader(bytes: input, limits: limits, maximumBlockSize: 1 << 20).values()
        }, seeds: {
            schemas.enumerated().filter { $0.offset != 2 }.prefix(4).compactMap { index, schema in
                var random = RandomAvro(seed: UInt64(index) + 200)
                guard var writer = try? AvroContainerWriter(schema: schema, codec: index % 2 == 0 ? .null : .deflate(), syncMarker: Array(repeating: 7, count: 16), blockSize: 64) else { return nil }
                for _ in 0..<5 { try? writer.append(random.value(of: schema.root, in: schema)) }
                return try? writer.finish()
            }
        }),
        FuzzTarget(name: "avro-schema", isParser: true, run: { input in
            guard let text = String(validating: input, as: UTF8.self), let schema = try? AvroSchema(parsing: text) else { return }
            checkParsedSchema(schema)
            _ = try? AvroSwiftGenerator().generate(files: [("fuzz.avsc", text)])
        }, seeds: { schemaTexts.map { Array($0.utf8) } + pairs.map { Array($0.reader.jsonString().utf8) } }),
        FuzzTarget(name: "avro-compatibility", isParser: true, run: { input in
            guard let (first, second) = halves(input), let old = try? AvroSchema(parsing: first), let new = try? AvroSchema(parsing: second) else { return }
            let verdict = new.compatibility(against: [("1", old)], level: .full)
            let backward = new.compatibility(against: [("1", old)], level: .backward)
            // Resolution and the check agree on whether the new schema can read the old one.
            if backward.isCompatible {
                require((try? AvroDatumReader(writer: old, reader: new)) != nil, "compatible, but the reader cannot be built")
            }
            _ = verdict.incompatibilities.map(\.description)
            _ = try? AvroDatumReader(writer: new, reader: old)
        }, seeds: { pairs.map { Array($0.writer.jsonString().utf8) + [0] + Array($0.reader.jsonString().utf8) } }),
    ]

    /// What every parsed schema must allow: its forms parse back to themselves, it reads itself,
    /// it is compatible with itself.
    static func checkParsedSchema(_ schema: AvroSchema) {
        guard let reparsed = try? AvroSchema(parsing: schema.jsonString()) else { preconditionFailure("the schema's JSON does not parse") }
        require(reparsed == schema, "the schema's JSON parses to another schema")
        guard let canonical = try? AvroSchema(parsing: schema.canonicalForm) else { preconditionFailure("the canonical form does not parse") }
        require(canonical.canonicalForm == schema.canonicalForm, "the canonical form is not a fixed point")
        require((try? AvroSchema(parsing: schema.normalizedForm)) != nil, "the normal form does not parse")
        _ = schema.fingerprint
        require(schema.compatibility(against: [("1", schema)], level: .full).isCompatible, "a schema is incompatible with itself")
        require((try? AvroDatumReader(writer: schema, reader: schema)) != nil, "a schema cannot read itself")
    }
}
