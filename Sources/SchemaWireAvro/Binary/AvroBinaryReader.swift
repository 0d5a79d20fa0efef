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
    /// What is left of the message's ``AvroDecodingLimits/maximumEmptyItems``.
    @usableFromInline var emptyItemsLeft: Int

    public init(_ bytes: ByteReader, limits: AvroDecodingLimits = .default) {
        self.bytes = bytes
        self.limits = limits
        self.emptyItemsLeft = limits.maximumEmptyItems
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
    func tooDeep() -> AvroError {
        .limitExceeded(LimitExceeded(
            setting: "AvroDecodingLimits.maximumDepth", limit: limits.maximumDepth, counted: "levels of nested records, arrays, maps and unions",
            offset: bytes.offset))
    }

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
    /// Counts larger than the remaining input could hold are refused. Items that take no bytes on
    /// the wire (`minimumItemSize` 0) are charged instead, `emptyItemWeight` each (the values one
    /// such item holds), to the message's ``AvroDecodingLimits/maximumEmptyItems``, shared by all
    /// its arrays and maps: a forged count can neither allocate nor loop beyond what the payload
    /// and that cap justify.
    public mutating func blockCount(minimumItemSize: Int, emptyItemWeight: Int = 1) throws(AvroError) -> Int {
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
                throw malformed("block of \(count) items of at least \(minimumItemSize) byte(s) cannot fit in the \(remaining) remaining byte(s)", at: offset)
            }
        } else {
            try charge(emptyItems: count, weight: emptyItemWeight, at: offset)
        }
        return Int(count)
    }

    /// Charges `count` values that take no bytes, `weight` values each, to the input's
    /// ``AvroDecodingLimits/maximumEmptyItems``.
    public mutating func charge(emptyItems count: Int64, weight: Int, at offset: Int) throws(AvroError) {
        let (cost, overflow) = count.multipliedReportingOverflow(by: Int64(max(weight, 1)))
        guard !overflow, cost <= Int64(emptyItemsLeft) else {
            throw .limitExceeded(LimitExceeded(
                setting: "AvroDecodingLimits.maximumEmptyItems", limit: limits.maximumEmptyItems,
                counted: "values that take no bytes (array and map items, weighted by the values each holds) in one input", offset: offset))
        }
        emptyItemsLeft -= Int(cost)
    }

    /// Reads every block of an array or map, calling `item` once per item with its index.
    ///
    /// `block` hears each block's count first, when items take at least a byte on the wire (so
    /// the count is bounded by the input): arrays reserve room with it.
    @inlinable
    public mutating func readBlocks(
        minimumItemSize: Int, emptyItemWeight: Int = 1, block: (Int) -> Void = { _ in },
        _ item: (inout AvroBinaryReader, Int) throws(AvroError) -> Void
    ) throws(AvroError) {
        try enter()
        defer { leave() }
        var index = 0
        while true {
            let count = try blockCount(minimumItemSize: minimumItemSize, emptyItemWeight: emptyItemWeight)
            if count == 0 { return }
            if minimumItemSize > 0 { block(count) }
            // A counted loop: `for` over a range goes through the standard library's iterator.
            let end = index + count
            while index < end {
                try item(&self, index)
                index += 1
            }
        }
    }

    /// The most elements an array reserves room for before they are read: a block's count is
    /// bounded by the bytes that remain, but an element may take far more memory than bytes.
    public static let maximumReservation = 1024

    /// Reads an array of items with `element` (for generated code).
    ///
    /// Inlinable, so that the element type is known where the array grows: generic growth
    /// looked up its metadata on every append.
    @inlinable
    public mutating func array<Element>(
        minimumItemSize: Int, emptyItemWeight: Int = 1, _ element: (inout AvroBinaryReader) throws(AvroError) -> Element
    ) throws(AvroError) -> [Element] {
        var elements: [Element] = []
        // Room for the first block only (reserving per block could reallocate once per item),
        // and no more than a bounded amount: the rest grows as elements arrive.
        try readBlocks(
            minimumItemSize: minimumItemSize, emptyItemWeight: emptyItemWeight,
            block: { if elements.isEmpty { elements.reserveCapacity(Swift.min($0, Self.maximumReservation)) } }
        ) { (reader, _) throws(AvroError) in elements.append(try element(&reader)) }
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
        let offset = bytes.offset
        let count = try length()
        let decoded: Result<Decimal, AvroError>
        do {
            decoded = try bytes.withBytes(count) { digits in Result { () throws(AvroError) in try AvroDecimal.decimal(from: digits, scale: scale) } }
        } catch {
            throw .wire(error)
        }
        do { return try decoded.get() } catch { throw error.at(offset: offset) }
    }

    /// Reads a `fixed`-backed decimal of `size` bytes at `scale` (for generated code).
    public mutating func fixedDecimal(size: Int, scale: Int) throws(AvroError) -> Decimal {
        let offset = bytes.offset
        do { return try AvroDecimal.decimal(from: try fixed(size), scale: scale) } catch { throw error.at(offset: offset) }
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
    /// The most array and map items one message may hold, in all its arrays and maps together,
    /// when the items take no bytes on the wire (`null`, `fixed(0)`, records of only those), each
    /// weighted by the values it holds. Items that take bytes are bounded by the input's size
    /// instead, so this is what keeps a few bytes claiming millions of nulls from costing more
    /// than a few bytes.
    public var maximumEmptyItems: Int

    public init(maximumDepth: Int = 256, maximumEmptyItems: Int = 1 << 20) {
        self.maximumDepth = maximumDepth
        self.maximumEmptyItems = maximumEmptyItems
    }

    public static let `default` = AvroDecodingLimits()
}

extension AvroSchema {
    /// The fewest bytes a value of `type` takes on the wire (0 for `null`, `fixed(0)` and records of
    /// only those): a record's fields add up, a named type is looked up rather than walked.
    public func minimumEncodedSize(_ type: AvroType) -> Int { shape.minimumSize(type) }

    /// How many values one zero-byte value of `type` holds, the weight each such array item is
    /// charged against ``AvroDecodingLimits/maximumEmptyItems`` (1 for types that take bytes).
    public func emptyValueWeight(_ type: AvroType) -> Int { shape.emptyWeight(type) }

    /// How many values a value of `type` holds through nested records.
    func valueCount(_ type: AvroType) -> Int { shape.valueCount(type) }
}
