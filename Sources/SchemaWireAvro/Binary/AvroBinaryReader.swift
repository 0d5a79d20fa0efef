import Foundation
import SchemaWireCore

/// The Avro binary primitives over a ``ByteReader``, reporting problems as ``AvroError`` with the
/// byte offset, and enforcing the limits that keep hostile input from costing more than its size.
///
/// Public so that generated types (`schemawire generate`) decode without the generic machinery.
public struct AvroBinaryReader: Sendable {
    public var bytes: ByteReader
    @usableFromInline var depth = 0
    public let limits: AvroDecodingLimits

    public init(_ bytes: ByteReader, limits: AvroDecodingLimits = .default) {
        self.bytes = bytes
        self.limits = limits
    }

    /// A reader over `bytes` from their start.
    public init(bytes: [UInt8], limits: AvroDecodingLimits = .default) {
        self.init(ByteReader(bytes), limits: limits)
    }

    public func malformed(_ message: String, at offset: Int? = nil) -> AvroError {
        .malformedData(offset: offset ?? bytes.offset, path: "", message: message)
    }

    // The primitives generated code calls per field are inlinable, with their error messages
    // built out of line: called across modules they were a fifth of a decode profile.

    @inlinable
    public mutating func enter() throws(AvroError) {
        depth += 1
        if depth > limits.maximumDepth { throw tooDeep() }
    }

    @usableFromInline
    func tooDeep() -> AvroError { malformed("values nest deeper than \(limits.maximumDepth) levels") }

    @inlinable
    public mutating func leave() { depth -= 1 }

    public mutating func boolean() throws(AvroError) -> Bool {
        let offset = bytes.offset
        let byte: UInt8
        do { byte = try bytes.readByte() } catch { throw .wire(error) }
        guard byte <= 1 else { throw malformed("a boolean must be 0 or 1, found \(byte)", at: offset) }
        return byte == 1
    }

    // `int`, `long` and `length` take a one-byte value inline and call out for the rest: with the
    // error conversion inline the compiler kept them out of line, a call per field.

    @inlinable @inline(__always)
    public mutating func int() throws(AvroError) -> Int32 {
        if let raw = bytes.readOneByteVarint() { return Int32(truncatingIfNeeded: ByteReader.zigZagDecoded(raw)) }
        return try longerInt()
    }

    @usableFromInline
    mutating func longerInt() throws(AvroError) -> Int32 {
        do { return try bytes.readZigZag32() } catch { throw .wire(error) }
    }

    @inlinable @inline(__always)
    public mutating func long() throws(AvroError) -> Int64 {
        if let raw = bytes.readOneByteVarint() { return ByteReader.zigZagDecoded(raw) }
        return try longerLong()
    }

    @usableFromInline
    mutating func longerLong() throws(AvroError) -> Int64 {
        do { return try bytes.readZigZag64() } catch { throw .wire(error) }
    }

    public mutating func float() throws(AvroError) -> Float {
        do { return Float(bitPattern: try bytes.readLittleEndian(UInt32.self)) } catch { throw .wire(error) }
    }

    public mutating func double() throws(AvroError) -> Double {
        do { return Double(bitPattern: try bytes.readLittleEndian(UInt64.self)) } catch { throw .wire(error) }
    }

    /// Reads a length prefix and checks it against the remaining input before anything is allocated.
    @inlinable @inline(__always)
    public mutating func length() throws(AvroError) -> Int {
        let offset = bytes.offset
        guard let raw = bytes.readOneByteVarint() else { return try longerLength(at: offset) }
        // Zigzag: even raw values are the lengths 0...63, odd ones negative.
        if raw & 1 == 0, Int(truncatingIfNeeded: raw >> 1) <= bytes.remaining { return Int(truncatingIfNeeded: raw >> 1) }
        return try checkedLength(ByteReader.zigZagDecoded(raw), at: offset)
    }

    @usableFromInline
    mutating func longerLength(at offset: Int) throws(AvroError) -> Int {
        try checkedLength(try longerLong(), at: offset)
    }

    @usableFromInline
    func checkedLength(_ length: Int64, at offset: Int) throws(AvroError) -> Int {
        do { return try bytes.checkedLength(length, at: offset) } catch { throw .wire(error) }
    }

    public mutating func byteArray() throws(AvroError) -> [UInt8] {
        let count = try length()
        do { return try bytes.readBytes(count) } catch { throw .wire(error) }
    }

    @inlinable
    public mutating func string() throws(AvroError) -> String {
        let count = try length()
        do { return try bytes.readUTF8(count) } catch { throw .wire(error) }
    }

    public mutating func fixed(_ size: Int) throws(AvroError) -> [UInt8] {
        do { return try bytes.readBytes(size) } catch { throw .wire(error) }
    }

    public mutating func skip(_ count: Int) throws(AvroError) {
        do { try bytes.skip(count) } catch { throw .wire(error) }
    }

    /// Reads the next block header of an array or map: the item count (0 ends the value). A negative
    /// count is followed by the block's byte size, which is read and checked.
    ///
    /// Counts larger than the remaining input are refused unless the items can be empty on the wire
    /// (`minimumItemSize` 0), and then only up to ``AvroDecodingLimits/maximumEmptyItems``, so a
    /// forged count can neither allocate nor loop beyond what the payload justifies.
    public mutating func blockCount(minimumItemSize: Int) throws(AvroError) -> Int {
        let offset = bytes.offset
        var count = try long()
        if count < 0 {
            guard count != .min else { throw malformed("invalid block count \(count)", at: offset) }
            count = -count
            let sizeOffset = bytes.offset
            let size = try long()
            do { _ = try bytes.checkedLength(size, at: sizeOffset) } catch { throw .wire(error) }
        }
        let remaining = Int64(bytes.remaining)
        if minimumItemSize > 0 {
            guard count <= remaining / Int64(minimumItemSize) else {
                throw malformed("block of \(count) items cannot fit in the \(remaining) remaining byte(s)", at: offset)
            }
        } else if count > Int64(limits.maximumEmptyItems) {
            throw malformed("block of \(count) empty items exceeds the limit of \(limits.maximumEmptyItems)", at: offset)
        }
        return Int(count)
    }

    /// Reads every block of an array or map, calling `item` once per item with its index.
    ///
    /// The total of empty items across blocks is bounded too, so many small blocks of a forged
    /// count cannot loop beyond ``AvroDecodingLimits/maximumEmptyItems``.
    ///
    /// `block` hears each block's count first, when items take at least a byte on the wire (so
    /// the count is bounded by the input): arrays reserve room with it.
    @inlinable
    public mutating func readBlocks(
        minimumItemSize: Int, block: (Int) -> Void = { _ in }, _ item: (inout AvroBinaryReader, Int) throws(AvroError) -> Void
    ) throws(AvroError) {
        try enter()
        defer { leave() }
        var index = 0
        while true {
            let count = try blockCount(minimumItemSize: minimumItemSize)
            if count == 0 { return }
            if minimumItemSize > 0 { block(count) }
            if minimumItemSize == 0 && index + count > limits.maximumEmptyItems {
                throw malformed("more than \(limits.maximumEmptyItems) empty items in one array or map")
            }
            // A counted loop: `for` over a range goes through the standard library's iterator.
            let end = index + count
            while index < end {
                try item(&self, index)
                index += 1
            }
        }
    }

    /// Reads an array of items with `element` (for generated code).
    ///
    /// Inlinable, so that the element type is known where the array grows: generic growth
    /// looked up its metadata on every append.
    @inlinable
    public mutating func array<Element>(
        minimumItemSize: Int, _ element: (inout AvroBinaryReader) throws(AvroError) -> Element
    ) throws(AvroError) -> [Element] {
        var elements: [Element] = []
        // Room for the first block only: reserving per block could reallocate once per item.
        try readBlocks(minimumItemSize: minimumItemSize, block: { if elements.isEmpty { elements.reserveCapacity($0) } }) {
            (reader, _) throws(AvroError) in elements.append(try element(&reader))
        }
        return elements
    }

    /// Reads a map of values with `value` (for generated code).
    @inlinable
    public mutating func map<Value>(_ value: (inout AvroBinaryReader) throws(AvroError) -> Value) throws(AvroError) -> [String: Value] {
        var entries: [String: Value] = [:]
        try readBlocks(minimumItemSize: 1) { (reader, _) throws(AvroError) in
            let key = try reader.string()
            entries[key] = try value(&reader)
        }
        return entries
    }

    /// Reads a union branch index and hands it to `body` with the reader (for generated code).
    @inlinable
    public mutating func union<Value>(
        branchCount: Int, _ body: (inout AvroBinaryReader, Int) throws(AvroError) -> Value
    ) throws(AvroError) -> Value {
        try enter()
        defer { leave() }
        let branch = try unionIndex(branchCount: branchCount)
        return try body(&self, branch)
    }

    /// Reads a string holding a UUID.
    public mutating func uuid() throws(AvroError) -> UUID {
        let offset = bytes.offset
        let count = try length()
        // The text is kept only when it is not a UUID, for the message.
        let parsed: (uuid: UUID?, text: String)
        do {
            parsed = try bytes.withBytes(count) { text in
                AvroUUID.parse(text).map { ($0, "") } ?? (nil, String(decoding: text, as: UTF8.self))
            }
        } catch {
            throw .wire(error)
        }
        guard let uuid = parsed.uuid else { throw malformed("\"\(parsed.text)\" is not a UUID", at: offset) }
        return uuid
    }

    /// Reads a `bytes`-backed decimal at `scale` in place (no array per value).
    public mutating func decimal(scale: Int) throws(AvroError) -> Decimal {
        let count = try length()
        do { return try bytes.withBytes(count) { AvroDecimal.decimal(from: $0, scale: scale) } } catch { throw .wire(error) }
    }

    /// Reads an enum symbol index and checks it against the number of symbols.
    public mutating func enumIndex(symbolCount: Int) throws(AvroError) -> Int {
        let offset = bytes.offset
        let index = try int()
        guard index >= 0, Int(index) < symbolCount else {
            throw malformed("enum index \(index) is out of range (\(symbolCount) symbols)", at: offset)
        }
        return Int(index)
    }

    /// Reads a union branch index and checks it against the number of branches.
    @inlinable @inline(__always)
    public mutating func unionIndex(branchCount: Int) throws(AvroError) -> Int {
        let offset = bytes.offset
        let index = try long()
        guard index >= 0, index < Int64(branchCount) else { throw unionIndexOutOfRange(index, branchCount: branchCount, at: offset) }
        return Int(index)
    }

    @usableFromInline
    func unionIndexOutOfRange(_ index: Int64, branchCount: Int, at offset: Int) -> AvroError {
        malformed("union index \(index) is out of range (the union has \(branchCount) branches)", at: offset)
    }

    public func expectEnd() throws(AvroError) {
        do { try bytes.expectEnd() } catch { throw .wire(error) }
    }
}

/// Bounds on what decoding hostile input may cost.
public struct AvroDecodingLimits: Hashable, Sendable {
    /// The deepest nesting of records, arrays, maps and unions accepted.
    public var maximumDepth: Int
    /// The most items a single array or map may hold when its items take no bytes on the wire
    /// (`null`, empty records); items that take bytes are bounded by the input size instead.
    public var maximumEmptyItems: Int

    public init(maximumDepth: Int = 256, maximumEmptyItems: Int = 1 << 20) {
        self.maximumDepth = maximumDepth
        self.maximumEmptyItems = maximumEmptyItems
    }

    public static let `default` = AvroDecodingLimits()
}

extension AvroSchema {
    /// The fewest bytes a value of `type` can take on the wire (0 for `null`, empty records, fixed(0)).
    public func minimumEncodedSize(_ declared: AvroType, visiting: Set<String> = []) -> Int {
        let type = resolve(declared)
        switch type.kind {
        case .null: return 0
        case .boolean, .int, .long, .bytes, .string, .enumeration, .array, .map, .union: return 1
        case .float: return 4
        case .double: return 8
        case let .fixed(fixed): return min(fixed.size, 1)
        case let .record(record):
            guard !visiting.contains(record.name.fullName) else { return 1 }
            let inner = visiting.union([record.name.fullName])
            return record.fields.contains { minimumEncodedSize($0.type, visiting: inner) > 0 } ? 1 : 0
        case .reference: return 1
        }
    }
}
