import Contracts
import Foundation
import Postgres

/// `Notifier`: writes the message on the caller's connection, so it commits or rolls back with the
/// change that caused it. A second notify of the same `dedupKey` writes nothing.
struct MessageNotifier: Notifier {
    let clock: any WallClock
    let settings: NotificationsSettings

    func notify(_ note: NotificationEvent, on connection: Connection) async throws {
        let message = NewMessage(
            account: note.recipient, kind: note.kind, title: Self.cut(note.title, to: NewMessage.maximumTitleCharacters),
            text: Self.cut(note.text, to: settings.maximumTextCharacters), link: note.link, dedupKey: note.dedupKey, createdAt: clock.now()
        )
        try await MessageStore.insert(message, on: connection)
    }

    /// At most `limit` Unicode scalars (what PostgreSQL's `char_length` counts), the last one `…` when cut.
    static func cut(_ text: String, to limit: Int) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        var cut = String.UnicodeScalarView(scalars.prefix(limit - 1))
        cut.append("…")
        return String(cut)
    }
}
