import Console
import Contracts
import Foundation
import Web

// What the 机构注册审核 templates render (`RegistrationTemplates`), built from the service's results.
// Stored properties only: templates read them through reflection.

/// The registrations in one status, oldest first, and the next page keeping the filter.
struct RegistrationQueuePage: Sendable {
    let action: String
    let statuses: [ConsoleOption]
    let list: ConsoleList<Row>

    struct Row: Encodable, Sendable {
        let href: String
        let name: String
        let uscc: String
        let region: String
        let submittedAt: String
    }

    init(filter: RegistrationQueueFilter, found: Page<RegistrationResponse>) {
        action = InstitutionsPaths.consoleRegistrations.link()
        statuses = ConsoleOption.all(RegistrationStatus.self, selected: filter.status, label: \.label)
        // The waiting ones are the list's default: their links carry no status.
        let filters = QueryString().adding("status", filter.status == .submitted ? nil : filter.status.rawValue)
        list = ConsoleList(
            found, filters: filters, link: { InstitutionsPaths.consoleRegistrations.link(query: $0) },
            emptyText: filter.status == .submitted ? "没有等待审核的机构注册。" : "没有\(filter.status.label)的机构注册。"
        ) { item in
            let r = item.registration
            return Row(
                href: InstitutionsPaths.consoleRegistration.link(r.id), name: r.details.name, uscc: r.details.uscc,
                region: r.details.region.label, submittedAt: ConsoleFormat.minute(r.submittedAt)
            )
        }
    }
}

/// One registration: its details, the licence, and the decision forms while it waits.
struct RegistrationReviewPage: Sendable {
    let name: String
    let fields: [Field]
    let licence: String
    let waiting: Bool
    let checkFailed: Bool
    let approveAction: String
    let rejectAction: String
    let back: String
    let csrf: String
    let error: String?

    struct Field: Encodable, Sendable {
        let label: String
        let value: String
    }

    init(_ r: Registration, csrf: String, error: String?) {
        name = r.details.name
        fields = [
            Field(label: "单位名称", value: r.details.name),
            Field(label: "统一社会信用代码", value: r.details.uscc + (r.details.usccCheckPassed ? "" : "（校验位不符）")),
            Field(label: "主管单位", value: r.details.superiorUnit ?? ""), Field(label: "机构类别", value: r.details.category.label),
            Field(label: "所在地区", value: r.details.region.label), Field(label: "地址", value: r.details.address),
            Field(label: "联系人", value: r.contactName), Field(label: "联系电话", value: r.contactPhone),
            Field(label: "提交时间", value: ConsoleFormat.minute(r.submittedAt)),
            Field(label: "状态", value: r.status.label + (r.rejectReason.map { "：" + $0 } ?? "")),
        ]
        licence = InstitutionsPaths.attachment.link(r.licence)
        waiting = r.status == .submitted
        checkFailed = !r.details.usccCheckPassed
        approveAction = InstitutionsPaths.consoleApprove.link(r.id)
        rejectAction = InstitutionsPaths.consoleReject.link(r.id)
        back = InstitutionsPaths.consoleRegistrations.link()
        self.csrf = csrf
        self.error = error
    }
}
