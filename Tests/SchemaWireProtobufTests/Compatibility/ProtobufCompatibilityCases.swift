/// One row of the compatibility table: an old and a new schema, and the incompatible difference
/// kinds Confluent Schema Registry's Protobuf diff reports for BACKWARD (new reads old: diff from
/// old to new) and FORWARD (old reads new: diff from new to old). Rules cited per row.
struct ProtobufCompatibilityCase {
    let name: String
    let old: String
    let new: String
    let backward: [String]
    let forward: [String]
    /// Files the schemas import, old and new versions.
    var oldImports: [String: String] = [:]
    var newImports: [String: String] = [:]
}

/// proto3 file in package `p` with `body`.
func p3(_ body: String, package: String = "p") -> String { "syntax = \"proto3\";\npackage \(package);\n\(body)\n" }
func p2(_ body: String) -> String { "syntax = \"proto2\";\npackage p;\n\(body)\n" }

let scalarKind = "FIELD_SCALAR_KIND_CHANGED"
let kindChanged = "FIELD_KIND_CHANGED"
let namedType = "FIELD_NAMED_TYPE_CHANGED"
let numericLabel = "FIELD_NUMERIC_LABEL_CHANGED"

let protobufCompatibilityCases: [ProtobufCompatibilityCase] = [
    // Field-level changes that leave the wire format readable (FIELD_ADDED/REMOVED/NAME_CHANGED are compatible).
    .init(name: "identical", old: p3("message M { int32 a = 1; }"), new: p3("message M { int32 a = 1; }"), backward: [], forward: []),
    .init(name: "add field", old: p3("message M { int32 a = 1; }"), new: p3("message M { int32 a = 1; string b = 2; }"), backward: [], forward: []),
    .init(name: "remove field", old: p3("message M { int32 a = 1; string b = 2; }"), new: p3("message M { int32 a = 1; }"), backward: [], forward: []),
    .init(name: "rename field", old: p3("message M { int32 a = 1; }"), new: p3("message M { int32 renamed = 1; }"), backward: [], forward: []),
    .init(name: "renumber field", old: p3("message M { int32 a = 1; }"), new: p3("message M { int32 a = 2; }"), backward: [], forward: []),
    .init(name: "remove field and reserve it", old: p3("message M { int32 a = 1; int32 b = 2; }"), new: p3("message M { int32 a = 1; reserved 2; reserved \"b\"; }"), backward: [], forward: []),
    // Scalar groups (FieldSchemaDiff: GENERAL_NUMBER, SIGNED_NUMBER, STRING_OR_BYTES, FIXED32, FIXED64, FLOAT, DOUBLE).
    .init(name: "int32 to int64", old: p3("message M { int32 a = 1; }"), new: p3("message M { int64 a = 1; }"), backward: [], forward: []),
    .init(name: "int32 to uint64", old: p3("message M { int32 a = 1; }"), new: p3("message M { uint64 a = 1; }"), backward: [], forward: []),
    .init(name: "uint32 to bool", old: p3("message M { uint32 a = 1; }"), new: p3("message M { bool a = 1; }"), backward: [], forward: []),
    .init(name: "int32 to enum", old: p3("enum E { Z = 0; } message M { int32 a = 1; }"), new: p3("enum E { Z = 0; } message M { E a = 1; }"), backward: [], forward: []),
    .init(name: "enum to another enum", old: p3("enum E { Z = 0; } enum F { Y = 0; } message M { E a = 1; }"), new: p3("enum E { Z = 0; } enum F { Y = 0; } message M { F a = 1; }"), backward: [], forward: []),
    .init(name: "sint32 to sint64", old: p3("message M { sint32 a = 1; }"), new: p3("message M { sint64 a = 1; }"), backward: [], forward: []),
    .init(name: "string to bytes", old: p3("message M { string a = 1; }"), new: p3("message M { bytes a = 1; }"), backward: [], forward: []),
    .init(name: "fixed32 to sfixed32", old: p3("message M { fixed32 a = 1; }"), new: p3("message M { sfixed32 a = 1; }"), backward: [], forward: []),
    .init(name: "fixed64 to sfixed64", old: p3("message M { fixed64 a = 1; }"), new: p3("message M { sfixed64 a = 1; }"), backward: [], forward: []),
    .init(name: "int32 to sint32", old: p3("message M { int32 a = 1; }"), new: p3("message M { sint32 a = 1; }"), backward: [scalarKind], forward: [scalarKind]),
    .init(name: "fixed32 to fixed64", old: p3("message M { fixed32 a = 1; }"), new: p3("message M { fixed64 a = 1; }"), backward: [scalarKind], forward: [scalarKind]),
    .init(name: "float to double", old: p3("message M { float a = 1; }"), new: p3("message M { double a = 1; }"), backward: [scalarKind], forward: [scalarKind]),
    .init(name: "int64 to double", old: p3("message M { int64 a = 1; }"), new: p3("message M { double a = 1; }"), backward: [scalarKind], forward: [scalarKind]),
    .init(name: "string to int32", old: p3("message M { string a = 1; }"), new: p3("message M { int32 a = 1; }"), backward: [scalarKind], forward: [scalarKind]),
    .init(name: "enum to string", old: p3("enum E { Z = 0; } message M { E a = 1; }"), new: p3("enum E { Z = 0; } message M { string a = 1; }"), backward: [scalarKind], forward: [scalarKind]),
    .init(name: "fixed32 to int32", old: p3("message M { fixed32 a = 1; }"), new: p3("message M { int32 a = 1; }"), backward: [scalarKind], forward: [scalarKind]),
    // Kinds: scalar, map, message never interchange, even where the wire would allow it.
    .init(name: "string to message", old: p3("message A {} message M { string a = 1; }"), new: p3("message A {} message M { A a = 1; }"), backward: [kindChanged], forward: [kindChanged]),
    .init(name: "message to bytes", old: p3("message A {} message M { A a = 1; }"), new: p3("message A {} message M { bytes a = 1; }"), backward: [kindChanged], forward: [kindChanged]),
    .init(name: "scalar to map", old: p3("message M { repeated int32 a = 1; }"), new: p3("message M { map<string, int32> a = 1; }"), backward: [kindChanged], forward: [kindChanged]),
    .init(name: "map to repeated message", old: p3("message E { string key = 1; int32 value = 2; } message M { map<string, int32> a = 1; }"), new: p3("message E { string key = 1; int32 value = 2; } message M { repeated E a = 1; }"), backward: [kindChanged], forward: [kindChanged]),
    // Maps: keys and values compared like fields.
    .init(name: "map value int32 to int64", old: p3("message M { map<string, int32> a = 1; }"), new: p3("message M { map<string, int64> a = 1; }"), backward: [], forward: []),
    .init(name: "map key string to int32", old: p3("message M { map<string, int32> a = 1; }"), new: p3("message M { map<int32, int32> a = 1; }"), backward: [scalarKind], forward: [scalarKind]),
    .init(name: "map value int32 to string", old: p3("message M { map<string, int32> a = 1; }"), new: p3("message M { map<string, string> a = 1; }"), backward: [scalarKind], forward: [scalarKind]),
    .init(name: "map value message renamed", old: p3("message A {} message B {} message M { map<string, A> a = 1; }"), new: p3("message A {} message B {} message M { map<string, B> a = 1; }"), backward: [namedType], forward: [namedType]),
    .init(name: "map value scalar to message", old: p3("message A {} message M { map<string, int32> a = 1; }"), new: p3("message A {} message M { map<string, A> a = 1; }"), backward: [kindChanged], forward: [kindChanged]),
    // Message-typed fields: same name (package aside) or FIELD_NAMED_TYPE_CHANGED.
    .init(name: "message type changed", old: p3("message A {} message B {} message M { A a = 1; }"), new: p3("message A {} message B {} message M { B a = 1; }"), backward: [namedType], forward: [namedType]),
    .init(name: "message type qualified differently", old: p3("message A {} message M { A a = 1; }"), new: p3("message A {} message M { .p.A a = 1; }"), backward: [], forward: []),
    .init(name: "nested type referenced from outside", old: p3("message O { message I {} } message M { O.I a = 1; }"), new: p3("message O { message I {} } message M { .p.O.I a = 1; }"), backward: [], forward: []),
    // Labels: compared for numeric and enum scalars when both sides wrote one.
    // A plain proto3 field has no written label (Confluent's parser, Wire, gives it none), so making
    // it repeated is compatible for every scalar: FieldSchemaDiff compares labels only when both exist.
    .init(name: "bare proto3 field to repeated", old: p3("message M { int32 a = 1; }"), new: p3("message M { repeated int32 a = 1; }"), backward: [], forward: []),
    .init(name: "bare proto3 int64 to repeated", old: p3("message M { int64 a = 1; }"), new: p3("message M { repeated int64 a = 1; }"), backward: [], forward: []),
    .init(name: "bare proto3 double to repeated", old: p3("message M { double a = 1; }"), new: p3("message M { repeated double a = 1; }"), backward: [], forward: []),
    .init(name: "optional fixed64 to repeated", old: p3("message M { optional fixed64 a = 1; }"), new: p3("message M { repeated fixed64 a = 1; }"), backward: [numericLabel], forward: [numericLabel]),
    .init(name: "optional bytes to repeated", old: p3("message M { optional bytes a = 1; }"), new: p3("message M { repeated bytes a = 1; }"), backward: [], forward: []),
    .init(name: "optional int32 to repeated", old: p3("message M { optional int32 a = 1; }"), new: p3("message M { repeated int32 a = 1; }"), backward: [numericLabel], forward: [numericLabel]),
    .init(name: "optional enum to repeated", old: p3("enum E { Z = 0; } message M { optional E a = 1; }"), new: p3("enum E { Z = 0; } message M { repeated E a = 1; }"), backward: [numericLabel], forward: [numericLabel]),
    .init(name: "optional string to repeated", old: p3("message M { optional string a = 1; }"), new: p3("message M { repeated string a = 1; }"), backward: [], forward: []),
    .init(name: "message to repeated message", old: p3("message A {} message M { A a = 1; }"), new: p3("message A {} message M { repeated A a = 1; }"), backward: [], forward: []),
    .init(name: "bare field to proto3 optional", old: p3("message M { int32 a = 1; }"), new: p3("message M { optional int32 a = 1; }"), backward: [], forward: []),
    .init(name: "proto2 optional to required", old: p2("message M { optional int32 a = 1; }"), new: p2("message M { required int32 a = 1; }"), backward: [numericLabel], forward: [numericLabel]),
    .init(name: "proto2 optional string to required", old: p2("message M { optional string a = 1; }"), new: p2("message M { required string a = 1; }"), backward: [], forward: []),
    // Required fields (proto2).
    .init(name: "add required field", old: p2("message M { optional int32 a = 1; }"), new: p2("message M { optional int32 a = 1; required int32 b = 2; }"), backward: ["REQUIRED_FIELD_ADDED"], forward: ["REQUIRED_FIELD_REMOVED"]),
    .init(name: "remove required field", old: p2("message M { optional int32 a = 1; required int32 b = 2; }"), new: p2("message M { optional int32 a = 1; }"), backward: ["REQUIRED_FIELD_REMOVED"], forward: ["REQUIRED_FIELD_ADDED"]),
    .init(name: "add proto2 optional field", old: p2("message M { optional int32 a = 1; }"), new: p2("message M { optional int32 a = 1; optional string b = 2; }"), backward: [], forward: []),
    .init(name: "proto2 group unchanged", old: p2("message M { optional group G = 1 { optional int32 x = 1; } }"), new: p2("message M { optional group G = 1 { optional int32 x = 1; } }"), backward: [], forward: []),
    // Messages: matched by name at every level; MESSAGE_ADDED and MESSAGE_MOVED are compatible.
    .init(name: "add message", old: p3("message M {}"), new: p3("message M {} message N {}"), backward: [], forward: ["MESSAGE_REMOVED"]),
    .init(name: "remove message", old: p3("message M {} message N {}"), new: p3("message M {}"), backward: ["MESSAGE_REMOVED"], forward: []),
    .init(name: "rename message", old: p3("message M {}"), new: p3("message Renamed {}"), backward: ["MESSAGE_REMOVED"], forward: ["MESSAGE_REMOVED"]),
    .init(name: "reorder messages", old: p3("message M {} message N {}"), new: p3("message N {} message M {}"), backward: [], forward: []),
    .init(name: "add nested message", old: p3("message M {}"), new: p3("message M { message I {} }"), backward: [], forward: ["MESSAGE_REMOVED"]),
    .init(name: "remove nested message", old: p3("message M { message I {} }"), new: p3("message M {}"), backward: ["MESSAGE_REMOVED"], forward: []),
    .init(name: "nested field type change", old: p3("message M { message I { int32 x = 1; } }"), new: p3("message M { message I { string x = 1; } }"), backward: [scalarKind], forward: [scalarKind]),
    .init(name: "recursive message change terminates", old: p3("message N { repeated N children = 1; int32 v = 2; }"), new: p3("message N { repeated N children = 1; string v = 2; }"), backward: [scalarKind], forward: [scalarKind]),
    // Enums: every enum change is compatible in Confluent's diff.
    .init(name: "add enum", old: p3("message M {}"), new: p3("message M {} enum E { Z = 0; }"), backward: [], forward: []),
    .init(name: "remove unused enum", old: p3("message M {} enum E { Z = 0; }"), new: p3("message M {}"), backward: [], forward: []),
    .init(name: "add enum value", old: p3("enum E { Z = 0; }"), new: p3("enum E { Z = 0; A = 1; }"), backward: [], forward: []),
    .init(name: "remove enum value", old: p3("enum E { Z = 0; A = 1; }"), new: p3("enum E { Z = 0; }"), backward: [], forward: []),
    .init(name: "rename enum value", old: p3("enum E { Z = 0; A = 1; }"), new: p3("enum E { Z = 0; B = 1; }"), backward: [], forward: []),
    // Package.
    .init(name: "package changed", old: p3("message M {}"), new: p3("message M {}", package: "q"), backward: ["PACKAGE_CHANGED"], forward: ["PACKAGE_CHANGED"]),
    .init(name: "syntax changed with same fields", old: p2("message M { optional string a = 1; }"), new: p3("message M { string a = 1; }"), backward: [], forward: []),
    // Oneofs: matched by name, members by number.
    .init(name: "add oneof", old: p3("message M { int32 a = 1; }"), new: p3("message M { int32 a = 1; oneof o { string b = 2; int32 c = 3; } }"), backward: [], forward: []),
    .init(name: "remove oneof", old: p3("message M { int32 a = 1; oneof o { string b = 2; int32 c = 3; } }"), new: p3("message M { int32 a = 1; }"), backward: [], forward: []),
    .init(name: "add oneof member", old: p3("message M { oneof o { string b = 2; } }"), new: p3("message M { oneof o { string b = 2; int32 c = 3; } }"), backward: [], forward: ["ONEOF_FIELD_REMOVED"]),
    .init(name: "remove oneof member", old: p3("message M { oneof o { string b = 2; int32 c = 3; } }"), new: p3("message M { oneof o { string b = 2; } }"), backward: ["ONEOF_FIELD_REMOVED"], forward: []),
    // FORWARD: the old schema drops member b while member a survives outside: a partial removal.
    .init(name: "move one field into a new oneof", old: p3("message M { int32 a = 1; }"), new: p3("message M { oneof o { int32 a = 1; string b = 2; } }"), backward: [], forward: ["ONEOF_FIELD_REMOVED"]),
    .init(name: "move two fields into a new oneof", old: p3("message M { int32 a = 1; string b = 2; }"), new: p3("message M { oneof o { int32 a = 1; string b = 2; } }"), backward: ["MULTIPLE_FIELDS_MOVED_TO_ONEOF"], forward: []),
    .init(name: "move a field into an existing oneof", old: p3("message M { int32 a = 1; oneof o { string b = 2; } }"), new: p3("message M { oneof o { int32 a = 1; string b = 2; } }"), backward: ["FIELD_MOVED_TO_EXISTING_ONEOF"], forward: []),
    .init(name: "rename oneof", old: p3("message M { oneof o { string b = 2; } }"), new: p3("message M { oneof renamed { string b = 2; } }"), backward: [], forward: []),
    .init(name: "oneof member type change", old: p3("message M { oneof o { int32 b = 2; } }"), new: p3("message M { oneof o { string b = 2; } }"), backward: [scalarKind], forward: [scalarKind]),
    .init(name: "oneof member renamed", old: p3("message M { oneof o { int32 b = 2; } }"), new: p3("message M { oneof o { int64 renamed = 2; } }"), backward: [], forward: []),
    // Fields are compared by number across the whole message, whatever oneof holds them, so a oneof
    // change cannot hide a field change (MessageSchemaDiff: per-tag pass); a oneof that gathers
    // fields from more than one earlier group makes them exclusive (FIELD_MOVED_TO_EXISTING_ONEOF,
    // or MULTIPLE_FIELDS_MOVED_TO_ONEOF when more than one was a plain field).
    .init(name: "retyped while its oneof is renamed", old: p3("message M { oneof o { int32 b = 2; } }"), new: p3("message M { oneof r { string b = 2; } }"), backward: [scalarKind], forward: [scalarKind]),
    .init(name: "retyped while moved out of a removed oneof", old: p3("message M { oneof o { int32 a = 1; int32 b = 2; } }"), new: p3("message M { int32 a = 1; string b = 2; }"), backward: [scalarKind], forward: ["MULTIPLE_FIELDS_MOVED_TO_ONEOF", scalarKind]),
    .init(name: "retyped while moved into a new oneof", old: p3("message M { int32 a = 1; }"), new: p3("message M { oneof o { string a = 1; } }"), backward: [scalarKind], forward: [scalarKind]),
    .init(name: "member moved between two oneofs", old: p3("message M { oneof x { int32 a = 1; int32 b = 2; } oneof y { int32 c = 3; } }"), new: p3("message M { oneof x { int32 a = 1; } oneof y { int32 b = 2; int32 c = 3; } }"), backward: ["FIELD_MOVED_TO_EXISTING_ONEOF"], forward: ["FIELD_MOVED_TO_EXISTING_ONEOF"]),
    .init(name: "member of a deleted oneof moved into an existing one", old: p3("message M { oneof x { int32 a = 1; } oneof y { int32 b = 2; } }"), new: p3("message M { oneof y { int32 a = 1; int32 b = 2; } }"), backward: ["FIELD_MOVED_TO_EXISTING_ONEOF"], forward: []),
    .init(name: "two oneofs merged into a new one", old: p3("message M { oneof x { int32 a = 1; } oneof y { int32 b = 2; } }"), new: p3("message M { oneof z { int32 a = 1; int32 b = 2; } }"), backward: ["FIELD_MOVED_TO_EXISTING_ONEOF"], forward: []),
    .init(name: "member split into a new singleton oneof", old: p3("message M { oneof x { int32 a = 1; int32 b = 2; } }"), new: p3("message M { oneof x { int32 a = 1; } oneof y { int32 b = 2; } }"), backward: [], forward: ["FIELD_MOVED_TO_EXISTING_ONEOF"]),
    .init(name: "member dropped while its oneof is renamed", old: p3("message M { oneof g { int32 a = 1; int32 b = 2; } }"), new: p3("message M { oneof h { int32 a = 1; } }"), backward: ["ONEOF_FIELD_REMOVED"], forward: []),
    .init(name: "member moved out of its oneof", old: p3("message M { oneof o { int32 a = 1; int32 b = 2; } }"), new: p3("message M { oneof o { int32 a = 1; } int32 b = 2; }"), backward: [], forward: ["FIELD_MOVED_TO_EXISTING_ONEOF"]),
    .init(name: "member moved out of its oneof and retyped", old: p3("message M { oneof o { int32 a = 1; int32 b = 2; } }"), new: p3("message M { oneof o { int32 a = 1; } string b = 2; }"), backward: [scalarKind], forward: ["FIELD_MOVED_TO_EXISTING_ONEOF", scalarKind]),
    // Imported messages are compared through the fields that use them.
    .init(
        name: "imported message changed incompatibly", old: p3("import \"dep.proto\"; message M { d.D a = 1; }"), new: p3("import \"dep.proto\"; message M { d.D a = 1; }"),
        backward: [scalarKind, namedType], forward: [scalarKind, namedType],
        oldImports: ["dep.proto": p3("message D { int32 x = 1; }", package: "d")], newImports: ["dep.proto": p3("message D { string x = 1; }", package: "d")]
    ),
    .init(
        name: "imported message changed compatibly", old: p3("import \"dep.proto\"; message M { d.D a = 1; }"), new: p3("import \"dep.proto\"; message M { d.D a = 1; }"),
        backward: [], forward: [],
        oldImports: ["dep.proto": p3("message D { int32 x = 1; }", package: "d")], newImports: ["dep.proto": p3("message D { int32 x = 1; string y = 2; }", package: "d")]
    ),
    .init(
        name: "field moved to a message of the same name in another package", old: p3("import \"dep.proto\"; message D {} message M { d.D a = 1; }"), new: p3("import \"dep.proto\"; message D {} message M { D a = 1; }"),
        backward: [], forward: [],
        oldImports: ["dep.proto": p3("message D { int32 x = 1; }", package: "d")], newImports: ["dep.proto": p3("message D { int32 x = 1; }", package: "d")]
    ),
    .init(
        name: "well-known type field unchanged", old: p3("import \"google/protobuf/timestamp.proto\"; message M { google.protobuf.Timestamp t = 1; }"), new: p3("import \"google/protobuf/timestamp.proto\"; message M { google.protobuf.Timestamp t = 1; int32 b = 2; }"),
        backward: [], forward: []
    ),
]
