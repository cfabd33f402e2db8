import Console
import Contracts
import Foundation
import Web

/// The reminders' texts (issue 27). Each key names the declaration (or the unit, its cycle and the
/// administrator), the deadline and the days before it: the same reminder never makes two messages,
/// while a deadline the platform moves is reminded of anew.
enum ReminderMessages {
    static func candidateMessage(_ due: DueDeclarationReminder) -> NotificationEvent {
        let deadline = ConsoleFormat.minute(due.deadline)
        let text = due.status == .draft
            ? "您的\(due.cycle)年度试用期申报仍是草稿，尚未提交。申报将于\(deadline)截止，请尽快完成并提交。"
            : "您的\(due.cycle)年度试用期申报已被单位\(due.status == .returned ? "退回" : "允许修改")，尚未重新提交。请于\(deadline)前修改并重新提交。"
        let id = due.declaration.uuidString.lowercased()
        return NotificationEvent(
            recipient: due.account, kind: .declarationDeadlineReminder, title: "试用期申报即将截止", text: text,
            link: NotificationLink(type: DeclarationService.entityType, id: id),
            dedupKey: "\(DeclarationService.entityType):\(id):deadline_reminder:\(Int(due.deadline.timeIntervalSince1970)):\(due.days)d"
        )
    }

    /// One message to each of the unit's administrators, summarising how many declarations wait.
    static func unitMessages(_ due: DueReviewReminder, administrators: [AccountID]) -> [NotificationEvent] {
        let text = "本单位尚有\(due.waiting)份\(due.cycle)年度试用期申报待审核，审核将于\(ConsoleFormat.minute(due.deadline))截止，请尽快完成审核。"
        let list = ReviewPaths.consoleList.link(due.institution, query: QueryString().adding("status", DeclarationStatus.submitted.rawValue))
        return administrators.map { admin in
            NotificationEvent(
                recipient: admin, kind: .reviewDeadlineReminder, title: "试用期申报审核即将截止", text: text, link: .console(list),
                dedupKey: "review_deadline_reminder:\(due.institution):\(due.cycle):\(Int(due.deadline.timeIntervalSince1970)):\(due.days)d:\(admin)"
            )
        }
    }
}
