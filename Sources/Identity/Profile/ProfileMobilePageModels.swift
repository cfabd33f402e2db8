import Console
import Contracts
import Foundation
import Web

/// `/m/profile` (个人信息): what the verified document says (read only), and the fields the candidate
/// may change as `PUT /api/v1/me/profile` allows — 民族, 电子邮箱, and 性别 once when the document does
/// not state it — with each problem next to its field and the values typed kept.
struct ProfileMobilePageModel: Sendable {
    struct Option: Sendable {
        let code: String
        let label: String
        let selected: Bool
    }

    let phone: String
    let verificationStatus: String
    let verificationStyle: String
    let realName: String?
    let document: String?
    let gender: String
    struct GenderForm: Sendable {
        let choices: [Option]
    }

    /// The gender radios: only for a verified candidate whose document does not state it, until entered.
    let genderForm: GenderForm?
    let ethnicities: [Option]
    let email: String
    var ethnicityError: String?
    var emailError: String?
    var genderError: String?
    var error: String?
    var notice: String?
    let verificationLink = IdentityPaths.mobileVerification.link()
    let action = IdentityPaths.mobileProfile.link()
    let csrf: String

    /// The values shown are `typed` (after a refusal) or the stored ones.
    init(account: Account, verification: VerificationState, typed: (ethnicity: String, email: String, gender: String)? = nil, csrf: String) {
        phone = account.phone?.masked ?? "未绑定"
        verificationStatus = VerificationStatusText.label(verification.status)
        verificationStyle = VerificationStatusText.style(verification.status)
        let verified = verification.current.flatMap { $0.status == .verified ? $0 : nil }
        realName = verified?.realName
        document = verified.map { "\($0.documentType.label) \(DocumentNumber.masked($0.documentNumber))" }
        let stated = verified.map { IdentityDirectoryService.gender($0, entered: account.gender) } ?? account.gender
        gender = switch stated {
        case .male: "男"
        case .female: "女"
        case nil: "未填写"
        }
        let ethnicity = typed?.ethnicity ?? account.ethnicity ?? ""
        ethnicities = [Option(code: "", label: "请选择", selected: ethnicity.isEmpty)]
            + Ethnicity.labels.map { Option(code: $0.code, label: $0.label, selected: $0.code == ethnicity) }
        email = typed?.email ?? account.email ?? ""
        if let verified, !IdentityDirectoryService.documentEncodesGender(verified.documentType), account.gender == nil {
            let chosen = typed?.gender ?? ""
            genderForm = GenderForm(choices: [
                Option(code: Gender.male.rawValue, label: "男", selected: chosen == Gender.male.rawValue),
                Option(code: Gender.female.rawValue, label: "女", selected: chosen == Gender.female.rawValue),
            ])
        } else {
            genderForm = nil
        }
        self.csrf = csrf
    }

    mutating func refused(_ problem: Problem) {
        ethnicityError = problem.message(for: "ethnicity")
        emailError = problem.message(for: "email")
        genderError = problem.message(for: "gender")
        error = problem.pageSummary
        // No gender field on the page (the document states it, or it was entered): its problem goes on top.
        if genderForm == nil, let genderError { error = (error.map { $0 + "：" } ?? "") + genderError }
    }
}
