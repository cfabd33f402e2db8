import Contracts
import Foundation
import Postgres

/// `Notifier`: writes the message on the caller's connection, so it commits or rolls back with the
/// change that caused it, and with it one delivery row per channel the message goes by (the outbox the
/// delivery worker reads, docs/adr/0024). A second notify of the same `dedupKey` writes nothing.
struct MessageNotifier: Notifier {
    let clock: any WallClock
    let settings: NotificationsSettings

    func notify(_ note: NotificationEvent, on connection: Connection) async throws {
        let now = clock.now()
        let message = NewMessage(
            account: note.recipient, kind: note.kind, title: Self.cut(note.title, to: NewMessage.maximumTitleCharacters),
            text: Self.cut(note.text, to: settings.maximumTextCharacters), link: note.link, dedupKey: note.dedupKey, createdAt: now
        )
        guard let id = try await MessageStore.insert(message, on: connection) else { return }
        let channels = DeliveryChannel.allCases.filter { settings.channels(for: note.kind).contains($0) }
        guard !channels.isEmpty else { return }
        if try await PreferenceStore.isTurnedOff(note.kind, for: note.recipient, on: connection) { return }
        for channel in channels {
            // An SMS written in the quiet hours is due when they end.
            let due = channel == .sms ? settings.smsAllowed(at: now) : now
            try await DeliveryStore.insert(message: id, channel: channel, due: due, at: now, on: connection)
        }
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

extension NotificationsSettings {
    /// The channels beyond the inbox a message of `kind` goes by: WeChat and SMS where the kind has a template.
    func channels(for kind: NotificationKind) -> Set<DeliveryChannel> {
        var channels: Set<DeliveryChannel> = []
        if wechatTemplates[kind] != nil { channels.insert(.wechat) }
        if smsTemplates[kind] != nil { channels.insert(.sms) }
        return channels
    }
}
