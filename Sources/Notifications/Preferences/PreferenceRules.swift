import Contracts

/// Which kinds a candidate may turn off: every kind but the decisive ones, which a candidate must not
/// miss (a returned declaration, an allowed modification: both have a deadline).
enum PreferenceRules {
    static let essential: Set<NotificationKind> = [.declarationReturned, .declarationModificationAllowed]

    /// The kinds a candidate sees in their preferences.
    static var kinds: [NotificationKind] { NotificationsSettings.wechatKinds }

    /// The requested changes as kinds, or the problem: unknown kinds, a kind twice, an essential one off.
    static func validate(_ items: [PreferencesRequest.Item]) throws(Problem) -> [(NotificationKind, Bool)] {
        let unknown = items.indices.filter { NotificationKind(rawValue: items[$0].kind).map(kinds.contains) != true }
        guard unknown.isEmpty else { throw NotificationsProblems.unknownKinds(at: unknown) }
        guard Set(items.map(\.kind)).count == items.count else { throw NotificationsProblems.duplicateKind }
        let changes = items.compactMap { item in NotificationKind(rawValue: item.kind).map { ($0, item.enabled) } }
        let refused = changes.filter { !$0.1 && essential.contains($0.0) }.map(\.0.rawValue)
        guard refused.isEmpty else { throw NotificationsProblems.essentialKinds(refused) }
        return changes
    }
}
