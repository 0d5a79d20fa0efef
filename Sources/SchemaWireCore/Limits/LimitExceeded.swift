/// A cap on what decoding or parsing may cost was reached.
///
/// Decoders and parsers read bytes and text that anyone with access to a topic or a registry can
/// write, so each one bounds its work and memory by the size of its input plus explicit caps. When
/// input needs more than a cap allows, the decoder stops with this value instead of allocating or
/// looping: it names the cap by the setting that raises it, where in the input it was reached, and
/// what was being counted, so that an operator can tell a hostile payload from a legitimately large
/// one and raise the setting for the latter.
public struct LimitExceeded: Error, Hashable, Sendable, CustomStringConvertible {
    /// The setting that holds the cap, spelled as a user changes it
    /// (`AvroDecodingLimits.maximumEmptyItems`).
    public var setting: String
    /// The cap's value when it was reached.
    public var limit: Int
    /// What the cap counts (`"empty items in one message"`).
    public var counted: String
    /// The byte offset in the input where the cap was reached, when the input is bytes.
    public var offset: Int?
    /// The JSON Pointer of the value or schema node being read ("" for the root).
    public var path: String

    public init(setting: String, limit: Int, counted: String, offset: Int? = nil, path: String = "") {
        self.setting = setting
        self.limit = limit
        self.counted = counted
        self.offset = offset
        self.path = path
    }

    public var description: String {
        let place = [offset.map { "byte \($0)" }, path.isEmpty ? nil : path].compactMap(\.self).joined(separator: ", ")
        return "\(counted) exceed the limit of \(limit) (\(setting))" + (place.isEmpty ? "" : " at \(place)")
    }

    /// The same error with `component` prepended to its path, while unwinding nested values.
    public func prefixed(_ component: String) -> LimitExceeded {
        var copy = self
        copy.path = "/" + component + path
        return copy
    }
}
