import Contracts
import Foundation

/// What the two sides of an exam information record are told (issue 27), written through `Notifier` on
/// the transaction of the change: the candidate when a unit's save (one by one or a line of an import)
/// makes a version await their confirmation, one message per version, or, when that version answers
/// their open disputes, that the dispute was answered (one message either way); the unit's
/// administrators when the candidate disputes a version, one message each.
enum RecordMessages {
    /// For version `version` of the record, which the candidate now has to confirm. The key names the
    /// record and the version: a version is saved once.
    static func candidateMessage(record: UUID, account: AccountID, year: Int, version: Int, answeredDisputes: Bool) -> NotificationEvent {
        let kind: NotificationKind
        let title: String
        let text: String
        if answeredDisputes {
            kind = .disputeAnswered
            title = "更正申请已答复"
            text = "单位已按您的更正申请修改了\(year)年医师资格考试信息，请核对后确认。"
        } else {
            kind = .examRecordAwaitingConfirmation
            title = version == 1 ? "考试信息待确认" : "考试信息已更正，待确认"
            text = version == 1
                ? "单位已录入您的\(year)年医师资格考试信息，请核对后确认；如有错误，可申请更正。"
                : "单位已更正您的\(year)年医师资格考试信息，请核对后确认；如有错误，可申请更正。"
        }
        return NotificationEvent(
            recipient: account, kind: kind, title: title, text: text, link: NotificationLink(type: ExamRecordService.entityType, id: String(year)),
            dedupKey: "\(ExamRecordService.entityType):\(record.uuidString.lowercased()):\(kind == .disputeAnswered ? "answer" : "save"):v\(version)"
        )
    }

    /// For the candidate's dispute `dispute` of their record: one message to each of the unit's
    /// administrators (never the candidate themselves), keyed by the dispute and the recipient.
    static func unitMessages(
        dispute: UUID, record: UUID, account: AccountID, name: String, year: Int, unit: InstitutionID, message: String, administrators: [AccountID]
    ) -> [NotificationEvent] {
        administrators.filter { $0 != account }.map { admin in
            NotificationEvent(
                recipient: admin, kind: .examRecordDisputed, title: "考生申请更正考试信息",
                text: "\(name)对\(year)年医师资格考试信息提出更正申请：\(message)",
                link: .console(ConfirmationPaths.consoleRecord.link(unit, year, account)),
                dedupKey: "\(ExamRecordService.entityType):\(record.uuidString.lowercased()):dispute:\(dispute.uuidString.lowercased()):\(admin)"
            )
        }
    }
}
