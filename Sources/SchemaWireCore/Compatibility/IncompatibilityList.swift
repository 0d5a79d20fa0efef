/// The findings of one pairwise compatibility check, kept up to a cap.
///
/// A change that breaks a record of 100,000 fields breaks it 100,000 times; listing each, with the
/// schema fragments every finding carries, would cost far more than the check itself. The first
/// ``maximumListed`` findings are built and kept; the rest are counted and summed up in one last
/// finding, so the verdict and the count stay exact while the cost stays bounded.
public struct IncompatibilityList: Sendable {
    /// How many findings one check lists in full.
    public static let maximumListed = 100

    public private(set) var listed: [Incompatibility] = []
    /// Findings past ``maximumListed``, counted but not built.
    public private(set) var unlisted = 0
    private var firstUnlisted: (kind: Incompatibility.Kind, path: String, direction: Incompatibility.Direction, version: String)?

    public init() {}

    /// Whether nothing was found.
    public var isEmpty: Bool { listed.isEmpty && unlisted == 0 }

    /// Whether a finding of `kind` at `path` is listed in full (then build it and ``append(_:)`` it);
    /// when the list is full, the finding is counted here instead and nothing need be built.
    public mutating func admits(_ kind: Incompatibility.Kind, path: String, direction: Incompatibility.Direction, version: String) -> Bool {
        guard listed.count < Self.maximumListed else {
            if firstUnlisted == nil { firstUnlisted = (kind, path, direction, version) }
            unlisted += 1
            return false
        }
        return true
    }

    /// Lists a finding ``admits(_:path:direction:version:)`` let in.
    public mutating func append(_ incompatibility: Incompatibility) {
        listed.append(incompatibility)
    }

    /// The listed findings, followed by one that counts the unlisted ones when there are any.
    public var incompatibilities: [Incompatibility] {
        guard let first = firstUnlisted else { return listed }
        let summary = Incompatibility(
            kind: first.kind, path: first.path,
            message: "\(unlisted) more incompatibilities are not listed (only the first \(Self.maximumListed) of one check are), starting with this \(first.kind) at \(first.path.isEmpty ? "/" : first.path).",
            hint: "fix the ones listed and check again to see the rest.", readerFragment: "", writerFragment: "",
            direction: first.direction, version: first.version)
        return listed + [summary]
    }
}

extension Incompatibility.Kind {
    /// SchemaWire's own kind, not Confluent's: the check met schemas nested beyond what it walks
    /// (recursive types pairing up at ever new depths) and stopped. It counts as incompatible, so
    /// that nothing unchecked is ever registered.
    public static let checkLimitExceeded = Incompatibility.Kind(rawValue: "CHECK_LIMIT_EXCEEDED")
}
