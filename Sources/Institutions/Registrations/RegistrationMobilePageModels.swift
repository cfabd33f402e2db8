import Console
import Contracts
import Foundation
import Web

/// 机构注册 on the candidates' pages: the form (the values typed, each field's problem) and the caller's
/// registrations.
struct RegistrationMobileModel: Sendable {
    /// The fields in the form's order, each named as the API's member it fills, so every problem the
    /// service reports by member lands next to its input.
    struct Form: Sendable {
        var name = ""
        var uscc = ""
        var superiorUnit = ""
        var category = ""
        var region = ""
        var address = ""
        var contactName = ""
        var contactPhone = ""
        var licenceAttachmentId = ""
        var errors: [String: String] = [:]
        var summary: String?

        init() {}

        init(_ value: (String) -> String?) {
            func text(_ name: String) -> String { value(name)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
            name = text("name")
            uscc = text("uscc")
            superiorUnit = text("superiorUnit")
            category = text("category")
            region = text("region")
            address = text("address")
            contactName = text("contactName")
            contactPhone = text("contactPhone")
            licenceAttachmentId = text("licenceAttachmentId")
        }

        var request: RegistrationRequest {
            RegistrationRequest(
                name: name, uscc: uscc, superiorUnit: superiorUnit.isEmpty ? nil : superiorUnit, category: category, region: region, address: address,
                contactName: contactName, contactPhone: contactPhone, licenceAttachmentId: licenceAttachmentId
            )
        }

        /// Each field problem beside its field (the upload's own first); the rest at the top.
        mutating func refused(_ problem: Problem, alsoFrom uploads: [FieldProblem]) {
            for field in uploads + problem.errors where errors[field.field] == nil { errors[field.field] = field.message }
            let known = Set(RegistrationMobileModel.fieldOrder.map(\.name))
            let elsewhere = problem.errors.filter { !known.contains($0.field) }.map(\.message)
            summary = problem.errors.isEmpty ? problem.consoleMessage : ([problem.title] + elsewhere).joined(separator: "：")
        }
    }

    struct Field: Sendable {
        let name: String
        let label: String
        let value: String
        let error: String?
        let required: Bool
        let hint: String?
        let inputMode: String?
        let maxLength: Int
    }

    struct Choice: Sendable {
        let name: String
        let label: String
        let error: String?
        let options: [ConsoleOption]
    }

    struct Mine: Sendable {
        let name: String
        let status: String
        let statusClass: String
        let submittedAt: String
        let reason: String?
    }

    static let fieldOrder: [(name: String, label: String, required: Bool, hint: String?, inputMode: String?, maxLength: Int)] = [
        ("name", "单位名称", true, "与医疗机构执业许可证上的名称一致", nil, 100),
        ("uscc", "统一社会信用代码", true, "18位数字或大写字母", nil, 18),
        ("superiorUnit", "主管单位", false, nil, nil, 100),
        ("category", "机构类别", true, nil, nil, 0),
        ("region", "所在地区", true, nil, nil, 0),
        ("address", "详细地址", true, nil, nil, 200),
        ("contactName", "联系人", true, nil, nil, 50),
        ("contactPhone", "联系电话", true, "11位手机号", "numeric", 11),
        ("licenceAttachmentId", "医疗机构执业许可证", true, nil, nil, 0),
    ]

    let fields: [Field]
    let category: Choice
    let region: Choice
    let licenceError: String?
    let licenceAttachmentId: String
    let hasLicence: Bool
    let summary: String?
    let notice: String?
    let mine: [Mine]
    let hasMine: Bool
    let action = InstitutionsPaths.mobileRegister.link()
    let csrf: String

    init(form: Form, mine: [Registration], notice: String?, csrf: String) {
        let values = [
            "name": form.name, "uscc": form.uscc, "superiorUnit": form.superiorUnit, "address": form.address,
            "contactName": form.contactName, "contactPhone": form.contactPhone,
        ]
        fields = Self.fieldOrder.filter { values[$0.name] != nil }.map {
            Field(name: $0.name, label: $0.label, value: values[$0.name] ?? "", error: form.errors[$0.name], required: $0.required, hint: $0.hint, inputMode: $0.inputMode, maxLength: $0.maxLength)
        }
        category = Choice(
            name: "category", label: "机构类别", error: form.errors["category"],
            options: InstitutionCategory.allCases.map { ConsoleOption(code: $0.rawValue, label: $0.label, selected: $0.rawValue == form.category) }
        )
        region = Choice(
            name: "region", label: "所在地区", error: form.errors["region"],
            options: HubeiRegion.allCases.map { ConsoleOption(code: $0.rawValue, label: $0.label, selected: $0.rawValue == form.region) }
        )
        licenceError = form.errors["licenceAttachmentId"]
        licenceAttachmentId = form.licenceAttachmentId
        hasLicence = !form.licenceAttachmentId.isEmpty && form.errors["licenceAttachmentId"] == nil
        summary = form.summary
        self.notice = notice
        self.mine = mine.map { registration in
            Mine(
                name: registration.details.name, status: registration.status.label,
                statusClass: registration.status == .approved ? "ok" : registration.status == .rejected ? "refused" : "waiting",
                submittedAt: ConsoleFormat.minute(registration.submittedAt), reason: registration.rejectReason
            )
        }
        hasMine = !self.mine.isEmpty
        self.csrf = csrf
    }
}
