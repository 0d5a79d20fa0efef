extension ProtoSchema {
    /// Confluent's message-index path of a message of this file: its position among the file's
    /// top-level messages, then among each parent's nested messages (`[0]` for the first message).
    /// Map-entry messages do not count, as in Confluent's Java serializer.
    public func messageIndexes(of messageName: String) throws(ProtobufError) -> [Int] {
        let target = qualified(messageName)
        var indexes: [Int] = []
        func search(_ messages: [ProtoMessageType], scope: String) -> Bool {
            for (index, message) in messages.filter({ !$0.isMapEntry }).enumerated() {
                let name = scope.isEmpty ? message.name : scope + "." + message.name
                indexes.append(index)
                if name == target || search(message.nestedMessages, scope: name) { return true }
                indexes.removeLast()
            }
            return false
        }
        guard search(file.messages, scope: file.package) else {
            throw ProtobufError.unknownMessage("no message named \(messageName) in \(file.path) (imported messages have no index here)")
        }
        return indexes
    }

    /// The message a Confluent message-index path names, refusing any index that is negative or
    /// beyond the messages declared at its level instead of decoding against the wrong message.
    /// Each step is a lookup in a table built with the schema, so a record costs the length of its
    /// path, not the size of the schema.
    public func messageName(atIndexes indexes: [Int]) throws(ProtobufError) -> String {
        guard !indexes.isEmpty else { throw ProtobufError.unknownMessage("empty message-index path") }
        var name = file.package
        var children = indexedMessages[""] ?? []
        for (depth, index) in indexes.enumerated() {
            guard index >= 0, index < children.count else {
                throw ProtobufError.unknownMessage(
                    "message index \(index) at depth \(depth) of \(indexes) is out of range: \(name.isEmpty ? file.path : name) declares \(children.count) message(s) there"
                )
            }
            name = children[index]
            children = indexedMessages[name] ?? []
        }
        return name
    }

    /// The full names of the messages Confluent's indexes count (map entries do not), by parent:
    /// "" for the file's top level, else the parent message's full name.
    static func indexedMessages(of file: ProtoFile) -> [String: [String]] {
        var table: [String: [String]] = [:]
        func add(_ messages: [ProtoMessageType], parent: String, scope: String) {
            let counted = messages.filter { !$0.isMapEntry }
            table[parent] = counted.map { scope.isEmpty ? $0.name : scope + "." + $0.name }
            for message in counted {
                let name = scope.isEmpty ? message.name : scope + "." + message.name
                add(message.nestedMessages, parent: name, scope: name)
            }
        }
        add(file.messages, parent: "", scope: file.package)
        return table
    }
}
