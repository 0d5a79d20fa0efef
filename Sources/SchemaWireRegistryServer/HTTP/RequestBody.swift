import Hummingbird
import SchemaWireCore

/// Reads request bodies within the registry's size limit.
///
/// A body over the limit is answered with 413 only once it has been read to its end (up to
/// ``drainLimit``, discarded as it arrives), and the connection is then closed: a client that
/// sends its whole body before reading (Python's `urllib`, many HTTP libraries) gets the 413
/// instead of a reset or a hang, and nothing of the body is kept.
enum RequestBody {
    /// The most bytes read and discarded past the limit before the connection is given up on.
    static let drainLimit = 256 << 20

    /// The body's bytes, or `bodyTooLarge` once the body is drained.
    static func read(_ request: Request, limit: Int) async throws(RegistryError) -> [UInt8] {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            // Nothing of it is kept; it is drained only when that is cheap enough.
            guard declared <= drainLimit else { throw .bodyTooLarge(limit) }
        }
        var bytes: [UInt8] = []
        var total = 0
        do {
            for try await buffer in request.body {
                total += buffer.readableBytes
                if total <= limit {
                    bytes.append(contentsOf: buffer.readableBytesView)
                } else if total > drainLimit {
                    break
                }
            }
        } catch {
            throw .malformedRequest("The request body could not be read: \(error)")
        }
        guard total <= limit else { throw .bodyTooLarge(limit) }
        return bytes
    }

    /// The JSON object a body holds.
    static func object(_ bytes: [UInt8]) throws(RegistryError) -> [String: JSONValue] {
        guard !bytes.isEmpty else { throw .malformedRequest("The request body is empty; expected a JSON object") }
        let json: JSONValue
        do { json = try JSONValue(parsing: bytes) } catch { throw .malformedRequest("Malformed JSON: \(error)") }
        guard case let .object(object) = json else { throw .malformedRequest("Expected a JSON object, found \(json.typeName)") }
        return Dictionary(uniqueKeysWithValues: object.map { ($0.key, $0.value) })
    }
}
