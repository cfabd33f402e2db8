import Foundation
import LibCrypto
import Logging

/// One numbered SQL file from the migrations folder, e.g. `0001_foundation.sql`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Hex SHA-256 of the file's bytes; an applied migration whose checksum changes stops start-up.
    public var checksum: String { Hex.encode(SHA256.hash(Array(sql.utf8))) }

    /// Reads `NNNN_description.sql` files from `directory`, in version order.
    public static func load(from directory: URL) throws(MigrationError) -> [Migration] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .unreadableDirectory(directory.path, "\(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        for file in files where file.hasSuffix(".sql") {
            guard let underscore = file.firstIndex(of: "_"), let version = Int(file[..<underscore]) else {
                throw .badFileName(file)
            }
            let url = directory.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path),
                  let sql = String(data: data, encoding: .utf8)
            else { throw .unreadableFile(file) }
            if let other = migrations.first(where: { $0.version == version }) {
                throw .duplicateVersion(version, other.name, file)
            }
            migrations.append(Migration(version: version, name: file, sql: sql))
        }
        return migrations.sorted { $0.version < $1.version }
    }
}

public enum MigrationError: Error, CustomStringConvertible, Equatable {
    case unreadableDirectory(String, String)
    case badFileName(String)
    case unreadableFile(String)
    case duplicateVersion(Int, String, String)
    case changedAfterApplying(name: String, recorded: String, current: String)
    case failed(name: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableDirectory(let path, let reason):
            "cannot read the migrations folder \(path): \(reason)"
        case .badFileName(let file):
            "migration file \(file) is not named NNNN_description.sql"
        case .unreadableFile(let file):
            "migration file \(file) cannot be read as UTF-8 text"
        case .duplicateVersion(let version, let first, let second):
            "migrations \(first) and \(second) share version \(version)"
        case .changedAfterApplying(let name, let recorded, let current):
            "migration \(name) was changed after it was applied (recorded checksum \(recorded), file now \(current)); "
                + "restore the file and put the change in a new migration"
        case .failed(let name, let reason):
            "migration \(name) failed and was rolled back: \(reason)"
        }
    }
}

/// Applies migrations in order. A session-level advisory lock makes concurrent migrators (several
/// instances starting at once) take turns; each file runs in its own transaction together with the row
/// that records it, so a file is either applied and recorded or neither.
public struct Migrator: Sendable {
    /// Arbitrary constant naming this application's migration lock.
    static let advisoryLockKey: Int64 = 0x6874_6d69_6772  // "htmigr"

    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Applies what is missing; answers the names of the files applied now.
    @discardableResult
    public func migrate(_ migrations: [Migration]) async throws -> [String] {
        try await database.withConnection { connection in
            _ = try await connection.query("SELECT pg_advisory_lock($1)", [Self.advisoryLockKey])
            do {
                let applied = try await applyMissing(migrations, on: connection)
                _ = try await connection.query("SELECT pg_advisory_unlock($1)", [Self.advisoryLockKey])
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock($1)", [Self.advisoryLockKey])
                throw error
            }
        }
    }

    private func applyMissing(_ migrations: [Migration], on connection: Connection) async throws -> [String] {
        try await connection.executeScript(
            """
            CREATE TABLE IF NOT EXISTS public.schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """
        )
        let rows = try await connection.query("SELECT version, name, checksum FROM public.schema_migrations")
        var recorded: [Int: (name: String, checksum: String)] = [:]
        for row in rows {
            recorded[try row.decode(Int.self, "version")] = (try row.decode(String.self, "name"), try row.decode(String.self, "checksum"))
        }
        // Refuse before applying anything: an edited history means the schema is not what the files say.
        for migration in migrations {
            if let entry = recorded[migration.version], entry.checksum != migration.checksum {
                throw MigrationError.changedAfterApplying(name: migration.name, recorded: entry.checksum, current: migration.checksum)
            }
        }
        var applied: [String] = []
        for migration in migrations where recorded[migration.version] == nil {
            try await apply(migration, on: connection)
            applied.append(migration.name)
        }
        return applied
    }

    private func apply(_ migration: Migration, on connection: Connection) async throws {
        logger.info("applying migration", metadata: ["migration": "\(migration.name)"])
        try await connection.executeScript("BEGIN")
        do {
            // A file shipped in MIGRATIONS_DIR: trusted text, run as a script.
            try await connection.executeScript(.trusted(migration.sql))
            try await connection.execute(
                "INSERT INTO public.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                [migration.version, migration.name, migration.checksum]
            )
            try await connection.executeScript("COMMIT")
        } catch {
            try? await connection.executeScript("ROLLBACK")
            throw MigrationError.failed(name: migration.name, reason: "\(error)")
        }
    }
}
