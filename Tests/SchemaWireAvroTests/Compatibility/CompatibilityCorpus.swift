/// The schema-evolution corpus: each row is one change from an old schema to a new one, with the
/// verdict for each direction — `backward`: the new schema reads old data; `forward`: the old
/// schema reads new data. FULL is both, NONE always passes. Row names cite the rule they exercise
/// (the Avro specification's resolution rules as Avro's Java `SchemaCompatibility` applies them,
/// which is what Confluent Schema Registry runs).
struct EvolutionCase {
    var rule: String
    var old: String
    var new: String
    var backward: Bool
    var forward: Bool
    /// The kinds reported for the failing direction(s), when one fails.
    var kinds: Set<String> = []
}

/// A history of three or more versions, for transitive levels.
struct HistoryCase {
    var rule: String
    var versions: [String]
    var new: String
    /// Expected compatibility per level name.
    var verdicts: [String: Bool]
}

func record(_ fields: String..., name: String = "R", extra: String = "") -> String {
    #"{"type": "record", "name": "\#(name)"\#(extra), "fields": [\#(fields.joined(separator: ", "))]}"#
}

func field(_ name: String, _ type: String, _ defaultValue: String? = nil, aliases: [String] = []) -> String {
    var text = #"{"name": "\#(name)", "type": \#(type)"#
    if let defaultValue { text += #", "default": \#(defaultValue)"# }
    if !aliases.isEmpty { text += #", "aliases": [\#(aliases.map { "\"\($0)\"" }.joined(separator: ", "))]"# }
    return text + "}"
}

func enumType(_ symbols: [String], name: String = "E", defaultSymbol: String? = nil, extra: String = "") -> String {
    let list = symbols.map { "\"\($0)\"" }.joined(separator: ", ")
    return #"{"type": "enum", "name": "\#(name)", "symbols": [\#(list)]\#(defaultSymbol.map { #", "default": "\#($0)""# } ?? "")\#(extra)}"#
}

func fixedType(_ size: Int, name: String = "F", extra: String = "") -> String {
    #"{"type": "fixed", "name": "\#(name)", "size": \#(size)\#(extra)}"#
}

func array(_ items: String) -> String { #"{"type": "array", "items": \#(items)}"# }
func map(_ values: String) -> String { #"{"type": "map", "values": \#(values)}"# }
func quoted(_ name: String) -> String { "\"\(name)\"" }

let primitives = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]

/// The specification's promotions: the writer type on the left can be read as each type on the right.
let promotions: [String: Set<String>] = [
    "int": ["long", "float", "double"], "long": ["float", "double"], "float": ["double"],
    "string": ["bytes"], "bytes": ["string"],
]

/// All 64 primitive-to-primitive changes: compatible where identical or along a promotion.
let primitiveCases: [EvolutionCase] = primitives.flatMap { old in
    primitives.map { new in
        EvolutionCase(
            rule: "spec promotion table: \(old) → \(new)", old: quoted(old), new: quoted(new),
            backward: old == new || promotions[old, default: []].contains(new),
            forward: old == new || promotions[new, default: []].contains(old),
            kinds: old == new || (promotions[old, default: []].contains(new) && promotions[new, default: []].contains(old)) ? [] : ["TYPE_MISMATCH"])
    }
}

let recordCases: [EvolutionCase] = [
    EvolutionCase(rule: "spec: reader field absent from writer takes its default (add field with default)",
                  old: record(field("a", "\"int\"")), new: record(field("a", "\"int\""), field("b", "\"string\"", "\"x\"")), backward: true, forward: true),
    EvolutionCase(rule: "Java READER_FIELD_MISSING_DEFAULT_VALUE: add field without default",
                  old: record(field("a", "\"int\"")), new: record(field("a", "\"int\""), field("b", "\"string\"")), backward: false, forward: true, kinds: ["READER_FIELD_MISSING_DEFAULT_VALUE"]),
    EvolutionCase(rule: "spec: writer field absent from reader is ignored (remove field with default)",
                  old: record(field("a", "\"int\""), field("b", "\"string\"", "\"x\"")), new: record(field("a", "\"int\"")), backward: true, forward: true),
    EvolutionCase(rule: "Java READER_FIELD_MISSING_DEFAULT_VALUE: remove field without default breaks old readers",
                  old: record(field("a", "\"int\""), field("b", "\"string\"")), new: record(field("a", "\"int\"")), backward: true, forward: false, kinds: ["READER_FIELD_MISSING_DEFAULT_VALUE"]),
    EvolutionCase(rule: "spec: fields match by name, so reordering is compatible",
                  old: record(field("a", "\"int\""), field("b", "\"string\"")), new: record(field("b", "\"string\""), field("a", "\"int\"")), backward: true, forward: true),
    EvolutionCase(rule: "spec aliases: renamed field with the old name as alias reads old data",
                  old: record(field("a", "\"int\"")), new: record(field("b", "\"int\"", aliases: ["a"])), backward: true, forward: false, kinds: ["READER_FIELD_MISSING_DEFAULT_VALUE"]),
    EvolutionCase(rule: "Java READER_FIELD_MISSING_DEFAULT_VALUE: rename without alias",
                  old: record(field("a", "\"int\"")), new: record(field("b", "\"int\"")), backward: false, forward: false, kinds: ["READER_FIELD_MISSING_DEFAULT_VALUE"]),
    EvolutionCase(rule: "spec aliases + defaults: renamed field with alias and default, old field had default",
                  old: record(field("a", "\"int\"", "0")), new: record(field("b", "\"int\"", "0", aliases: ["a"])), backward: true, forward: true),
    EvolutionCase(rule: "spec: adding an optional union field with null default",
                  old: record(field("a", "\"int\"")), new: record(field("a", "\"int\""), field("o", #"["null", "string"]"#, "null")), backward: true, forward: true),
    EvolutionCase(rule: "spec: changing a default does not affect reading",
                  old: record(field("a", "\"int\"", "1")), new: record(field("a", "\"int\"", "2")), backward: true, forward: true),
    EvolutionCase(rule: "spec: doc and custom properties do not affect reading",
                  old: record(field("a", "\"int\"")), new: record(field("a", "\"int\""), extra: #", "doc": "d", "x-owner": "team""#), backward: true, forward: true),
    EvolutionCase(rule: "Java schemaNameEquals: record renamed with alias reads old data",
                  old: record(field("a", "\"int\""), name: "Old"), new: record(field("a", "\"int\""), name: "New", extra: #", "aliases": ["Old"]"#), backward: true, forward: false, kinds: ["NAME_MISMATCH"]),
    EvolutionCase(rule: "Java NAME_MISMATCH: record renamed without alias",
                  old: record(field("a", "\"int\""), name: "Old"), new: record(field("a", "\"int\""), name: "New"), backward: false, forward: false, kinds: ["NAME_MISMATCH"]),
    EvolutionCase(rule: "Java schemaNameEquals compares unqualified names: namespace change is compatible",
                  old: record(field("a", "\"int\""), extra: #", "namespace": "a.b""#), new: record(field("a", "\"int\""), extra: #", "namespace": "c.d""#), backward: true, forward: true),
    EvolutionCase(rule: "spec: nested record gains a field without default",
                  old: record(field("n", record(field("x", "\"int\""), name: "N"))), new: record(field("n", record(field("x", "\"int\""), field("y", "\"int\""), name: "N"))), backward: false, forward: true, kinds: ["READER_FIELD_MISSING_DEFAULT_VALUE"]),
    EvolutionCase(rule: "spec: nested record gains a field with default",
                  old: record(field("n", record(field("x", "\"int\""), name: "N"))), new: record(field("n", record(field("x", "\"int\""), field("y", "\"int\"", "0"), name: "N"))), backward: true, forward: true),
    EvolutionCase(rule: "spec promotion inside a record field: int → long",
                  old: record(field("a", "\"int\"")), new: record(field("a", "\"long\"")), backward: true, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "Java TYPE_MISMATCH inside a record field: string → int",
                  old: record(field("a", "\"string\"")), new: record(field("a", "\"int\"")), backward: false, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "Java TYPE_MISMATCH: record field becomes a nested record",
                  old: record(field("a", "\"string\"")), new: record(field("a", record(field("s", "\"string\""), name: "A"))), backward: false, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "spec: empty record to record with defaulted fields",
                  old: record(), new: record(field("a", "\"int\"", "1"), field("b", #"["null", "long"]"#, "null")), backward: true, forward: true),
    EvolutionCase(rule: "Java READER_FIELD_MISSING_DEFAULT_VALUE: two fields added without defaults",
                  old: record(), new: record(field("a", "\"int\""), field("b", "\"int\"")), backward: false, forward: true, kinds: ["READER_FIELD_MISSING_DEFAULT_VALUE"]),
    EvolutionCase(rule: "spec: record becomes a map is a type change",
                  old: record(field("a", "\"int\"")), new: map("\"int\""), backward: false, forward: false, kinds: ["TYPE_MISMATCH"]),
]

let enumCases: [EvolutionCase] = [
    EvolutionCase(rule: "Java MISSING_ENUM_SYMBOLS: added symbol breaks old readers without enum default",
                  old: enumType(["A", "B"]), new: enumType(["A", "B", "C"]), backward: true, forward: false, kinds: ["MISSING_ENUM_SYMBOLS"]),
    EvolutionCase(rule: "spec 1.9 enum default: old reader with default accepts an added symbol",
                  old: enumType(["A", "B", "U"], defaultSymbol: "U"), new: enumType(["A", "B", "U", "C"], defaultSymbol: "U"), backward: true, forward: true),
    EvolutionCase(rule: "Java MISSING_ENUM_SYMBOLS: removed symbol breaks new readers",
                  old: enumType(["A", "B", "C"]), new: enumType(["A", "B"]), backward: false, forward: true, kinds: ["MISSING_ENUM_SYMBOLS"]),
    EvolutionCase(rule: "spec 1.9 enum default: removed symbol is fine when the new enum has a default",
                  old: enumType(["A", "B", "C"]), new: enumType(["A", "B"], defaultSymbol: "A"), backward: true, forward: true),
    EvolutionCase(rule: "spec: enum symbols match by name, so reordering is compatible",
                  old: enumType(["A", "B", "C"]), new: enumType(["C", "A", "B"]), backward: true, forward: true),
    EvolutionCase(rule: "Java NAME_MISMATCH: enum renamed without alias",
                  old: enumType(["A"], name: "E1"), new: enumType(["A"], name: "E2"), backward: false, forward: false, kinds: ["NAME_MISMATCH"]),
    EvolutionCase(rule: "Java schemaNameEquals: enum renamed with alias",
                  old: enumType(["A"], name: "E1"), new: enumType(["A"], name: "E2", extra: #", "aliases": ["E1"]"#), backward: true, forward: false, kinds: ["NAME_MISMATCH"]),
    EvolutionCase(rule: "Java TYPE_MISMATCH: enum becomes string",
                  old: enumType(["A"]), new: "\"string\"", backward: false, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "Java TYPE_MISMATCH: string becomes enum",
                  old: "\"string\"", new: enumType(["A"]), backward: false, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "Java MISSING_ENUM_SYMBOLS in a record field: symbol swap",
                  old: record(field("e", enumType(["A", "B"]))), new: record(field("e", enumType(["A", "C"]))), backward: false, forward: false, kinds: ["MISSING_ENUM_SYMBOLS"]),
    EvolutionCase(rule: "spec: adding an enum default alone is compatible",
                  old: enumType(["A", "B"]), new: enumType(["A", "B"], defaultSymbol: "A"), backward: true, forward: true),
]

let fixedCases: [EvolutionCase] = [
    EvolutionCase(rule: "spec: identical fixed", old: fixedType(4), new: fixedType(4), backward: true, forward: true),
    EvolutionCase(rule: "Java FIXED_SIZE_MISMATCH: size grows", old: fixedType(4), new: fixedType(8), backward: false, forward: false, kinds: ["FIXED_SIZE_MISMATCH"]),
    EvolutionCase(rule: "Java FIXED_SIZE_MISMATCH: size shrinks", old: fixedType(16), new: fixedType(12), backward: false, forward: false, kinds: ["FIXED_SIZE_MISMATCH"]),
    EvolutionCase(rule: "Java NAME_MISMATCH: fixed renamed", old: fixedType(4, name: "F1"), new: fixedType(4, name: "F2"), backward: false, forward: false, kinds: ["NAME_MISMATCH"]),
    EvolutionCase(rule: "Java schemaNameEquals: fixed renamed with alias", old: fixedType(4, name: "F1"), new: fixedType(4, name: "F2", extra: #", "aliases": ["F1"]"#), backward: true, forward: false, kinds: ["NAME_MISMATCH"]),
    EvolutionCase(rule: "Java TYPE_MISMATCH: fixed becomes bytes", old: fixedType(4), new: "\"bytes\"", backward: false, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "Java TYPE_MISMATCH: bytes becomes fixed", old: "\"bytes\"", new: fixedType(4), backward: false, forward: false, kinds: ["TYPE_MISMATCH"]),
]

let collectionCases: [EvolutionCase] = [
    EvolutionCase(rule: "spec promotion in array items: int → long", old: array("\"int\""), new: array("\"long\""), backward: true, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "spec promotion in map values: string ↔ bytes", old: map("\"string\""), new: map("\"bytes\""), backward: true, forward: true),
    EvolutionCase(rule: "Java TYPE_MISMATCH: array becomes map", old: array("\"int\""), new: map("\"int\""), backward: false, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "Java TYPE_MISMATCH: array items string → int", old: array("\"string\""), new: array("\"int\""), backward: false, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "spec: array of records gains a defaulted field",
                  old: array(record(field("a", "\"int\""))), new: array(record(field("a", "\"int\""), field("b", "\"int\"", "0"))), backward: true, forward: true),
    EvolutionCase(rule: "Java READER_FIELD_MISSING_DEFAULT_VALUE: map of records loses a field without default",
                  old: map(record(field("a", "\"int\""), field("b", "\"int\""))), new: map(record(field("a", "\"int\""))), backward: true, forward: false, kinds: ["READER_FIELD_MISSING_DEFAULT_VALUE"]),
    EvolutionCase(rule: "spec: nested array of maps with promotion",
                  old: array(map("\"float\"")), new: array(map("\"double\"")), backward: true, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "Java TYPE_MISMATCH: array becomes its item type", old: array("\"int\""), new: "\"int\"", backward: false, forward: false, kinds: ["TYPE_MISMATCH"]),
]

let unionCases: [EvolutionCase] = [
    EvolutionCase(rule: "spec: non-union writer read by a union with a matching branch (make optional)",
                  old: "\"int\"", new: #"["null", "int"]"#, backward: true, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "spec: union writer read by a non-union reader fails for the null branch",
                  old: #"["null", "int"]"#, new: "\"int\"", backward: false, forward: true, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "Java MISSING_UNION_BRANCH: union widened",
                  old: #"["null", "int"]"#, new: #"["null", "int", "string"]"#, backward: true, forward: false, kinds: ["MISSING_UNION_BRANCH"]),
    EvolutionCase(rule: "Java MISSING_UNION_BRANCH: union narrowed",
                  old: #"["null", "int", "string"]"#, new: #"["null", "int"]"#, backward: false, forward: true, kinds: ["MISSING_UNION_BRANCH"]),
    EvolutionCase(rule: "spec: union branches match by type, so reordering is compatible",
                  old: #"["null", "int", "string"]"#, new: #"["string", "null", "int"]"#, backward: true, forward: true),
    EvolutionCase(rule: "spec promotion within a union branch: int → long",
                  old: #"["null", "int"]"#, new: #"["null", "long"]"#, backward: true, forward: false, kinds: ["MISSING_UNION_BRANCH"]),
    EvolutionCase(rule: "spec: single-branch union and its branch are interchangeable",
                  old: #"["string"]"#, new: "\"string\"", backward: true, forward: true),
    EvolutionCase(rule: "spec: union of records where the record gains a defaulted field",
                  old: #"["null", \#(record(field("a", "\"int\"")))]"#, new: #"["null", \#(record(field("a", "\"int\""), field("b", "\"int\"", "1")))]"#, backward: true, forward: true),
    EvolutionCase(rule: "spec promotion within union: string ↔ bytes",
                  old: #"["null", "string"]"#, new: #"["null", "bytes"]"#, backward: true, forward: true),
    EvolutionCase(rule: "Java MISSING_UNION_BRANCH: reader union lacking the writer type",
                  old: "\"string\"", new: #"["null", "int"]"#, backward: false, forward: false, kinds: ["MISSING_UNION_BRANCH", "TYPE_MISMATCH"]),
    EvolutionCase(rule: "spec: union gains a record branch",
                  old: #"["null", "string"]"#, new: #"["null", "string", \#(record(field("a", "\"int\"")))]"#, backward: true, forward: false, kinds: ["MISSING_UNION_BRANCH"]),
    EvolutionCase(rule: "spec: optional field made required breaks new readers",
                  old: record(field("a", #"["null", "int"]"#, "null")), new: record(field("a", "\"int\"")), backward: false, forward: true, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "spec: required field made optional breaks old readers",
                  old: record(field("a", "\"int\"")), new: record(field("a", #"["null", "int"]"#, "null")), backward: true, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "spec: union of enum gains symbol",
                  old: #"["null", \#(enumType(["A"]))]"#, new: #"["null", \#(enumType(["A", "B"]))]"#, backward: true, forward: false, kinds: ["MISSING_UNION_BRANCH"]),
]

let logicalCases: [EvolutionCase] = [
    EvolutionCase(rule: "Java ignores logical types: long → timestamp-millis", old: "\"long\"", new: #"{"type": "long", "logicalType": "timestamp-millis"}"#, backward: true, forward: true),
    EvolutionCase(rule: "Java ignores logical types: timestamp-millis → timestamp-micros", old: #"{"type": "long", "logicalType": "timestamp-millis"}"#, new: #"{"type": "long", "logicalType": "timestamp-micros"}"#, backward: true, forward: true),
    EvolutionCase(rule: "spec promotion under logical types: date (int) → timestamp-millis (long)",
                  old: #"{"type": "int", "logicalType": "date"}"#, new: #"{"type": "long", "logicalType": "timestamp-millis"}"#, backward: true, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "Java ignores logical types: decimal precision change", old: #"{"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}"#, new: #"{"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}"#, backward: true, forward: true),
    EvolutionCase(rule: "Java ignores logical types: string → uuid", old: "\"string\"", new: #"{"type": "string", "logicalType": "uuid"}"#, backward: true, forward: true),
    EvolutionCase(rule: "Java TYPE_MISMATCH: decimal on bytes → decimal on fixed", old: #"{"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2}"#, new: #"{"type": "fixed", "name": "D", "size": 4, "logicalType": "decimal", "precision": 4, "scale": 2}"#, backward: false, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "Java FIXED_SIZE_MISMATCH: duration fixed(12) resized", old: #"{"type": "fixed", "name": "D", "size": 12, "logicalType": "duration"}"#, new: fixedType(16, name: "D"), backward: false, forward: false, kinds: ["FIXED_SIZE_MISMATCH"]),
]

let listNode = record(field("value", "\"int\""), field("next", #"["null", "Node"]"#, "null"), name: "Node")
let recursiveCases: [EvolutionCase] = [
    EvolutionCase(rule: "recursion: identical linked list", old: listNode, new: listNode, backward: true, forward: true),
    EvolutionCase(rule: "recursion: linked list gains a defaulted field",
                  old: listNode, new: record(field("value", "\"int\""), field("next", #"["null", "Node"]"#, "null"), field("label", "\"string\"", "\"\""), name: "Node"), backward: true, forward: true),
    EvolutionCase(rule: "recursion: linked list gains a field without default",
                  old: listNode, new: record(field("value", "\"int\""), field("next", #"["null", "Node"]"#, "null"), field("label", "\"string\""), name: "Node"), backward: false, forward: true, kinds: ["READER_FIELD_MISSING_DEFAULT_VALUE"]),
    EvolutionCase(rule: "recursion: value promoted int → long in a recursive type",
                  old: listNode, new: record(field("value", "\"long\""), field("next", #"["null", "Node"]"#, "null"), name: "Node"), backward: true, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "recursion: tree with children array gains a defaulted field",
                  old: record(field("children", array("\"Tree\"")), name: "Tree"), new: record(field("children", array("\"Tree\"")), field("w", "\"double\"", "1.0"), name: "Tree"), backward: true, forward: true),
    EvolutionCase(rule: "recursion: mutual recursion through a map",
                  old: record(field("m", map(record(field("back", #"["null", "A"]"#, "null"), name: "B"))), name: "A"),
                  new: record(field("m", map(record(field("back", #"["null", "A"]"#, "null"), field("x", "\"int\""), name: "B"))), name: "A"), backward: false, forward: true, kinds: ["READER_FIELD_MISSING_DEFAULT_VALUE"]),
]

let widenedFieldCases: [EvolutionCase] = [
    EvolutionCase(rule: "spec: field type widened to a union containing the old type",
                  old: record(field("a", "\"int\"")), new: record(field("a", #"["int", "string"]"#)), backward: true, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "spec: union field narrowed to one of its branches",
                  old: record(field("a", #"["int", "string"]"#)), new: record(field("a", "\"string\"")), backward: false, forward: true, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "spec promotion: union int branch read by a double field",
                  old: record(field("a", #"["null", "int"]"#, "null")), new: record(field("a", #"["null", "double"]"#, "null")), backward: true, forward: false, kinds: ["MISSING_UNION_BRANCH"]),
    EvolutionCase(rule: "Java TYPE_MISMATCH: map becomes array", old: map("\"string\""), new: array("\"string\""), backward: false, forward: false, kinds: ["TYPE_MISMATCH"]),
    EvolutionCase(rule: "spec: enum with default reordered and grown",
                  old: enumType(["A", "B", "U"], defaultSymbol: "U"), new: enumType(["U", "C", "B", "A"], defaultSymbol: "U"), backward: true, forward: true),
    EvolutionCase(rule: "spec: the example orders v1 → v2 (optional fields added, enum grows, default present)",
                  old: record(field("id", "\"string\""), field("c", enumType(["USD", "EUR", "UNKNOWN"], name: "Currency", defaultSymbol: "UNKNOWN"))),
                  new: record(field("id", "\"string\""), field("c", enumType(["USD", "EUR", "JPY", "UNKNOWN"], name: "Currency", defaultSymbol: "UNKNOWN")), field("coupon", #"["null", "string"]"#, "null")),
                  backward: true, forward: true),
]

let allEvolutionCases = widenedFieldCases + primitiveCases + recordCases + enumCases + fixedCases + collectionCases + unionCases + logicalCases + recursiveCases

let v1 = record(field("a", "\"int\""))
let v2 = record(field("a", "\"int\""), field("b", "\"string\"", "\"x\""))
let v3NoDefault = record(field("a", "\"int\""), field("b", "\"string\""))
let historyCases: [HistoryCase] = [
    HistoryCase(rule: "Confluent: BACKWARD checks only the latest version; BACKWARD_TRANSITIVE checks all",
                versions: [v1, v2], new: v3NoDefault,
                verdicts: ["BACKWARD": true, "BACKWARD_TRANSITIVE": false, "FORWARD": true, "FORWARD_TRANSITIVE": true, "FULL": true, "FULL_TRANSITIVE": false, "NONE": true]),
    HistoryCase(rule: "Confluent: FORWARD checks only the latest version; FORWARD_TRANSITIVE checks all",
                versions: [v3NoDefault, v2], new: v1,
                verdicts: ["BACKWARD": true, "BACKWARD_TRANSITIVE": true, "FORWARD": true, "FORWARD_TRANSITIVE": false, "FULL": true, "FULL_TRANSITIVE": false, "NONE": true]),
    HistoryCase(rule: "Confluent: additive optional fields stay compatible at every level",
                versions: [v1, v2], new: record(field("a", "\"int\""), field("b", "\"string\"", "\"x\""), field("c", #"["null", "long"]"#, "null")),
                verdicts: ["BACKWARD": true, "BACKWARD_TRANSITIVE": true, "FORWARD": true, "FORWARD_TRANSITIVE": true, "FULL": true, "FULL_TRANSITIVE": true, "NONE": true]),
    HistoryCase(rule: "Confluent: NONE accepts anything",
                versions: [v1], new: "\"string\"",
                verdicts: ["BACKWARD": false, "BACKWARD_TRANSITIVE": false, "FORWARD": false, "FORWARD_TRANSITIVE": false, "FULL": false, "FULL_TRANSITIVE": false, "NONE": true]),
    HistoryCase(rule: "Confluent: enum grows one symbol per version (old readers break without a default)",
                versions: [enumType(["A"]), enumType(["A", "B"])], new: enumType(["A", "B", "C"]),
                verdicts: ["BACKWARD": true, "BACKWARD_TRANSITIVE": true, "FORWARD": false, "FORWARD_TRANSITIVE": false, "FULL": false, "FULL_TRANSITIVE": false, "NONE": true]),
    HistoryCase(rule: "Confluent: a type widened twice (int → long → double) is backward transitive",
                versions: [quoted("int"), quoted("long")], new: quoted("double"),
                verdicts: ["BACKWARD": true, "BACKWARD_TRANSITIVE": true, "FORWARD": false, "FORWARD_TRANSITIVE": false, "FULL": false, "FULL_TRANSITIVE": false, "NONE": true]),
    HistoryCase(rule: "Confluent: a field removed and re-added without default breaks transitively",
                versions: [v3NoDefault, v1], new: v3NoDefault,
                verdicts: ["BACKWARD": false, "BACKWARD_TRANSITIVE": false, "FORWARD": true, "FORWARD_TRANSITIVE": true, "FULL": false, "FULL_TRANSITIVE": false, "NONE": true]),
    HistoryCase(rule: "Confluent: with no earlier version every level passes",
                versions: [], new: v3NoDefault,
                verdicts: ["BACKWARD": true, "BACKWARD_TRANSITIVE": true, "FORWARD": true, "FORWARD_TRANSITIVE": true, "FULL": true, "FULL_TRANSITIVE": true, "NONE": true]),
]
