import OrderedCollections
import SchemaWireCore

/// Avro Object Container Files: a header carrying the schema and codec, then blocks of values,
/// each followed by the file's 16-byte sync marker.
public enum AvroContainerFile {
    /// The four bytes every container file starts with.
    public static let magic: [UInt8] = [0x4F, 0x62, 0x6A, 0x01]

    /// How blocks are compressed.
    public enum Codec: Hashable, Sendable {
        case null
        /// Raw DEFLATE at a zlib level (0–9; -1 for zlib's default).
        case deflate(level: Int32 = -1)

        /// The `avro.codec` metadata value.
        public var name: String {
            switch self {
            case .null: return "null"
            case .deflate: return "deflate"
            }
        }
    }

    /// The header's metadata map type: keys to raw byte values.
    public typealias Metadata = OrderedDictionary<String, [UInt8]>
}

/// Writes an Avro Object Container File in memory.
///
/// Values are buffered into blocks of about ``blockSize`` bytes; ``finish()`` writes the last
/// block and returns the file's bytes.
public struct AvroContainerWriter: Sendable {
    public let schema: AvroSchema
    public let codec: AvroContainerFile.Codec
    public let syncMarker: [UInt8]
    /// The uncompressed size at which a block is closed.
    public var blockSize: Int
    private var output: [UInt8]
    private var block: [UInt8] = []
    private var blockCount = 0

    /// Starts a file for `schema`.
    ///
    /// - Parameter syncMarker: 16 bytes; random by default. Pass a fixed marker for reproducible files.
    public init(
        schema: AvroSchema, codec: AvroContainerFile.Codec = .null, syncMarker: [UInt8]? = nil,
        metadata: AvroContainerFile.Metadata = [:], blockSize: Int = 64 * 1024
    ) throws(AvroError) {
        let marker = syncMarker ?? (0..<16).map { _ in UInt8.random(in: 0...255) }
        guard marker.count == 16 else { throw .invalidContainer(offset: 0, message: "the sync marker must be 16 bytes, not \(marker.count)") }
        self.schema = schema
        self.codec = codec
        self.syncMarker = marker
        self.blockSize = blockSize
        var header = metadata
        header["avro.schema"] = Array(schema.jsonString().utf8)
        header["avro.codec"] = Array(codec.name.utf8)
        var writer = ByteWriter(capacity: 4096)
        writer.write(bytes: AvroContainerFile.magic)
        writer.writeZigZag(Int64(header.count))
        for (key, value) in header {
            writer.writeZigZag(Int64(key.utf8.count))
            writer.write(utf8: key)
            writer.writeZigZag(Int64(value.count))
            writer.write(bytes: value)
        }
        writer.write(byte: 0)
        writer.write(bytes: marker)
        output = writer.bytes
    }

    /// Appends one value. A value that does not match the schema is rejected whole: nothing of it
    /// reaches the block.
    public mutating func append(_ value: AvroValue) throws(AvroError) {
        block.append(contentsOf: try schema.encode(value))
        blockCount += 1
        if block.count >= blockSize { try flushBlock() }
    }

    /// Writes the buffered values as one block.
    public mutating func flushBlock() throws(AvroError) {
        guard blockCount > 0 else { return }
        let data: [UInt8]
        switch codec {
        case .null: data = block
        case let .deflate(level):
            do { data = try Deflate.compress(block, level: level) } catch {
                throw .invalidContainer(offset: output.count, message: "deflate failed: \(error)")
            }
        }
        var counts = ByteWriter(capacity: 20)
        counts.writeZigZag(Int64(blockCount))
        counts.writeZigZag(Int64(data.count))
        counts.withBytes { output.append(contentsOf: $0) }
        output.append(contentsOf: data)
        output.append(contentsOf: syncMarker)
        block.removeAll(keepingCapacity: true)
        blockCount = 0
    }

    /// Writes the last block and returns the complete file.
    public mutating func finish() throws(AvroError) -> [UInt8] {
        try flushBlock()
        return output
    }
}

/// Reads an Avro Object Container File from memory.
public struct AvroContainerReader: Sendable {
    /// The writer's schema, from the header.
    public let schema: AvroSchema
    public let codec: AvroContainerFile.Codec
    public let metadata: AvroContainerFile.Metadata
    public let syncMarker: [UInt8]
    private let bytes: [UInt8]
    private let dataOffset: Int
    private let limits: AvroDecodingLimits
    private let maximumBlockSize: Int

    /// Parses the header of `bytes`.
    ///
    /// - Parameter maximumBlockSize: the most bytes one decompressed block may hold.
    public init(bytes: [UInt8], limits: AvroDecodingLimits = .default, maximumBlockSize: Int = 64 << 20) throws(AvroError) {
        var reader = AvroBinaryReader(ByteReader(bytes), limits: limits)
        let magic = try reader.fixed(4)
        guard magic == AvroContainerFile.magic else {
            throw .invalidContainer(offset: 0, message: "not an Avro container file (expected magic Obj\\x01)")
        }
        var metadata = AvroContainerFile.Metadata()
        while true {
            let count = try reader.blockCount(minimumItemSize: 1)
            if count == 0 { break }
            for _ in 0..<count {
                let key = try reader.string()
                metadata[key] = try reader.byteArray()
            }
        }
        syncMarker = try reader.fixed(16)
        guard let schemaBytes = metadata["avro.schema"], let schemaText = String(validating: schemaBytes, as: UTF8.self) else {
            throw .invalidContainer(offset: 4, message: "the header has no avro.schema")
        }
        do {
            schema = try AvroSchema(parsing: schemaText)
        } catch {
            throw .invalidContainer(offset: 4, message: "the header's schema is invalid: \(error)")
        }
        switch metadata["avro.codec"].map({ String(decoding: $0, as: UTF8.self) }) ?? "null" {
        case "null": codec = .null
        case "deflate": codec = .deflate()
        case let other: throw .invalidContainer(offset: 4, message: "unsupported codec \"\(other)\" (supported: null, deflate)")
        }
        self.metadata = metadata
        self.bytes = bytes
        self.dataOffset = reader.bytes.offset
        self.limits = limits
        self.maximumBlockSize = maximumBlockSize
    }

    /// Every value in the file, in order.
    public func values() throws(AvroError) -> [AvroValue] {
        var values: [AvroValue] = []
        try forEach { values.append($0) }
        return values
    }

    /// Calls `body` with each value in order, one block in memory at a time.
    ///
    /// The whole file is one input for ``AvroDecodingLimits/maximumEmptyItems``: its values share
    /// the budget, so a file of many tiny values each claiming a million nulls is refused as
    /// surely as one such value.
    public func forEach(_ body: (AvroValue) throws(AvroError) -> Void) throws(AvroError) {
        var reader = AvroBinaryReader(ByteReader(bytes, startOffset: dataOffset), limits: limits)
        var values = AvroBinaryReader(ByteReader([]), limits: limits)
        let emptyRoot = schema.minimumEncodedSize(schema.root) == 0
        while !reader.bytes.isAtEnd {
            let blockOffset = reader.bytes.offset
            let count = try reader.long()
            guard count >= 0 else { throw .invalidContainer(offset: blockOffset, message: "negative block count \(count)") }
            let data = try reader.byteArray()
            let marker = try reader.fixed(16)
            guard marker == syncMarker else {
                throw .invalidContainer(offset: reader.bytes.offset - 16, message: "sync marker mismatch after the block at byte \(blockOffset)")
            }
            let block: [UInt8]
            switch codec {
            case .null: block = data
            case .deflate:
                do {
                    block = try Deflate.decompress(data, limit: maximumBlockSize)
                } catch .outputTooLarge {
                    throw .limitExceeded(LimitExceeded(
                        setting: "AvroContainerReader(maximumBlockSize:)", limit: maximumBlockSize, counted: "bytes of one inflated block",
                        offset: blockOffset))
                } catch {
                    throw .invalidContainer(offset: blockOffset, message: "cannot inflate the block: \(error)")
                }
            }
            if emptyRoot {
                try values.charge(emptyItems: count, weight: schema.emptyValueWeight(schema.root), at: blockOffset)
            } else {
                let minimum = Int64(max(schema.minimumEncodedSize(schema.root), 1))
                guard count <= Int64(block.count) / minimum else {
                    throw .invalidContainer(offset: blockOffset, message: "block claims \(count) values in \(block.count) bytes")
                }
            }
            values.bytes = ByteReader(block)
            for _ in 0..<count {
                try body(try schema.decodeValue(schema.root, from: &values))
            }
            guard values.bytes.isAtEnd else {
                throw .invalidContainer(offset: blockOffset, message: "\(values.bytes.remaining) byte(s) left over in the block")
            }
        }
    }
}
