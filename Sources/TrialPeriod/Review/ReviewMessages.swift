import Contracts

/// What the candidate is told when the unit decides on their declaration (issue 27): the message the
/// transition writes to their inbox through `Notifier`, on the transition's own transaction.
enum ReviewMessages {
    /// The message for `action` on `declaration` (as it was before the transition); nil for an action
    /// the candidate is not told about. The dedup key names the declaration's version the action
    /// acted on: every transition bumps the version, so each event has its own key and a repeat of the
    /// same one writes nothing.
    static func candidateMessage(for action: DeclarationStatus.Action, on declaration: Declaration, reason: String?) -> NotificationEvent? {
        let kind: NotificationKind
        let title: String
        let text: String
        switch action {
        case .returnToCandidate:
            kind = .declarationReturned
            title = "试用期申报被退回修改"
            text = "您的\(declaration.cycle)年度试用期申报已被单位退回，请按退回原因修改后重新提交。退回原因：\(reason ?? "")"
        case .approve:
            kind = .declarationApproved
            title = "试用期申报审核通过"
            text = "您的\(declaration.cycle)年度试用期申报已由单位审核通过。"
        case .allowModification:
            kind = .declarationModificationAllowed
            title = "试用期申报允许修改"
            text = "单位已允许您修改\(declaration.cycle)年度试用期申报，修改后请重新提交。原因：\(reason ?? "")"
        default:
            return nil
        }
        return NotificationEvent(
            recipient: declaration.account, kind: kind, title: title, text: text,
            link: NotificationLink(type: declaration.entity.type, id: declaration.entity.id),
            dedupKey: "\(declaration.entity.type):\(declaration.entity.id):\(action.rawValue):v\(declaration.version)"
        )
    }
}
