import Contracts
import Foundation
import Web

/// 消息设置: each kind with whether it reaches the candidate beyond the inbox.
struct PreferenceMobileModel: Sendable {
    struct Kind: Sendable {
        let code: String
        let label: String
        let enabled: Bool
        let essential: Bool
    }

    let kinds: [Kind]
    let notice: String?
    let error: String?
    let csrf: String
    let action = NotificationsPaths.mobileSettings.link()

    init(_ response: PreferencesResponse, notice: String?, error: String?, csrf: String) {
        kinds = response.preferences.map { item in
            Kind(code: item.kind, label: NotificationKind(rawValue: item.kind).map(Self.label) ?? item.kind, enabled: item.enabled, essential: item.essential)
        }
        self.notice = notice
        self.error = error
        self.csrf = csrf
    }

    static func label(_ kind: NotificationKind) -> String {
        switch kind {
        case .verificationApproved: "实名认证通过"
        case .verificationRejected: "实名认证未通过"
        case .declarationReturned: "试用期申报被退回"
        case .declarationApproved: "试用期申报审核通过"
        case .declarationModificationAllowed: "试用期申报允许修改"
        case .declarationDeadlineReminder: "申报截止提醒"
        case .examRecordAwaitingConfirmation: "考试信息待确认"
        case .disputeAnswered: "信息有误的处理结果"
        case .bindingEnded: "工作单位绑定解除"
        case .declarationSubmitted, .declarationResubmitted, .examRecordDisputed, .registrationDecided, .reviewDeadlineReminder: kind.rawValue
        }
    }
}
