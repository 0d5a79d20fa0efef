import Foundation
internal import GRDB
import SchemaWireCore

/// The registry's state in one SQLite file (or in memory), through GRDB. Every write is one
/// transaction, so a crash leaves either the whole registration or none of it. Several processes
/// may share the file: it is in WAL mode, and a write waits for another process's to finish
/// instead of failing.
final class SQLiteSchemaStore: SchemaStore {
    private let database: DatabaseQueue

    /// How long a write waits for another process's write before it fails.
    static let busyTimeout: TimeInterval = 30

    /// Opens (creating if needed) the database at `path`, or an in-memory one when nil.
    init(path: String?) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        if let path {
            configuration.journalMode = .wal
            database = try DatabaseQueue(path: path, configuration: configuration)
        } else {
            database = try DatabaseQueue(configuration: configuration)
        }
        try Self.migrator.migrate(database)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE schemas (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    type TEXT NOT NULL,
                    text TEXT NOT NULL,
                    identity TEXT NOT NULL UNIQUE
                );
                CREATE TABLE schema_references (
                    schema_id INTEGER NOT NULL REFERENCES schemas(id),
                    position INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    PRIMARY KEY (schema_id, position)
                );
                CREATE INDEX schema_references_target ON schema_references(subject, version);
                CREATE TABLE versions (
                    subject TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    schema_id INTEGER NOT NULL REFERENCES schemas(id),
                    deleted INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (subject, version)
                );
                CREATE INDEX versions_schema ON versions(schema_id);
                CREATE TABLE settings (
                    subject TEXT NOT NULL,
                    name TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (subject, name)
                );
                """)
        }
        migrator.registerMigration("v2: guids and metadata") { db in
            try db.execute(sql: "ALTER TABLE schemas ADD COLUMN guid TEXT")
            try db.execute(sql: "ALTER TABLE schemas ADD COLUMN metadata TEXT")
            for row in try Row.fetchAll(db, sql: "SELECT id, identity FROM schemas") {
                let identity: String = row["identity"]
                try db.execute(
                    sql: "UPDATE schemas SET guid = ? WHERE id = ?", arguments: [SchemaGUID(digestOf: identity).description, row["id"] as Int])
            }
            try db.execute(sql: "CREATE UNIQUE INDEX schemas_guid ON schemas(guid)")
        }
        migrator.registerMigration("v3: version numbers are never reused") { db in
            // The highest version each subject ever had, hard-deleted ones included: clients cache
            // (subject, version) answers forever, so a number must never name another schema.
            try db.execute(sql: """
                CREATE TABLE version_counters (subject TEXT PRIMARY KEY, last INTEGER NOT NULL);
                INSERT INTO version_counters (subject, last) SELECT subject, MAX(version) FROM versions GROUP BY subject;
                """)
        }
        migrator.registerMigration("v4: Confluent's GUIDs") { db in
            // GUIDs derived as Confluent derives them (several schemas may share one, as in
            // Confluent's registry: it ignores the schema type); the GUIDs handed out before stay
            // resolvable, since records framed with them may still be in topics.
            try db.execute(sql: """
                ALTER TABLE schemas ADD COLUMN legacy_guid TEXT;
                UPDATE schemas SET legacy_guid = guid;
                DROP INDEX schemas_guid;
                """)
            for row in try Row.fetchAll(db, sql: "SELECT id FROM schemas") {
                let id: Int = row["id"]
                guard let stored = try Self.schema(id: id, in: db) else { continue }
                let guid = SchemaGUID(confluentSchema: stored.text, references: stored.references, metadata: stored.metadata)
                try db.execute(sql: "UPDATE schemas SET guid = ? WHERE id = ?", arguments: [guid.description, id])
            }
            try db.execute(sql: "CREATE INDEX schemas_guid ON schemas(guid); CREATE INDEX schemas_legacy_guid ON schemas(legacy_guid);")
        }
        return migrator
    }

    private static func subjectVersion(_ row: Row) -> SubjectVersion {
        SubjectVersion(subject: row["subject"], version: row["version"], schemaID: row["schema_id"], deleted: row["deleted"])
    }

    private static func versions(_ db: Database, subject: String, includeDeleted: Bool) throws -> [SubjectVersion] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM versions WHERE subject = ? \(includeDeleted ? "" : "AND deleted = 0") ORDER BY version",
            arguments: [subject]
        ).map(subjectVersion)
    }

    func register(
        _ candidate: SchemaCandidate, subject: String, validate: ([SubjectVersion]) throws -> Void
    ) throws -> (id: Int, version: Int, isNew: Bool) {
        try database.write { db in
            let live = try Self.versions(db, subject: subject, includeDeleted: false)
            let existingID = try Int.fetchOne(db, sql: "SELECT id FROM schemas WHERE identity = ?", arguments: [candidate.identity])
            if let existingID, let version = live.first(where: { $0.schemaID == existingID }) {
                return (existingID, version.version, false)
            }
            try validate(live)
            // The references must still be there: a delete may have run since they were resolved.
            for reference in candidate.references {
                let present = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM versions WHERE subject = ? AND version = ? AND deleted = 0)",
                    arguments: [reference.subject, reference.version]) ?? false
                guard present else { throw StoreConflict.missingReference(name: reference.name, subject: reference.subject, version: reference.version) }
            }
            let id: Int
            if let existingID {
                id = existingID
            } else {
                try db.execute(
                    sql: "INSERT INTO schemas (type, text, identity, guid, metadata) VALUES (?, ?, ?, ?, ?)",
                    arguments: [
                        candidate.type.rawValue, candidate.text, candidate.identity, candidate.guid, candidate.metadata?.jsonValue.serialized(),
                    ])
                id = Int(db.lastInsertedRowID)
                for (position, reference) in candidate.references.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO schema_references (schema_id, position, name, subject, version) VALUES (?, ?, ?, ?, ?)",
                        arguments: [id, position, reference.name, reference.subject, reference.version])
                }
            }
            let highest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM versions WHERE subject = ?", arguments: [subject]) ?? 0
            let counted = try Int.fetchOne(db, sql: "SELECT last FROM version_counters WHERE subject = ?", arguments: [subject]) ?? 0
            let next = max(highest, counted) + 1
            try db.execute(
                sql: "INSERT INTO versions (subject, version, schema_id) VALUES (?, ?, ?)", arguments: [subject, next, id])
            try db.execute(
                sql: "INSERT INTO version_counters (subject, last) VALUES (?, ?) ON CONFLICT(subject) DO UPDATE SET last = excluded.last",
                arguments: [subject, next])
            return (id, next, true)
        }
    }

    func schema(id: Int) throws -> StoredSchema? {
        try database.read { db in try Self.schema(id: id, in: db) }
    }

    private static func schema(id: Int, in db: Database) throws -> StoredSchema? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM schemas WHERE id = ?", arguments: [id]),
            let type = SchemaType(rawValue: row["type"])
        else { return nil }
        let references = try Row.fetchAll(
            db, sql: "SELECT * FROM schema_references WHERE schema_id = ? ORDER BY position", arguments: [id]
        ).map { SchemaReference(name: $0["name"], subject: $0["subject"], version: $0["version"]) }
        var metadata: SchemaMetadata?
        if let text: String = row["metadata"] { metadata = try SchemaMetadata(jsonValue: try JSONValue(parsing: text)) }
        return StoredSchema(id: id, guid: row["guid"], type: type, text: row["text"], references: references, metadata: metadata)
    }

    /// The newest schema with `guid` (as Confluent's registry answers when several share one), or
    /// with the GUID an earlier SchemaWire registry gave it.
    func schemaID(guid: String) throws -> Int? {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT MAX(id) FROM schemas WHERE guid = ?", arguments: [guid])
                ?? Int.fetchOne(db, sql: "SELECT MAX(id) FROM schemas WHERE legacy_guid = ?", arguments: [guid])
        }
    }

    func schemaID(identity: String) throws -> Int? {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT id FROM schemas WHERE identity = ?", arguments: [identity]) }
    }

    func subjects(includeDeleted: Bool) throws -> [String] {
        try database.read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT subject FROM versions \(includeDeleted ? "" : "WHERE deleted = 0") ORDER BY subject")
        }
    }

    func versions(subject: String, includeDeleted: Bool) throws -> [SubjectVersion] {
        try database.read { db in try Self.versions(db, subject: subject, includeDeleted: includeDeleted) }
    }

    func usages(schemaID: Int, includeDeleted: Bool) throws -> [SubjectVersion] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM versions WHERE schema_id = ? \(includeDeleted ? "" : "AND deleted = 0") ORDER BY subject, version",
                arguments: [schemaID]
            ).map(Self.subjectVersion)
        }
    }

    func referencingSchemaIDs(subject: String, version: Int) throws -> [Int] {
        try database.read { db in try Self.referencingSchemaIDs(db, subject: subject, version: version) }
    }

    private static func referencingSchemaIDs(_ db: Database, subject: String, version: Int) throws -> [Int] {
        try Int.fetchAll(
            db, sql: """
                SELECT DISTINCT r.schema_id FROM schema_references r
                WHERE r.subject = ? AND r.version = ?
                  AND EXISTS (SELECT 1 FROM versions v WHERE v.schema_id = r.schema_id AND v.deleted = 0)
                ORDER BY r.schema_id
                """, arguments: [subject, version])
    }

    func delete(subject: String, versions: [Int], permanent: Bool, refusingReferenced: Bool) throws {
        try database.write { db in
            if refusingReferenced {
                for version in versions where try !Self.referencingSchemaIDs(db, subject: subject, version: version).isEmpty {
                    throw StoreConflict.referenced(subject: subject, version: version)
                }
            }
            for version in versions {
                try db.execute(
                    sql: permanent ? "DELETE FROM versions WHERE subject = ? AND version = ?" : "UPDATE versions SET deleted = 1 WHERE subject = ? AND version = ?",
                    arguments: [subject, version])
            }
        }
    }

    private func setting(_ name: String, subject: String?) throws -> String? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE subject = ? AND name = ?", arguments: [subject ?? "", name])
        }
    }

    private func setSetting(_ name: String, _ value: String?, subject: String?) throws {
        try database.write { db in
            if let value {
                try db.execute(
                    sql: "INSERT INTO settings (subject, name, value) VALUES (?, ?, ?) ON CONFLICT(subject, name) DO UPDATE SET value = excluded.value",
                    arguments: [subject ?? "", name, value])
            } else {
                try db.execute(sql: "DELETE FROM settings WHERE subject = ? AND name = ?", arguments: [subject ?? "", name])
            }
        }
    }

    func compatibility(subject: String?) throws -> CompatibilityLevel? {
        try setting("compatibility", subject: subject).flatMap(CompatibilityLevel.init(rawValue:))
    }

    func setCompatibility(_ level: CompatibilityLevel?, subject: String?) throws {
        try setSetting("compatibility", level?.rawValue, subject: subject)
    }

    func mode(subject: String?) throws -> RegistryMode? {
        try setting("mode", subject: subject).flatMap(RegistryMode.init(rawValue:))
    }

    func setMode(_ mode: RegistryMode?, subject: String?) throws {
        try setSetting("mode", mode?.rawValue, subject: subject)
    }
}
