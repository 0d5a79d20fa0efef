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
        guard let messageIndexes else { return }
        if messageIndexes == [0] {
            writer.writeZigZag(0)
            return
        }
        writer.writeZigZag(Int64(messageIndexes.count))
        for index in messageIndexes { writer.writeZigZag(Int64(index)) }
    }

    /// Frames `payload` as one message.
    public static func frame(schemaID: Int32, messageIndexes: [Int]? = nil, payload: [UInt8]) -> [UInt8] {
        var writer = ByteWriter(capacity: payload.count + 8)
        writeHeader(schemaID: schemaID, messageIndexes: messageIndexes, into: &writer)
        writer.write(bytes: payload)
        return writer.bytes
    }

    /// The most message indexes accepted when reading, far beyond any real nesting depth, so that a
    /// corrupt count cannot cause a large allocation.
    public static let maximumMessageIndexes = 128

    /// Reads the header of a framed message.
    ///
    /// - Parameter hasMessageIndexes: true for Protobuf payloads, which carry the index path.
    public static func readHeader(_ bytes: [UInt8], hasMessageIndexes: Bool = false) throws(WireFormatError) -> Header {
        var reader = ByteReader(bytes)
        let magic = try reader.readByte()
        guard magic == magicByte else { throw .invalidMagicByte(offset: 0, found: magic) }
        let schemaID = try reader.readBigEndian(Int32.self)
        guard hasMessageIndexes else { return Header(schemaID: schemaID, payloadOffset: reader.offset) }
        let countOffset = reader.offset
        let count = try reader.readZigZag64()
        if count == 0 { return Header(schemaID: schemaID, messageIndexes: [0], payloadOffset: reader.offset) }
        guard count > 0, count <= Int64(maximumMessageIndexes) else {
            throw .invalidLength(offset: countOffset, length: count, remaining: reader.remaining)
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
        return Header(schemaID: schemaID, messageIndexes: indexes, payloadOffset: reader.offset)
    }
}
