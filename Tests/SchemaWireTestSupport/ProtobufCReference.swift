import CProtobufCFixtures
import Foundation

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
