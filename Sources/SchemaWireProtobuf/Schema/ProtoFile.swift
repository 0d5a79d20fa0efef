/// The syntax a `.proto` file declares; it decides field presence, packing and enum openness.
public enum ProtoSyntax: String, Hashable, Sendable {
    case proto2
    case proto3
}

/// One parsed `.proto` file: the descriptor model that code generation, the wire codec, the JSON
/// mapping and compatibility checking all work from.
///
/// Type names in fields are fully qualified with a leading dot (`.shop.Order`) once the file has been
/// linked inside a ``ProtoSchema``; map fields appear as protoc models them, a repeated field of a
/// synthesized `…Entry` message.
public struct ProtoFile: Hashable, Sendable {
    /// The file's import path (`shop/order.proto`), also its name among references.
    public var path: String
    public var syntax: ProtoSyntax
    /// The package, or the empty string.
    public var package: String
    public var imports: [ProtoImport]
    public var options: [ProtoOption]
    public var messages: [ProtoMessageType]
    public var enums: [ProtoEnumType]
    public var services: [ProtoService]
    /// Extension fields declared at file level (`extend Foo { ... }`).
    public var extensions: [ProtoField]

    public init(
        path: String, syntax: ProtoSyntax = .proto3, package: String = "", imports: [ProtoImport] = [],
        options: [ProtoOption] = [], messages: [ProtoMessageType] = [], enums: [ProtoEnumType] = [],
        services: [ProtoService] = [], extensions: [ProtoField] = []
    ) {
        self.path = path
        self.syntax = syntax
        self.package = package
        self.imports = imports
        self.options = options
        self.messages = messages
        self.enums = enums
        self.services = services
        self.extensions = extensions
    }
}

/// An `import` statement.
public struct ProtoImport: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case `default`
        /// Re-exported to files importing this one.
        case `public`
        case weak
    }

    public var path: String
    public var kind: Kind
    public var location: ProtoSourceLocation

    public init(path: String, kind: Kind = .default, location: ProtoSourceLocation) {
        self.path = path
        self.kind = kind
        self.location = location
    }
}

/// An `option name = value;` or a field's `[name = value]`, kept as written so that custom options
/// survive even when their extension is not known.
public struct ProtoOption: Hashable, Sendable {
    /// The option name as written, e.g. `java_package` or `(acme.sensitive).level`.
    public var name: String
    public var value: ProtoConstant
    public var location: ProtoSourceLocation

    public init(name: String, value: ProtoConstant, location: ProtoSourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }
}

/// A constant in an option or a proto2 default.
public enum ProtoConstant: Hashable, Sendable {
    case identifier(String)
    /// An integer; `negative` with magnitude up to 2^63, otherwise up to 2^64-1.
    case integer(negative: Bool, magnitude: UInt64)
    case float(Double)
    case string([UInt8])
    /// A text-format aggregate `{ ... }`, kept as its source text.
    case aggregate(String)
}

/// An inclusive range of field or enum numbers (`reserved 5 to 9;`, `extensions 100 to max;`).
public struct ProtoRange: Hashable, Sendable {
    public var start: Int32
    public var end: Int32

    public init(_ start: Int32, _ end: Int32) {
        self.start = start
        self.end = end
    }

    public func contains(_ number: Int32) -> Bool { number >= start && number <= end }
}

/// Reserved (or otherwise claimed) number ranges merged and sorted, so that checking a number
/// costs a binary search however many ranges a hostile file declares.
struct ProtoRangeSet {
    private var starts: [Int32] = []
    private var ends: [Int32] = []

    init(_ ranges: [ProtoRange]) {
        for range in ranges.sorted(by: { $0.start < $1.start }) where range.start <= range.end {
            if let last = ends.last, range.start <= last {
                ends[ends.count - 1] = max(last, range.end)
            } else {
                starts.append(range.start)
                ends.append(range.end)
            }
        }
    }

    func contains(_ number: Int32) -> Bool {
        // The last range starting at or before `number`.
        var low = 0
        var high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= number { low = middle + 1 } else { high = middle }
        }
        return low > 0 && number <= ends[low - 1]
    }
}
