import SchemaWireCore

/// The harnesses of what every format shares: the JSON parser and Confluent framing.
enum CoreTargets {
    static let all: [FuzzTarget] = [
        FuzzTarget(name: "json", isParser: true, run: { input in
            guard let value = try? JSONValue(parsing: input) else { return }
            guard let again = try? JSONValue(parsing: value.serialized()) else { preconditionFailure("serialized JSON does not parse") }
            require(again == value, "JSON round trip changed the value")
            _ = value.serialized(.pretty)
            _ = value.serialized(maximumLength: 64)
        }, seeds: {
            [#"{"a":[1,-2.5e10,true,null,"\u00e9\ud83d\ude00"],"b":{"c":"\n"}}"#, "[[[[]]]]", #""x""#, "0", "-0.0E+1"].map { Array($0.utf8) }
        }),
        FuzzTarget(name: "framing", isParser: false, run: { input in
            for indexes in [false, true] {
                guard let frame = try? ConfluentFraming.readFrame(input, hasMessageIndexes: indexes) else { continue }
                require(frame.payloadOffset <= input.count, "the payload starts past the input")
                guard case let .id(id) = frame.schema else { continue }
                let rebuilt = ConfluentFraming.frame(schemaID: id, messageIndexes: frame.messageIndexes, payload: Array(input[frame.payloadOffset...]))
                require((try? ConfluentFraming.readFrame(rebuilt, hasMessageIndexes: indexes)) != nil, "a re-framed record does not read")
            }
        }, seeds: {
            [ConfluentFraming.frame(schemaID: 7, payload: [1, 2, 3]), ConfluentFraming.frame(schemaID: 1, messageIndexes: [0], payload: [8, 1]),
             ConfluentFraming.frame(schemaID: 2, messageIndexes: [3, 1, 4], payload: []), [1] + [UInt8](repeating: 0xAB, count: 16)]
        }),
    ]
}
