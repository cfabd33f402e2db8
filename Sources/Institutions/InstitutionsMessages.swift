import Contracts
import Foundation

/// What Institutions tells people (issue 27), written through `Notifier` on the transaction of the
/// change: the registrant of a unit when the platform decides the registration (a registration is
/// decided once, so its id and the decision name the event), a candidate when their unit ends their
/// binding (the employment period ends once, so its id names the event).
enum InstitutionMessages {
    static func registrationApproved(_ registration: Registration, institution: InstitutionID) -> NotificationEvent {
        NotificationEvent(
            recipient: registration.registrant, kind: .registrationDecided, title: "机构注册已通过",
            text: "您提交的\(registration.details.name)机构注册已审核通过，您已成为该单位的业务管理员，可登录管理端办理业务。",
            link: NotificationLink(type: registration.entity.type, id: registration.entity.id),
            dedupKey: "\(registration.entity.type):\(registration.entity.id):approve"
        )
    }

    static func registrationRejected(_ registration: Registration, reason: String) -> NotificationEvent {
        NotificationEvent(
            recipient: registration.registrant, kind: .registrationDecided, title: "机构注册未通过",
            text: "您提交的\(registration.details.name)机构注册未通过审核。原因：\(reason)",
            link: NotificationLink(type: registration.entity.type, id: registration.entity.id),
            dedupKey: "\(registration.entity.type):\(registration.entity.id):reject"
        )
    }

    static func bindingEnded(period: UUID, account: AccountID, institution: InstitutionID, name: String, reason: String) -> NotificationEvent {
        NotificationEvent(
            recipient: account, kind: .bindingEnded, title: "工作单位绑定已解除",
            text: "\(name.isEmpty ? "您的工作单位" : name)已解除与您的绑定。原因：\(reason)",
            link: NotificationLink(type: "employment", id: institution.description),
            dedupKey: "employment:\(period.uuidString.lowercased()):end_by_unit"
        )
    }
}
