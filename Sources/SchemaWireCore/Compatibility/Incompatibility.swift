/// One reason a schema cannot read data written with another, as a value: what kind of break it
/// is (named as Confluent Schema Registry names it), where, and how to fix it.
public struct Incompatibility: Hashable, Sendable {
    /// The kind of break. Avro kinds use the names of Avro's Java `SchemaCompatibility` and the
    /// registry's verbose messages; Protobuf kinds are added beside them.
    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let readerFieldMissingDefaultValue = Kind(rawValue: "READER_FIELD_MISSING_DEFAULT_VALUE")
        public static let typeMismatch = Kind(rawValue: "TYPE_MISMATCH")
        public static let missingUnionBranch = Kind(rawValue: "MISSING_UNION_BRANCH")
        public static let missingEnumSymbols = Kind(rawValue: "MISSING_ENUM_SYMBOLS")
        public static let nameMismatch = Kind(rawValue: "NAME_MISMATCH")
        public static let fixedSizeMismatch = Kind(rawValue: "FIXED_SIZE_MISMATCH")
    }

    /// Which way data flows in the failed check.
    public enum Direction: String, Hashable, Sendable {
        /// The new schema reads data written with an earlier version (BACKWARD).
        case newReadsOld = "backward"
        /// An earlier version reads data written with the new schema (FORWARD).
        case oldReadsNew = "forward"
    }

    public var kind: Kind
    /// JSON Pointer into the reading schema (the new one for BACKWARD, the earlier one for FORWARD).
    public var path: String
    /// One sentence saying what breaks.
    public var message: String
    /// How to make the change compatible.
    public var hint: String
    /// The reading schema's node at `path`, as compact JSON.
    public var readerFragment: String
    /// The writing schema's matching node, as compact JSON.
    public var writerFragment: String
    public var direction: Direction
    /// The earlier version involved (a version number, a file or a git ref).
    public var version: String

    public init(
        kind: Kind, path: String, message: String, hint: String, readerFragment: String, writerFragment: String,
        direction: Direction, version: String
    ) {
        self.kind = kind
        self.path = path
        self.message = message
        self.hint = hint
        self.readerFragment = readerFragment
        self.writerFragment = writerFragment
        self.direction = direction
        self.version = version
    }
}

extension Incompatibility: CustomStringConvertible {
    public var description: String { "\(kind) at \(path.isEmpty ? "/" : path): \(message) Fix: \(hint)" }
}

/// The verdict of checking a new schema against earlier versions at one level.
public struct CompatibilityResult: Hashable, Sendable {
    public var level: CompatibilityLevel
    public var incompatibilities: [Incompatibility]
    /// The versions the new schema was checked against, oldest first.
    public var checkedVersions: [String]

    public init(level: CompatibilityLevel, incompatibilities: [Incompatibility], checkedVersions: [String]) {
        self.level = level
        self.incompatibilities = incompatibilities
        self.checkedVersions = checkedVersions
    }

    public var isCompatible: Bool { incompatibilities.isEmpty }
}

/// Applies a compatibility level to a pairwise reader/writer check, the same way for every schema
/// language: which earlier versions are checked (the latest, or all for transitive levels) and in
/// which directions (new reads old for BACKWARD, old reads new for FORWARD, both for FULL).
public enum CompatibilityPolicy {
    /// Names the two sides of a pairwise check in messages.
    public struct Roles: Sendable {
        public var reader: String
        public var writer: String
        public var direction: Incompatibility.Direction
        public var version: String

        public init(reader: String, writer: String, direction: Incompatibility.Direction, version: String) {
            self.reader = reader
            self.writer = writer
            self.direction = direction
            self.version = version
        }
    }

    /// Checks `new` against `previous` (oldest first, each with a label) at `level`.
    ///
    /// - Parameter check: finds every incompatibility when `reader` reads data written with `writer`.
    public static func check<Schema>(
        _ new: Schema, against previous: [(label: String, schema: Schema)], level: CompatibilityLevel,
        using check: (_ reader: Schema, _ writer: Schema, _ roles: Roles) -> [Incompatibility]
    ) -> CompatibilityResult {
        guard level != .none, let latest = previous.last else {
            return CompatibilityResult(level: level, incompatibilities: [], checkedVersions: [])
        }
        let targets = level.isTransitive ? previous : [latest]
        var found: [Incompatibility] = []
        for (label, old) in targets.reversed() {
            if level.checksBackward {
                found += check(new, old, Roles(reader: "the new schema", writer: "version \(label)", direction: .newReadsOld, version: label))
            }
            if level.checksForward {
                found += check(old, new, Roles(reader: "version \(label)", writer: "the new schema", direction: .oldReadsNew, version: label))
            }
        }
        return CompatibilityResult(level: level, incompatibilities: found, checkedVersions: targets.map(\.label))
    }
}
