/// A fully qualified Avro name: an optional dotted namespace and a simple name.
public struct AvroName: Hashable, Sendable, CustomStringConvertible {
    /// The simple (unqualified) name.
    public var name: String
    /// The namespace, or nil for the null namespace.
    public var namespace: String?

    public init(name: String, namespace: String? = nil) {
        self.name = name
        self.namespace = (namespace?.isEmpty ?? true) ? nil : namespace
    }

    /// Splits a possibly dotted name; a name without dots takes `enclosingNamespace`.
    public init(qualifying name: String, in enclosingNamespace: String?) {
        if let dot = name.lastIndex(of: ".") {
            self.init(name: String(name[name.index(after: dot)...]), namespace: String(name[..<dot]))
        } else {
            self.init(name: name, namespace: enclosingNamespace)
        }
    }

    /// `namespace.name`, or `name` in the null namespace.
    public var fullName: String {
        guard let namespace else { return name }
        return namespace + "." + name
    }

    public var description: String { fullName }

    /// Whether `text` is a valid simple name: `[A-Za-z_][A-Za-z0-9_]*`.
    public static func isValidSimpleName(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        func isLetter(_ byte: UInt8) -> Bool {
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
        }
        return isLetter(first) && text.utf8.dropFirst().allSatisfy { isLetter($0) || (0x30...0x39).contains($0) }
    }
}
