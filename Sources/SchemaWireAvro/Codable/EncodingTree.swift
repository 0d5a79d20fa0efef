import Foundation

/// What a `Codable` value wrote, before the schema gives it an Avro shape.
///
/// `Encoder` containers hand out references that are filled after they are returned, so the tree
/// is built from small reference nodes and converted to an ``AvroValue`` once encoding finishes.
final class EncodingNode {
    enum Content {
        case empty
        case null
        case bool(Bool)
        case integer(Int64)
        case unsignedInteger(UInt64)
        case floatingPoint(Double)
        /// A `Float` as written: widening it to `Double` would quiet a signaling NaN's bits.
        case float(Float)
        case string(String)
        case data([UInt8])
        case date(Date)
        case uuid(UUID)
        case decimal(Decimal)
        case keyed([(String, EncodingNode)])
        case unkeyed([EncodingNode])
    }

    var content: Content = .empty

    /// The child for `key`, created on first use (keyed containers may be re-requested).
    func child(forKey key: String) -> EncodingNode {
        if case var .keyed(entries) = content {
            if let existing = entries.first(where: { $0.0 == key }) { return existing.1 }
            let node = EncodingNode()
            entries.append((key, node))
            content = .keyed(entries)
            return node
        }
        let node = EncodingNode()
        content = .keyed([(key, node)])
        return node
    }

    /// A new element at the end of an unkeyed container.
    func appendChild() -> EncodingNode {
        let node = EncodingNode()
        if case var .unkeyed(elements) = content {
            elements.append(node)
            content = .unkeyed(elements)
        } else {
            content = .unkeyed([node])
        }
        return node
    }

    var kindName: String {
        switch content {
        case .empty: return "nothing"
        case .null: return "nil"
        case .bool: return "a Bool"
        case .integer, .unsignedInteger: return "an integer"
        case .floatingPoint, .float: return "a floating-point number"
        case .string: return "a String"
        case .data: return "bytes"
        case .date: return "a Date"
        case .uuid: return "a UUID"
        case .decimal: return "a Decimal"
        case .keyed: return "a keyed container"
        case .unkeyed: return "an unkeyed container"
        }
    }
}
