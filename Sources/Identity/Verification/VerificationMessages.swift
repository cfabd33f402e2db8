import Contracts

/// What a candidate is told when a platform administrator decides their manual verification (人工审核,
/// issue 27), written through `Notifier` on the decision's transaction. A decision is final (the
/// verification leaves `pending_review` once), so the verification's id and the decision name the event.
/// Automatic verification tells the candidate nothing here: they are waiting on the answer to their
/// own request (docs/adr/0023).
enum VerificationMessages {
    static func approved(_ verification: Verification) -> NotificationEvent {
        NotificationEvent(
            recipient: verification.account, kind: .verificationApproved, title: "实名认证已通过",
            text: "您提交的实名认证（人工审核）已通过，现在可以绑定工作单位并进行申报。",
            link: link(verification), dedupKey: "\(verification.entity.type):\(verification.entity.id):approve"
        )
    }

    static func rejected(_ verification: Verification, reason: String) -> NotificationEvent {
        NotificationEvent(
            recipient: verification.account, kind: .verificationRejected, title: "实名认证未通过",
            text: "您提交的实名认证（人工审核）未通过，请按原因修改后重新认证。原因：\(reason)",
            link: link(verification), dedupKey: "\(verification.entity.type):\(verification.entity.id):reject"
        )
    }

    private static func link(_ verification: Verification) -> NotificationLink {
        NotificationLink(type: verification.entity.type, id: verification.entity.id)
    }
}
