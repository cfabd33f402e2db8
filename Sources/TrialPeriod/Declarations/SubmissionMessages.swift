import Contracts
import Foundation

/// What a unit's administrators are told when a declaration is submitted to the unit (issue 27), written
/// through `Notifier` on the submission's transaction: one message to each administrator, never to the
/// candidate themselves (nobody reviews their own declaration). A declaration submitted before
/// (returned, reopened, or withdrawn and submitted again) is `declaration_resubmitted`.
enum SubmissionMessages {
    /// `declaration` as it was before the submission. The dedup key names the version the submission
    /// acted on, as the unit's decisions do (`ReviewMessages`), and the recipient: each administrator
    /// has their own message of the one event.
    static func unitMessages(for declaration: Declaration, to unit: InstitutionID, administrators: [AccountID]) -> [NotificationEvent] {
        let again = declaration.submittedAt != nil
        let title = again ? "试用期申报重新提交，待审核" : "新的试用期申报待审核"
        let text = again
            ? "\(declaration.applicantName)已重新提交\(declaration.cycle)年度试用期申报，请在审核截止前完成审核。"
            : "\(declaration.applicantName)提交了\(declaration.cycle)年度试用期申报，请在审核截止前完成审核。"
        return administrators.filter { $0 != declaration.account }.map { admin in
            NotificationEvent(
                recipient: admin, kind: again ? .declarationResubmitted : .declarationSubmitted, title: title, text: text,
                link: .console(ReviewPaths.consoleDeclaration.link(unit, declaration.id)),
                dedupKey: "\(declaration.entity.type):\(declaration.entity.id):submit:v\(declaration.version):\(admin)"
            )
        }
    }
}
