/// An error the registry answers with: an HTTP status, Confluent's `error_code` and a message,
/// exactly as Confluent Schema Registry documents them, so existing clients react correctly.
public struct RegistryError: Error, Hashable, Sendable, CustomStringConvertible {
    public var status: Int
    public var code: Int
    public var message: String
    /// What went wrong inside (a store's own error text), for the server's log only: answers
    /// carry ``message``, never this.
    var detail: String?

    public init(status: Int, code: Int, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func subjectNotFound(_ subject: String) -> RegistryError {
        RegistryError(status: 404, code: 40401, message: "Subject '\(subject)' not found.")
    }
    static func versionNotFound(_ version: Int) -> RegistryError {
        RegistryError(status: 404, code: 40402, message: "Version \(version) not found.")
    }
    static func schemaNotFound(_ id: Int? = nil) -> RegistryError {
        RegistryError(status: 404, code: 40403, message: id.map { "Schema \($0) not found" } ?? "Schema not found")
    }
    static func subjectSoftDeleted(_ subject: String) -> RegistryError {
        RegistryError(status: 404, code: 40404, message: "Subject '\(subject)' was soft deleted.Set permanent=true to delete permanently")
    }
    static func subjectNotSoftDeleted(_ subject: String) -> RegistryError {
        RegistryError(status: 404, code: 40405, message: "Subject '\(subject)' was not deleted first before being permanently deleted")
    }
    static func versionSoftDeleted(_ subject: String, _ version: Int) -> RegistryError {
        RegistryError(status: 404, code: 40406, message: "Subject '\(subject)' Version \(version) was soft deleted.Set permanent=true to delete permanently")
    }
    static func versionNotSoftDeleted(_ subject: String, _ version: Int) -> RegistryError {
        RegistryError(status: 404, code: 40407, message: "Subject '\(subject)' Version \(version) was not deleted first before being permanently deleted")
    }
    static func compatibilityNotConfigured(_ subject: String) -> RegistryError {
        RegistryError(status: 404, code: 40408, message: "Subject '\(subject)' does not have subject-level compatibility configured")
    }
    static func modeNotConfigured(_ subject: String) -> RegistryError {
        RegistryError(status: 404, code: 40409, message: "Subject '\(subject)' does not have subject-level mode configured")
    }
    static func incompatible(_ message: String) -> RegistryError {
        RegistryError(status: 409, code: 409, message: message)
    }
    static func invalidSchema(_ message: String) -> RegistryError {
        RegistryError(status: 422, code: 42201, message: "Invalid schema: \(message)")
    }
    static func invalidVersion(_ text: String) -> RegistryError {
        RegistryError(status: 422, code: 42202, message: "The specified version '\(text)' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"")
    }
    static let invalidCompatibilityLevel = RegistryError(
        status: 422, code: 42203,
        message: "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive")
    static let invalidMode = RegistryError(status: 422, code: 42204, message: "Invalid mode. Valid values are READWRITE, READONLY and IMPORT")
    static func readOnly(_ subject: String?) -> RegistryError {
        RegistryError(status: 422, code: 42205, message: "Subject \(subject.map { "'\($0)'" } ?? "registry") is in read-only mode")
    }
    static func referenceExists(_ subject: String, _ version: Int) -> RegistryError {
        RegistryError(status: 422, code: 42206, message: "One or more references exist to the schema {subject=\(subject),version=\(version)}")
    }
    static func malformedRequest(_ message: String) -> RegistryError {
        RegistryError(status: 400, code: 400, message: message)
    }
    static func unprocessable(_ message: String) -> RegistryError {
        RegistryError(status: 422, code: 422, message: message)
    }
    /// A store failure: the answer names an incident the server's log explains, and shows nothing
    /// of the store's own error text (SQL, file paths).
    static func store(_ error: any Error) -> RegistryError {
        if let conflict = error as? StoreConflict { return conflict.registryError }
        let incident = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        var failure = RegistryError(status: 500, code: 50001, message: "Error in the backend data store (incident \(incident); see the registry's log)")
        failure.detail = "incident \(incident): \(error)"
        return failure
    }
    static let unauthorized = RegistryError(status: 401, code: 40101, message: "Unauthorized")
    static func notFound(_ path: String) -> RegistryError {
        RegistryError(status: 404, code: 404, message: "HTTP 404 Not Found: \(path)")
    }
    static func methodNotAllowed(_ method: String) -> RegistryError {
        RegistryError(status: 405, code: 405, message: "HTTP 405 Method Not Allowed: \(method)")
    }
    static func bodyTooLarge(_ limit: Int) -> RegistryError {
        RegistryError(status: 413, code: 413, message: "Request body is larger than \(limit) bytes")
    }
}
