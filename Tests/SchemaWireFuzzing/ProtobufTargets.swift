import SchemaWireCodegen
import SchemaWireCodegenGolden
import SchemaWireCore
import SchemaWireProtobuf
import SchemaWireRandomValues

/// The Protobuf harnesses: the dynamic wire codec, the generated codecs, the JSON mapping both
/// ways, the `.proto` parser and linker, and the compatibility check.
enum ProtobufTargets {
    static let legacySource = """
        syntax = "proto2";
        package f2;
        message Legacy {
          required int32 id = 1;
          optional string name = 2 [default = "x"];
          repeated group Item = 3 { optional int32 n = 4; optional bytes b = 5; }
          optional Legacy next = 6;
          repeated sint64 packed = 7 [packed = true];
          extensions 100 to 200;
        }
        """
    static let allSource = """
        syntax = "proto3";
        package f;
        import "google/protobuf/any.proto";
        import "google/protobuf/duration.proto";
        import "google/protobuf/field_mask.proto";
        import "google/protobuf/struct.proto";
        import "google/protobuf/timestamp.proto";
        import "google/protobuf/wrappers.proto";
        enum E { E0 = 0; E1 = 1; E9 = 9; }
        message All {
          double d = 1; float f = 2; int32 i32 = 3; int64 i64 = 4; uint32 u32 = 5; uint64 u64 = 6; sint32 s32 = 7;
          sint64 s64 = 8; fixed32 x32 = 9; fixed64 x64 = 10; sfixed32 sx32 = 11; sfixed64 sx64 = 12; bool b = 13;
          string s = 14; bytes by = 15; E e = 16;
          repeated int32 ri = 17; repeated string rs = 18; repeated double rd = 19 [packed = false];
          map<string, All> m = 20; map<int64, string> mi = 21; map<bool, E> mb = 22;
          oneof o { string os = 23; All om = 24; int64 oi = 25; }
          All child = 26; repeated All kids = 27; optional int32 maybe = 28;
          google.protobuf.Timestamp ts = 29; google.protobuf.Duration du = 30; google.protobuf.Any any = 31;
          google.protobuf.Struct st = 32; google.protobuf.Value v = 33; google.protobuf.FieldMask fm = 34;
          google.protobuf.Int64Value w64 = 35; google.protobuf.BytesValue wb = 36;
        }
        """
    static let legacy = try! ProtoSchema(parsing: legacySource, path: "legacy.proto")
    static let allTypes = try! ProtoSchema(parsing: allSource, path: "all.proto")
    static let messages: [(schema: ProtoSchema, name: String)] = [
        (allTypes, "f.All"), (legacy, "f2.Legacy"), (allTypes, "google.protobuf.Struct"), (allTypes, "google.protobuf.Any"),
    ]

    /// Decode, re-encode, decode again: the bytes must be a fixed point, and the JSON mapping of
    /// what decoded must read back.
    static func dynamic(_ input: [UInt8]) {
        guard let ((schema, name), payload) = select(input, from: messages), let message = try? schema.decode(payload, as: name) else { return }
        guard let once = try? schema.encode(message, as: name) else { preconditionFailure("a decoded message does not re-encode") }
        guard let again = try? schema.decode(once, as: name) else { preconditionFailure("re-encoded bytes do not decode") }
        require((try? schema.encode(again, as: name)) == once, "the dynamic round trip changed the bytes")
        guard let json = try? schema.json(message, as: name) else { return }
        guard let text = try? JSONValue(parsing: json.serialized()) else { preconditionFailure("the JSON mapping wrote text that does not parse") }
        require((try? schema.message(fromJSON: text, as: name)) != nil, "the JSON mapping does not read what it wrote: \(json.serialized().prefix(200))")
    }

    static func roundTrip<Message: ProtoGeneratedMessage>(_: Message.Type, _ bytes: [UInt8]) {
        guard let message = try? Message(serializedBytes: bytes) else { return }
        let once = message.serializedBytes()
        guard let again = try? Message(serializedBytes: once) else { preconditionFailure("\(Message.self) re-encoded to bytes it cannot decode") }
        require(again.serializedBytes() == once, "\(Message.self) round trip changed the bytes")
    }

    static let generated: [@Sendable ([UInt8]) -> Void] = [
        { roundTrip(Agreement_Order.self, $0) }, { roundTrip(Agreement_Scalars.self, $0) }, { roundTrip(Agreement_Repeated.self, $0) },
        { roundTrip(Codegen_Features_Node.self, $0) }, { roundTrip(Shop_Orders_V1_OrderPlaced.self, $0) },
    ]

    static func messageSeeds() -> [[UInt8]] {
        messages.enumerated().flatMap { index, entry in
            var random = RandomProto(schema: entry.schema, seed: UInt64(index))
            return (0..<3).map { _ in [UInt8(index)] + ((try? entry.schema.encode(random.message(entry.name), as: entry.name)) ?? []) }
        }
    }

    static let all: [FuzzTarget] = [
        FuzzTarget(name: "protobuf-binary", isParser: false, run: dynamic, seeds: messageSeeds),
        FuzzTarget(name: "protobuf-generated", isParser: false, run: { input in
            guard let (decode, payload) = select(input, from: generated) else { return }
            decode(payload)
        }, seeds: { messageSeeds().map { [$0[0] % 5] + $0.dropFirst() } }),
        FuzzTarget(name: "protobuf-json", isParser: false, run: { input in
            guard let ((schema, name), text) = select(input, from: messages), let json = try? JSONValue(parsing: text),
                let message = try? schema.message(fromJSON: json, as: name)
            else { return }
            guard let encoded = try? schema.encode(message, as: name) else { preconditionFailure("a message read from JSON does not encode") }
            require((try? schema.decode(encoded, as: name)) != nil, "a message read from JSON encodes to bytes that do not decode")
        }, seeds: {
            messages.enumerated().flatMap { index, entry in
                var random = RandomProto(schema: entry.schema, seed: UInt64(index) + 50)
                return (0..<3).compactMap { _ in
                    (try? entry.schema.json(random.message(entry.name), as: entry.name)).map { [UInt8(index)] + Array($0.serialized().utf8) }
                }
            }
        }),
        FuzzTarget(name: "proto-schema", isParser: true, run: { input in
            guard let text = String(validating: input, as: UTF8.self), let schema = try? ProtoSchema(parsing: text, path: "fuzz.proto") else { return }
            guard let normal = try? ProtoSchema(parsing: schema.normalizedSource, path: "fuzz.proto") else {
                preconditionFailure("the normal form does not parse: \(schema.normalizedSource.prefix(300))")
            }
            require(normal.normalizedSource == schema.normalizedSource, "the normal form is not a fixed point")
            if let descriptor = try? schema.fileDescriptorProto() {
                // What Confluent's Python client registers: the same schema, read back from its descriptor.
                guard let back = try? ProtoSchema(fileDescriptorProto: descriptor) else {
                    preconditionFailure("a schema's own descriptor does not read back: \(schema.normalizedSource.prefix(300))")
                }
                require(back.differences(from: schema).isEmpty, "the schema read from its descriptor differs: \(back.differences(from: schema).prefix(3))")
            }
            require(schema.compatibility(against: [("1", schema)], level: .full).isCompatible, "a schema is incompatible with itself")
            require(schema.differences(from: schema).isEmpty, "a schema differs from itself")
            for name in schema.messageNames.prefix(8) { _ = try? schema.messageIndexes(of: name) }
            _ = try? ProtobufSwiftGenerator().generate(files: [("fuzz.proto", text)])
        }, seeds: { [Array(legacySource.utf8), Array(allSource.utf8)] }),
        FuzzTarget(name: "proto-descriptor", isParser: true, run: { input in
            // Hostile registrations: any bytes as a FileDescriptorProto, an error or a schema.
            guard let schema = try? ProtoSchema(fileDescriptorProto: input) else { return }
            _ = schema.differences(from: schema)
        }, seeds: {
            [legacySource, allSource].compactMap { source in try? ProtoSchema(parsing: source, path: "fuzz.proto").fileDescriptorProto() }
        }),
        FuzzTarget(name: "protobuf-compatibility", isParser: true, run: { input in
            guard let (first, second) = halves(input), let old = try? ProtoSchema(parsing: first, path: "fuzz.proto"),
                let new = try? ProtoSchema(parsing: second, path: "fuzz.proto")
            else { return }
            let result = new.compatibility(against: [("1", old)], level: .backward)
            _ = result.incompatibilities.map(\.description)
            // The verdict and the full list tell the same story.
            require(result.isCompatible == new.differences(from: old).allSatisfy(\.isCompatible) || result.incompatibilities.contains { $0.kind == .checkLimitExceeded },
                    "the verdict and the differences disagree")
            _ = new.compatibility(against: [("1", old)], level: .fullTransitive).incompatibilities.map(\.description)
        }, seeds: {
            let renamed = allSource.replacingOccurrences(of: "string s = 14", with: "bytes s = 14").replacingOccurrences(of: "oneof o {", with: "oneof p {")
            return [Array(allSource.utf8) + [0] + Array(renamed.utf8), Array(legacySource.utf8) + [0] + Array(legacySource.replacingOccurrences(of: "required", with: "optional").utf8)]
        }),
    ]
}
