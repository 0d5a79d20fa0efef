/// The Confluent wire format that every Schema Registry serializer writes in front of a payload:
/// magic byte `0`, the schema id as a 4-byte big-endian integer, and for Protobuf the message-index
/// path of the message type inside its file.
public enum ConfluentFraming {
    /// The byte every framed payload starts with.
    public static let magicByte: UInt8 = 0

    /// The framing of one message: which schema wrote it and where its payload starts.
    public struct Header: Hashable, Sendable {
        /// The registry's id of the writer schema.
        public var schemaID: Int32
        /// The Protobuf message-index path (`[0]` = the file's first message), or nil for Avro/JSON.
        public var messageIndexes: [Int]?
        /// The offset of the first payload byte in the framed message.
        public var payloadOffset: Int

        public init(schemaID: Int32, messageIndexes: [Int]? = nil, payloadOffset: Int) {
            self.schemaID = schemaID
            self.messageIndexes = messageIndexes
            self.payloadOffset = payloadOffset
        }
    }

    /// Writes the 5-byte header (and the message indexes, when given) into `writer`.
    ///
    /// Message indexes use Confluent's encoding: a zigzag count followed by zigzag indexes, with the
    /// single byte `0` standing for the common path `[0]`.
    public static func writeHeader(schemaID: Int32, messageIndexes: [Int]? = nil, into writer: inout ByteWriter) {
        writer.write(byte: magicByte)
        writer.writeBigEndian(schemaID)
        if let messageIndexes { writeMessageIndexes(messageIndexes, into: &writer) }
    }

    /// Frames `payload` as one message.
    public static func frame(schemaID: Int32, messageIndexes: [Int]? = nil, payload: [UInt8]) -> [UInt8] {
        ByteWriter.collect(stackCapacity: payload.count + 16) { writer in
            writeHeader(schemaID: schemaID, messageIndexes: messageIndexes, into: &writer)
            writer.write(bytes: payload)
        }
    }

    /// The most message indexes accepted when reading, far beyond any real nesting depth, so that a
    /// corrupt count cannot cause a large allocation.
    public static let maximumMessageIndexes = 128

    /// Reads the header of a framed message written with a 4-byte id (magic byte 0).
    ///
    /// - Parameter hasMessageIndexes: true for Protobuf payloads, which carry the index path.
    public static func readHeader(_ bytes: [UInt8], hasMessageIndexes: Bool = false) throws(WireFormatError) -> Header {
        if let first = bytes.first, first != magicByte { throw .invalidMagicByte(offset: 0, found: first) }
        let frame = try readFrame(bytes, hasMessageIndexes: hasMessageIndexes)
        guard case let .id(schemaID) = frame.schema else { throw .invalidMagicByte(offset: 0, found: guidMagicByte) }
        return Header(schemaID: schemaID, messageIndexes: frame.messageIndexes, payloadOffset: frame.payloadOffset)
    }

    /// The magic byte of a prefix or header that names its schema by GUID instead of id.
    public static let guidMagicByte: UInt8 = 1

    /// The framing of one message as either identifier names its schema.
    public struct Frame: Hashable, Sendable {
        public var schema: SchemaIdentifier
        /// The Protobuf message-index path, or nil for Avro/JSON.
        public var messageIndexes: [Int]?
        /// The offset of the first payload byte.
        public var payloadOffset: Int
    }

    /// Reads a schema identifier — magic 0 and a 4-byte big-endian id, or magic 1 and a 16-byte
    /// GUID — and, for Protobuf, the message indexes after it. Used for payload prefixes and for
    /// the values of the `__key_schema_id`/`__value_schema_id` headers alike.
    public static func readFrame(_ bytes: [UInt8], hasMessageIndexes: Bool = false) throws(WireFormatError) -> Frame {
        var reader = ByteReader(bytes)
        let magic = try reader.readByte()
        let schema: SchemaIdentifier
        switch magic {
        case magicByte:
            schema = .id(try reader.readBigEndian(Int32.self))
        case guidMagicByte:
            let start = reader.offset
            guard reader.remaining >= 16, let guid = SchemaGUID(bytes: bytes[start..<start + 16]) else {
                throw .truncated(offset: start, needed: 16, available: reader.remaining)
            }
            try reader.skip(16)
            schema = .guid(guid)
        default:
            throw .invalidMagicByte(offset: 0, found: magic)
        }
        let indexes = hasMessageIndexes ? try readMessageIndexes(&reader) : nil
        return Frame(schema: schema, messageIndexes: indexes, payloadOffset: reader.offset)
    }

    /// The header value naming `guid` (magic 1, the 16 bytes, then any message indexes).
    public static func headerValue(guid: SchemaGUID, messageIndexes: [Int]? = nil) -> [UInt8] {
        ByteWriter.collect { writer in
            writer.write(byte: guidMagicByte)
            writer.write(bytes: guid.bytes)
            if let messageIndexes { writeMessageIndexes(messageIndexes, into: &writer) }
        }
    }

    /// The record header that carries a key's schema identifier in header framing.
    public static let keySchemaIDHeader = "__key_schema_id"
    /// The record header that carries a value's schema identifier in header framing.
    public static let valueSchemaIDHeader = "__value_schema_id"

    private static func writeMessageIndexes(_ messageIndexes: [Int], into writer: inout ByteWriter) {
        if messageIndexes == [0] {
            writer.writeZigZag(0)
            return
        }
        writer.writeZigZag(Int64(messageIndexes.count))
        for index in messageIndexes { writer.writeZigZag(Int64(index)) }
    }

    /// A zigzag count and that many zigzag indexes, each checked: negative or huge counts and
    /// negative indexes are errors at their byte offset, never an allocation.
    private static func readMessageIndexes(_ reader: inout ByteReader) throws(WireFormatError) -> [Int] {
        let countOffset = reader.offset
        let count = try reader.readZigZag64()
        if count == 0 { return [0] }
        guard count > 0 else { throw .invalidLength(offset: countOffset, length: count, remaining: reader.remaining) }
        guard count <= Int64(maximumMessageIndexes) else {
            throw .limitExceeded(LimitExceeded(
                setting: "ConfluentFraming.maximumMessageIndexes", limit: maximumMessageIndexes, counted: "message indexes in one record's path",
                offset: countOffset))
        }
        var indexes: [Int] = []
        indexes.reserveCapacity(Int(count))
        for _ in 0..<count {
            let indexOffset = reader.offset
            let index = try reader.readZigZag64()
            guard index >= 0, index <= Int64(Int32.max) else {
                throw .invalidLength(offset: indexOffset, length: index, remaining: reader.remaining)
            }
            indexes.append(Int(index))
        }
        return indexes
    }
}

/// Which schema wrote a record: the registry's 4-byte id, or the GUID that names it across registries.
public enum SchemaIdentifier: Hashable, Sendable, CustomStringConvertible {
    case id(Int32)
    case guid(SchemaGUID)

    public var description: String {
        switch self {
        case let .id(id): return "schema id \(id)"
        case let .guid(guid): return "schema GUID \(guid)"
        }
    }
}
