import SchemaWireCore

extension AvroSchema {
    /// Encodes one JSON text in Avro's JSON encoding (unions as `{"branch": value}`, bytes as
    /// code points U+0000–U+00FF) straight to Avro binary, for tools that turn JSON lines into
    /// records.
    ///
    /// The usual input — every field present, in schema order — is read token by token into
    /// `writer` with no intermediate value. Anything else (a field left to its default, fields in
    /// another order, a map with a repeated key, a number written with an exponent, a malformed
    /// line) goes the general way, through ``AvroValue/init(avroJSON:schema:)``: the bytes and the
    /// errors are the same either way.
    ///
    /// - Parameter field: the name of a root record field whose JSON text to report.
    /// - Returns: the offsets in `text` of `field`'s value, when it was asked for and the usual
    ///   path read the text; nil otherwise (read the field from the value then).
    @discardableResult
    public func encode(avroJSON text: [UInt8], into writer: inout ByteWriter, reportingField field: String? = nil) throws(AvroError) -> Range<Int>? {
        let start = writer.count
        var reported: Range<Int>?
        let transcoded = text.withUnsafeBufferPointer { text in
            var reader = AvroJSONTextReader(text: text, schema: self, reportedField: field)
            guard reader.transcode(root, into: &writer, depth: 0), reader.isAtEnd else { return false }
            reported = reader.reportedRange
            return true
        }
        if transcoded { return reported }
        writer.truncate(to: start)
        let json: JSONValue
        do { json = try JSONValue(parsing: text) } catch { throw .invalidJSONData(path: "", message: error.description) }
        try encode(AvroValue(avroJSON: json, schema: self), into: &writer)
        return nil
    }
}

/// The token-by-token reader behind ``AvroSchema/encode(avroJSON:into:reportingField:)``: each
/// step answers false, having written garbage, for input it leaves to the general path.
struct AvroJSONTextReader {
    let text: UnsafeBufferPointer<UInt8>
    let schema: AvroSchema
    let reportedField: String?
    private(set) var reportedRange: Range<Int>?
    private var position = 0
    /// A string's bytes once escapes are undone, reused from string to string.
    private(set) var unescaped: [UInt8] = []

    /// Nesting beyond this is left to the general path and its limits.
    static let maximumDepth = 64

    init(text: UnsafeBufferPointer<UInt8>, schema: AvroSchema, reportedField: String?) {
        self.text = text
        self.schema = schema
        self.reportedField = reportedField
    }

    /// Whether only whitespace is left.
    var isAtEnd: Bool {
        mutating get {
            skipWhitespace()
            return position == text.count
        }
    }

    mutating func transcode(_ declared: AvroType, into writer: inout ByteWriter, depth: Int) -> Bool {
        guard depth < Self.maximumDepth else { return false }
        let type = schema.resolve(declared)
        skipWhitespace()
        switch type.kind {
        case .null:
            return literal("null")
        case .boolean:
            if literal("true") {
                writer.writeAvroBoolean(true)
            } else if literal("false") {
                writer.writeAvroBoolean(false)
            } else {
                return false
            }
        case .int:
            guard let value = integer(), let narrow = Int32(exactly: value) else { return false }
            writer.writeAvroInt(narrow)
        case .long:
            guard let value = integer() else { return false }
            writer.writeAvroLong(value)
        case .float:
            guard let value = floatingPoint() else { return false }
            writer.writeAvroFloat(Float(value))
        case .double:
            guard let value = floatingPoint() else { return false }
            writer.writeAvroDouble(value)
        case .string:
            guard string(latin1: false) else { return false }
            writer.writeZigZag(Int64(unescaped.count))
            writer.write(bytes: unescaped)
        case .bytes:
            guard string(latin1: true) else { return false }
            writer.writeZigZag(Int64(unescaped.count))
            writer.write(bytes: unescaped)
        case let .fixed(fixed):
            guard string(latin1: true), unescaped.count == fixed.size else { return false }
            writer.write(bytes: unescaped)
        case let .enumeration(enumeration):
            guard string(latin1: false), let symbol = String(validating: unescaped, as: UTF8.self),
                let index = schema.index(of: symbol, in: enumeration)
            else { return false }
            writer.writeZigZag(Int64(index))
        case let .array(items):
            return array(items, into: &writer, depth: depth)
        case let .map(values):
            return map(values, into: &writer, depth: depth)
        case let .record(record):
            return self.record(record, into: &writer, depth: depth)
        case let .union(branches):
            return union(branches, into: &writer, depth: depth)
        case .reference:
            return false
        }
        return true
    }

    private mutating func array(_ items: AvroType, into writer: inout ByteWriter, depth: Int) -> Bool {
        block(opening: "[", closing: "]", into: &writer) { reader, block in
            reader.transcode(items, into: &block, depth: depth + 1)
        }
    }

    private mutating func map(_ values: AvroType, into writer: inout ByteWriter, depth: Int) -> Bool {
        var keys = Set<[UInt8]>()
        return block(opening: "{", closing: "}", into: &writer) { reader, block in
            // A repeated key keeps one entry in the general path: leave it there.
            guard reader.string(latin1: false), keys.insert(reader.unescaped).inserted else { return false }
            block.writeZigZag(Int64(reader.unescaped.count))
            block.write(bytes: reader.unescaped)
            reader.skipWhitespace()
            return reader.take(UInt8(ascii: ":")) && reader.transcode(values, into: &block, depth: depth + 1)
        }
    }

    /// An array's or map's items between `opening` and `closing`, separated by commas, as one
    /// Avro block: the count comes before the items, so they are written aside first.
    private mutating func block(
        opening: Unicode.Scalar, closing: Unicode.Scalar, into writer: inout ByteWriter, item: (inout AvroJSONTextReader, inout ByteWriter) -> Bool
    ) -> Bool {
        guard take(UInt8(ascii: opening)) else { return false }
        skipWhitespace()
        if take(UInt8(ascii: closing)) {
            writer.write(byte: 0)
            return true
        }
        var block = ByteWriter(capacity: 256)
        var count: Int64 = 0
        repeat {
            skipWhitespace()
            guard item(&self, &block) else { return false }
            count += 1
            skipWhitespace()
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: closing)) else { return false }
        writer.writeZigZag(count)
        block.withBytes { writer.write(bytes: $0) }
        writer.write(byte: 0)
        return true
    }

    /// Every field, in schema order and nothing else; the binary encoding is the values in turn.
    private mutating func record(_ record: AvroRecord, into writer: inout ByteWriter, depth: Int) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        for (index, field) in record.fields.enumerated() {
            skipWhitespace()
            if index > 0 {
                guard take(UInt8(ascii: ",")) else { return false }
                skipWhitespace()
            }
            guard string(latin1: false), unescaped.elementsEqual(field.name.utf8) else { return false }
            skipWhitespace()
            guard take(UInt8(ascii: ":")) else { return false }
            skipWhitespace()
            let start = position
            guard transcode(field.type, into: &writer, depth: depth + 1) else { return false }
            if depth == 0, field.name == reportedField { reportedRange = start..<position }
        }
        skipWhitespace()
        return take(UInt8(ascii: "}"))
    }

    private mutating func union(_ branches: [AvroType], into writer: inout ByteWriter, depth: Int) -> Bool {
        if literal("null") {
            guard let index = branches.firstIndex(where: { schema.resolve($0).kind == .null }) else { return false }
            writer.writeZigZag(Int64(index))
            return true
        }
        guard take(UInt8(ascii: "{")) else { return false }
        skipWhitespace()
        guard string(latin1: false), let index = branches.firstIndex(where: { $0.unionBranchName.utf8.elementsEqual(unescaped) }) else {
            return false
        }
        writer.writeZigZag(Int64(index))
        skipWhitespace()
        guard take(UInt8(ascii: ":")), transcode(branches[index], into: &writer, depth: depth + 1) else { return false }
        skipWhitespace()
        return take(UInt8(ascii: "}"))
    }

    // MARK: Tokens

    mutating func skipWhitespace() {
        while position < text.count {
            switch text[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): position += 1
            default: return
            }
        }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard position < text.count, text[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard text.count - position >= length,
            UnsafeBufferPointer(rebasing: text[position..<position + length]).elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: length))
        else { return false }
        position += length
        return true
    }

    /// A JSON integer without fraction or exponent that fits 64 bits; "-0" and leading zeros are
    /// left to the general path.
    private mutating func integer() -> Int64? {
        var index = position
        let negative = index < text.count && text[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let digitsStart = index
        var magnitude: UInt64 = 0
        while index < text.count, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(text[index] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            index += 1
        }
        let digits = index - digitsStart
        guard digits > 0, digits == 1 || text[digitsStart] != UInt8(ascii: "0"), !(negative && magnitude == 0) else { return nil }
        if index < text.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(text[index]) { return nil }
        let value: Int64
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            value = magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        } else {
            guard let exact = Int64(exactly: magnitude) else { return nil }
            value = exact
        }
        position = index
        return value
    }

    /// A JSON number as `Double` parses its text (or the strings Avro uses for NaN and infinities).
    private mutating func floatingPoint() -> Double? {
        if position < text.count, text[position] == UInt8(ascii: "\"") {
            guard string(latin1: false) else { return nil }
            if unescaped.elementsEqual("NaN".utf8) { return .nan }
            if unescaped.elementsEqual("Infinity".utf8) { return .infinity }
            if unescaped.elementsEqual("-Infinity".utf8) { return -.infinity }
            return nil
        }
        let start = position
        var index = position
        if index < text.count, text[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let first = index
            while index < text.count, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") { index += 1 }
            return index - first
        }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || text[integerStart] != UInt8(ascii: "0") else { return nil }
        if index < text.count, text[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return nil }
        }
        if index < text.count, text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") {
            index += 1
            if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return nil }
        }
        guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: text[start..<index]), as: UTF8.self)) else { return nil }
        position = index
        return value
    }

    /// A JSON string into ``unescaped``: its UTF-8 bytes, or with `latin1` each code point as one
    /// byte (Avro's bytes and fixed). Strings with surrogate escapes, control characters or
    /// invalid UTF-8, and bytes with a character past U+00FF, are left to the general path.
    mutating func string(latin1: Bool) -> Bool {
        guard take(UInt8(ascii: "\"")) else { return false }
        unescaped.removeAll(keepingCapacity: true)
        var plainASCII = true
        while position < text.count {
            let byte = text[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                if plainASCII || latin1 { return true }
                return String(validating: unescaped, as: UTF8.self) != nil
            case UInt8(ascii: "\\"):
                guard position < text.count else { return false }
                let escape = text[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(escape)
                case UInt8(ascii: "b"): unescaped.append(0x08)
                case UInt8(ascii: "f"): unescaped.append(0x0C)
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "r"): unescaped.append(0x0D)
                case UInt8(ascii: "t"): unescaped.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = hexQuad(), !(0xD800...0xDFFF).contains(scalar) else { return false }
                    if latin1 {
                        guard scalar <= 0xFF else { return false }
                        unescaped.append(UInt8(scalar))
                    } else if scalar < 0x80 {
                        unescaped.append(UInt8(scalar))
                    } else {
                        guard let character = Unicode.Scalar(scalar) else { return false }
                        unescaped.append(contentsOf: String(Character(character)).utf8)
                    }
                default: return false
                }
            default:
                guard byte >= 0x20 else { return false }
                if byte >= 0x80 {
                    plainASCII = false
                    if latin1 {
                        // U+0080–U+00FF is two bytes of UTF-8, C2 or C3 then a continuation byte;
                        // any other character cannot be a byte.
                        guard byte == 0xC2 || byte == 0xC3, position < text.count, text[position] & 0xC0 == 0x80 else { return false }
                        unescaped.append((byte & 0x1F) << 6 | text[position] & 0x3F)
                        position += 1
                        continue
                    }
                }
                // Raw UTF-8 in a string is checked once the string ends.
                unescaped.append(byte)
            }
        }
        return false
    }

    private mutating func hexQuad() -> UInt32? {
        guard text.count - position >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = text[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
