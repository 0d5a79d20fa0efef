/// A message being decoded: fields accumulate in place, so that each repeated element, packed
/// run, map entry and repeated occurrence of a singular message costs its own size, never the size
/// of what came before (``ProtoMessage``'s enum-wrapped arrays would be copied on every append).
struct MessageBuilder {
    var singles: [Int32: ProtoValue] = [:]
    /// Singular message fields, still open for later occurrences to merge into.
    var messages: [Int32: MessageBuilder] = [:]
    var repeated: [Int32: [ProtoValue]] = [:]
    var maps: [Int32: MapBuilder] = [:]
    var unknownFields: [UInt8] = []

    /// Entries of one map field in wire order, with their positions by key: a key met again
    /// replaces its value where it first appeared.
    struct MapBuilder {
        var entries: [ProtoMapEntry] = []
        var positions: [ProtoValue: Int] = [:]
    }

    /// A oneof member was read: the other members are cleared.
    mutating func clearOneof(of field: CompiledField, in type: CompiledMessage) {
        guard let oneof = field.oneofIndex else { return }
        for number in type.oneofMembers[oneof] ?? [] where number != field.number {
            singles[number] = nil
            messages[number] = nil
        }
    }

    /// Adds one map entry: a key met again takes the new value where it first appeared.
    mutating func store(key: ProtoValue, value: ProtoValue, for number: Int32) {
        var map = maps.removeValue(forKey: number) ?? MapBuilder()
        if let position = map.positions[key] {
            map.entries[position].value = value
        } else {
            map.positions[key] = map.entries.count
            map.entries.append(ProtoMapEntry(key: key, value: value))
        }
        maps[number] = map
    }

    /// The finished message, its required fields checked (after every occurrence has merged, as
    /// Google's parsers check them).
    func build(_ type: CompiledMessage, types: CompiledTypes, at offset: Int) throws(ProtobufError) -> ProtoMessage {
        var message = ProtoMessage(unknownFields: unknownFields)
        message.fields.reserveCapacity(singles.count + messages.count + repeated.count + maps.count)
        for (number, value) in singles { message.fields[number] = .single(value) }
        for (number, values) in repeated { message.fields[number] = .repeated(values) }
        for (number, map) in maps { message.fields[number] = .map(map.entries) }
        for (number, nested) in messages {
            guard let fieldIndex = type.fieldByNumber[number], let messageIndex = type.fields[fieldIndex].messageIndex else { continue }
            do {
                message.fields[number] = .single(.message(try nested.build(types.messages[messageIndex], types: types, at: offset)))
            } catch {
                throw error.prefixed(type.fields[fieldIndex].name)
            }
        }
        for fieldIndex in type.requiredFields where message.fields[type.fields[fieldIndex].number] == nil {
            throw .malformedData(offset: offset, path: "", message: "required field \(type.fullName).\(type.fields[fieldIndex].name) is missing")
        }
        return message
    }
}
