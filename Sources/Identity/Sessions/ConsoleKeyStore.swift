import Console
import Postgres
import Synchronization

/// SQL for `identity.console_key`.
enum ConsoleKeyStore {
    /// The key text, nil when the migration that creates it did not run.
    static func key(on connection: Connection) async throws -> String? {
        try await connection.query("SELECT key FROM identity.console_key").first?.decode(String.self, "key")
    }
}

/// The key that signs the console's pre-sign-in cookie, from `identity.console_key` (created with its
/// random value by migration 0014): every instance reads the same one, and it never changes while the
/// server runs, so it is read once and kept.
final class ConsoleKeys: ConsoleKeySource {
    let database: Database
    private let cached = Mutex<[UInt8]?>(nil)

    init(database: Database) {
        self.database = database
    }

    func consoleKey() async throws -> [UInt8] {
        if let key = cached.withLock({ $0 }) { return key }
        guard let text = try await database.withConnection({ try await ConsoleKeyStore.key(on: $0) }), text.count >= 32 else {
            throw ConsoleKeyMissing()
        }
        let key = Array(text.utf8)
        cached.withLock { $0 = key }
        return key
    }

    /// The migration did not run: a programming or deployment error, answered as any unexpected one.
    struct ConsoleKeyMissing: Error {}
}
