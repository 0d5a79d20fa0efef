import CProtobufCFixtures
import Foundation
import SchemaWireCore
import SchemaWireProtobuf

/// protobuf-c, the C reference implementation, through the messages protoc-c compiled from
/// `Tests/CProtobufCFixtures/*.proto`. The only place tests touch its C API.
public enum ProtobufCReference {
    /// The agreement schemas' folder, for loading the same `.proto` files into SchemaWire.
    public static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../CProtobufCFixtures").standardizedFileURL

    public static func source(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    public enum Failure: Error, Equatable {
        /// protobuf-c could not unpack the input.
        case rejected
        case unknownMessage(String)
    }

    /// Unpacks `bytes` as `message` (full name) with protobuf-c and packs them again.
    public static func repack(_ bytes: [UInt8], as message: String) -> Result<[UInt8], Failure> {
        var output: UnsafeMutablePointer<UInt8>?
        let size = bytes.withUnsafeBufferPointer { buffer in
            reference_repack(message, buffer.baseAddress, buffer.count, &output)
        }
        defer { reference_free(output) }
        switch size {
        case -2: return .failure(.unknownMessage(message))
        case ..<0: return .failure(.rejected)
        default: return .success(output.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        }
    }

    /// The values protobuf-c holds after unpacking `bytes` as `message`, in the text
    /// ``describe(_:as:in:)`` renders for a value of ours: comparing the two checks what the bytes
    /// mean, which a round trip through both sides cannot (a mapping bug shared by our encoder and
    /// decoder survives a round trip).
    public static func describe(_ bytes: [UInt8], as message: String) -> Result<String, Failure> {
        var output: UnsafeMutablePointer<CChar>?
        let size = bytes.withUnsafeBufferPointer { buffer in
            reference_describe(message, buffer.baseAddress, buffer.count, &output)
        }
        defer { output.map { reference_free(UnsafeMutableRawPointer($0).assumingMemoryBound(to: UInt8.self)) } }
        switch size {
        case -2: return .failure(.unknownMessage(message))
        case ..<0: return .failure(.rejected)
        default: return .success(output.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: size), as: UTF8.self) } ?? "")
        }
    }

    /// `value` (a message `name` of `schema`) as protobuf-c's struct would hold it, rendered like
    /// ``describe(_:as:)``: every present field as "NUMBER:VALUE " in number order, proto3's
    /// implicit zero values spelled out (a C struct always has them).
    public static func describe(_ value: ProtoMessage, as name: String, in schema: ProtoSchema) -> String {
        guard let type = schema.messageType(named: name) else { return "unknown message \(name)" }
        var text = ""
        render(value, type, schema, into: &text)
        return text
    }

    private static func render(_ message: ProtoMessage, _ type: ProtoMessageType, _ schema: ProtoSchema, into text: inout String) {
        let proto3 = schema.file.syntax == .proto3
        for field in type.fields.sorted(by: { $0.number < $1.number }) {
            switch message.fields[field.number] {
            case let .single(value)?:
                text += "\(field.number):" + render(value, field, schema) + " "
            case let .repeated(values)?:
                for value in values { text += "\(field.number):" + render(value, field, schema) + " " }
            case let .map(entries)?:
                guard let entryType = field.typeName.flatMap(schema.messageType(named:)), entryType.fields.count == 2 else {
                    text += "\(field.number):?map "
                    continue
                }
                for entry in entries {
                    let (key, value) = (entryType.fields[0], entryType.fields[1])
                    text += "\(field.number):{\(key.number):" + render(entry.key, key, schema) + " \(value.number):" + render(entry.value, value, schema) + " } "
                }
            case nil:
                if proto3, field.label != .repeated, field.oneofIndex == nil, !field.isProto3Optional, field.type != .message {
                    text += "\(field.number):" + zero(field.type) + " "
                }
            }
        }
    }

    private static func render(_ value: ProtoValue, _ field: ProtoField, _ schema: ProtoSchema) -> String {
        switch value {
        case let .int32(v): return String(v)
        case let .int64(v): return String(v)
        case let .uint32(v): return String(v)
        case let .uint64(v): return String(v)
        case let .enumValue(v): return String(v)
        case let .bool(v): return v ? "true" : "false"
        case let .float(v): return "f" + withUnsafeBytes(of: v.bitPattern.bigEndian) { $0.hexString }
        case let .double(v): return "d" + withUnsafeBytes(of: v.bitPattern.bigEndian) { $0.hexString }
        case let .string(v): return "s" + v.utf8.hexString
        case let .bytes(v): return "b" + v.hexString
        case let .message(inner):
            guard let type = field.typeName.flatMap(schema.messageType(named:)) else { return "{?}" }
            var text = "{"
            render(inner, type, schema, into: &text)
            return text + "}"
        }
    }

    private static func zero(_ type: ProtoFieldType) -> String {
        switch type {
        case .double: return "d" + String(repeating: "0", count: 16)
        case .float: return "f" + String(repeating: "0", count: 8)
        case .bool: return "false"
        case .string: return "s"
        case .bytes: return "b"
        default: return "0"
        }
    }

    /// protobuf-c's mean pack and unpack times for `bytes` as `message`, measured in C.
    public static func benchmark(_ bytes: [UInt8], as message: String, iterations: Int) -> Result<(pack: Double, unpack: Double), Failure> {
        var pack = 0.0
        var unpack = 0.0
        let status = bytes.withUnsafeBufferPointer { buffer in
            reference_bench(message, buffer.baseAddress, buffer.count, iterations, &pack, &unpack)
        }
        switch status {
        case -2: return .failure(.unknownMessage(message))
        case ..<0: return .failure(.rejected)
        default: return .success((pack, unpack))
        }
    }
}
