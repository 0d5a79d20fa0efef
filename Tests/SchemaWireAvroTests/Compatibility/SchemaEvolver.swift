import OrderedCollections
import SchemaWireAvro
import SchemaWireCore
import SchemaWireTestSupport

/// Applies one or two random schema changes of the kinds real teams make (add or drop a field,
/// with or without default; change a field type; grow or shrink an enum or union; resize a fixed;
/// rename with or without alias) to produce the next version of a schema.
struct SchemaEvolver {
    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed &* 7919) }

    mutating func evolve(_ schema: AvroSchema) throws -> AvroSchema {
        var json = schema.root.jsonValue
        for _ in 0..<Int.random(in: 1...2, using: &generator) { json = mutate(json, depth: 0) }
        return try AvroSchema(json: json)
    }

    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &generator) < percent }

    private mutating func mutate(_ json: JSONValue, depth: Int) -> JSONValue {
        switch json {
        case var .object(object):
            switch object["type"] {
            case .string("record")?:
                guard case var .array(fields)? = object["fields"] else { return json }
                switch Int.random(in: 0..<6, using: &generator) {
                case 0:
                    var newField: OrderedDictionary<String, JSONValue> = ["name": .string("added\(fields.count)"), "type": .string("int")]
                    if chance(50) { newField["default"] = 0 }
                    fields.append(.object(newField))
                case 1 where !fields.isEmpty:
                    fields.remove(at: Int.random(in: 0..<fields.count, using: &generator))
                case 2 where !fields.isEmpty:
                    let index = Int.random(in: 0..<fields.count, using: &generator)
                    if case var .object(field) = fields[index] {
                        let old = field["name"] ?? .null
                        field["name"] = .string("renamed\(index)")
                        if chance(50) { field["aliases"] = .array([old]) }
                        fields[index] = .object(field)
                    }
                case 3 where !fields.isEmpty:
                    let index = Int.random(in: 0..<fields.count, using: &generator)
                    if case var .object(field) = fields[index], let type = field["type"] {
                        let newType = mutate(type, depth: depth + 1)
                        if newType != type { field.removeValue(forKey: "default") }
                        field["type"] = newType
                        fields[index] = .object(field)
                    }
                default:
                    if chance(30), case let .string(name)? = object["name"] { object["name"] = .string(name + "X") }
                    else if fields.count > 1 { fields.swapAt(0, fields.count - 1) }
                }
                object["fields"] = .array(fields)
            case .string("enum")?:
                guard case var .array(symbols)? = object["symbols"] else { return json }
                if chance(50) { symbols.append(.string("NEW\(symbols.count)")) } else if symbols.count > 1 { symbols.removeLast() }
                object["symbols"] = .array(symbols)
                if chance(30), let first = symbols.first { object["default"] = first }
            case .string("fixed")?:
                if let size = object["size"]?.int64Value { object["size"] = .integer(chance(50) ? size + 1 : size) }
            case .string("array")?:
                if let items = object["items"] { object["items"] = mutate(items, depth: depth + 1) }
            case .string("map")?:
                if let values = object["values"] { object["values"] = mutate(values, depth: depth + 1) }
            default:
                return replacePrimitive(json)
            }
            return .object(object)
        case var .array(branches):
            if chance(40), branches.count > 1 { branches.removeLast() } else if !branches.contains(.string("string")) { branches.append("string") } else { branches.reverse() }
            return .array(branches)
        case .string:
            return replacePrimitive(json)
        default:
            return json
        }
    }

    private mutating func replacePrimitive(_ json: JSONValue) -> JSONValue {
        let choices: [JSONValue] = ["int", "long", "float", "double", "string", "bytes", "boolean", ["null", "int"]]
        return chance(70) ? choices.randomElement(using: &generator)! : json
    }
}
