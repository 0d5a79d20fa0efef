import Foundation
import Hummingbird
import SchemaWireCore

/// The media type the registry answers with (clients also accept `application/json`).
let registryMediaType = "application/vnd.schemaregistry.v1+json"

extension Response {
    /// A JSON response in the registry's media type.
    static func registryJSON(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = registryMediaType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }

    /// A raw schema body (`…/schema` endpoints return the schema itself, not a JSON string).
    static func rawSchema(_ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = registryMediaType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Confluent's error body: `{"error_code": 40401, "message": "..."}`.
    static func registryError(_ error: RegistryError) -> Response {
        .registryJSON(["error_code": .integer(error.code), "message": .string(error.message)], status: .init(code: error.status))
    }
}

/// A request's path split into percent-decoded segments, so that subjects may contain `/`,
/// spaces or any Unicode when clients URL-encode them.
func pathSegments(_ path: String) -> [String] {
    path.split(separator: "/", omittingEmptySubsequences: true).map { String($0).removingPercentEncoding ?? String($0) }
}

/// The query string's parameters, percent-decoded (`+` as space); the last value of a name wins.
func queryParameters(_ query: String?) -> [String: String] {
    Dictionary(queryPairs(query), uniquingKeysWith: { _, last in last })
}

/// Every name=value pair of the query string in order, for names that repeat (`key=a&key=b`).
func queryPairs(_ query: String?) -> [(name: String, value: String)] {
    guard let query, !query.isEmpty else { return [] }
    return query.split(separator: "&").compactMap { pair in
        let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ") }
        guard let name = parts.first?.removingPercentEncoding else { return nil }
        return (name, parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : "")
    }
}

extension [String: String] {
    /// Whether a boolean query flag is set (`?deleted=true`).
    func flag(_ name: String) -> Bool { self[name]?.lowercased() == "true" }
}

/// The schema, type and references a register, lookup or compatibility request carries.
func submission(_ object: [String: JSONValue], normalize: Bool) throws(RegistryError) -> SchemaSubmission {
    guard case let .string(text)? = object["schema"] else {
        throw .unprocessable("The request needs a \"schema\" string")
    }
    var type = SchemaType.avro
    if let typeValue = object["schemaType"] {
        guard case let .string(name) = typeValue, let parsed = SchemaType(rawValue: name.uppercased()) else {
            throw .unprocessable("Unknown schemaType \(typeValue.serialized()); expected AVRO, PROTOBUF or JSON")
        }
        type = parsed
    }
    var references: [SchemaReference] = []
    if let referencesValue = object["references"], referencesValue != .null {
        guard case let .array(items) = referencesValue else { throw .unprocessable("\"references\" must be an array") }
        for item in items {
            guard let reference = SchemaReference(jsonValue: item) else {
                throw .unprocessable("Each reference needs \"name\", \"subject\" and \"version\"")
            }
            references.append(reference)
        }
    }
    var metadata: SchemaMetadata?
    if let metadataValue = object["metadata"], metadataValue != .null {
        do { metadata = try SchemaMetadata(jsonValue: metadataValue) } catch { throw .unprocessable(error.description) }
    }
    return SchemaSubmission(text: text, type: type, references: references, metadata: metadata, normalize: normalize)
}
