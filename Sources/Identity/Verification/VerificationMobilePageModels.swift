import Console
import Contracts
import Foundation
import Web

/// What a candidate's verification status is called on their pages (the home's entry and the top of
/// 实名认证): the guide's words, 待认证 until decided, 认证成功 at the end.
enum VerificationStatusText {
    static func label(_ status: VerificationStatus) -> String {
        switch status {
        case .unverified: "未认证"
        case .pendingScan: "待认证"
        case .pendingReview: "审核中"
        case .verified: "已认证"
        case .rejected: "审核未通过"
        case .withdrawn: "已撤回"
        }
    }

    /// The stylesheet's `status` class.
    static func style(_ status: VerificationStatus) -> String {
        switch status {
        case .verified: "ok"
        case .pendingScan, .pendingReview: "waiting"
        case .rejected: "refused"
        case .unverified, .withdrawn: ""
        }
    }
}

/// `/m/verification`: the status at the top, then the step the candidate is at — 信息填写 (step 1),
/// 证件扫描 (step 2), 审核中 (manual review), 认证成功 — each with what the service said about the last
/// submission next to the fields it concerns.
struct VerificationMobilePageModel: Sendable {
    struct Option: Sendable {
        let code: String
        let label: String
        let selected: Bool
        var hint: String? = nil
    }

    struct Step: Sendable {
        let label: String
        let style: String
        let current: Bool
    }

    /// 信息填写: the values typed (kept after a refusal) and each field's problem.
    struct InfoForm: Sendable {
        var realName = ""
        var documentType = ""
        var documentNumber = ""
        var method = ""
        var realNameError: String?
        var documentTypeError: String?
        var documentNumberError: String?
        var methodError: String?
        let action = IdentityPaths.mobileVerification.link()
        /// Back to the scan step when the candidate came to change what they entered.
        var cancel: String?

        // Stored, not computed: the templates read a model's stored properties only.
        var types: [Option] = []
        var methods: [Option] = []

        init(realName: String = "", documentType: String = "", documentNumber: String = "", method: String = "") {
            self.realName = realName
            self.documentType = documentType
            self.documentNumber = documentNumber
            self.method = method
            refreshOptions()
        }

        mutating func refreshOptions() {
            types = DocumentType.allCases.map { Option(code: $0.rawValue, label: $0.label, selected: $0.rawValue == documentType) }
            methods = [
                Option(code: VerificationMethod.auto.rawValue, label: "身份证（自动核验）", selected: method == VerificationMethod.auto.rawValue,
                       hint: "仅居民身份证：上传证件照片后系统自动核验，即时完成"),
                Option(code: VerificationMethod.manual.rawValue, label: "人工审核", selected: method == VerificationMethod.manual.rawValue,
                       hint: "港澳台、外籍等其他证件，或自动核验多次失败时选择，由管理员审核"),
            ]
        }
    }

    /// One photo of the scan step: the field, a photo already uploaded and kept, its problem.
    struct Photo: Sendable {
        let field: String
        let label: String
        /// Not `error`: a template looks a missing name up in the enclosing page, which has one.
        var photoError: String?
        private(set) var keptID: String?
        private(set) var keptHref: String?

        init(field: String, label: String) {
            self.field = field
            self.label = label
        }

        /// An uploaded photo the candidate need not choose again (only an id that is one).
        mutating func keep(_ id: String?) {
            let uuid = id.flatMap(UUID.init(uuidString:))
            keptID = uuid?.uuidString.lowercased()
            keptHref = uuid.map { MobilePaths.attachment.link($0) }
        }
    }

    /// 证件扫描: both sides from the camera, what was entered in step 1, and the way to manual review.
    struct ScanForm: Sendable {
        let action = IdentityPaths.mobileVerificationScan.link()
        let edit = IdentityPaths.mobileVerification.link(query: QueryString([("edit", "1")]))
        let realName: String
        let documentType: String
        let documentNumberMasked: String
        let manual: Bool
        var front = Photo(field: "front", label: "证件正面（人像面）")
        var back = Photo(field: "back", label: "证件反面（国徽面）")
        /// Step 1 again with 人工审核, the values entered kept (automatic path only).
        let switchToManual: InfoForm?
        /// No automatic scans left: only manual review now (the guide: 扫描次数过多 … 人工审核).
        let suggestManual: Bool
    }

    /// What the verification says (under review, or done).
    struct Summary: Sendable {
        let realName: String
        let documentType: String
        let documentNumberMasked: String
        let method: String
    }

    let statusLabel: String
    let statusStyle: String
    let attemptsLeft: String?
    let rejectReason: String?
    let steps: [Step]
    var info: InfoForm?
    var scan: ScanForm?
    let underReview: Summary?
    let verified: Summary?
    let withdrawAction: String?
    var error: String?
    let csrf: String

    /// The page for `state`; `editing` shows step 1 again during step 2 (to change what was entered).
    init(state: VerificationState, editing: Bool, csrf: String) {
        let status = state.status
        let current = state.current
        statusLabel = VerificationStatusText.label(status)
        statusStyle = VerificationStatusText.style(status)
        rejectReason = state.rejectReason
        self.csrf = csrf
        let summary = current.map {
            Summary(
                realName: $0.realName, documentType: $0.documentType.label, documentNumberMasked: DocumentNumber.masked($0.documentNumber),
                method: $0.method == .auto ? "身份证（自动核验）" : "人工审核"
            )
        }
        let method = current?.method ?? .auto
        let scanning = status == .pendingScan
        attemptsLeft = scanning && method == .auto ? "剩余自动核验次数：\(state.attemptsLeft)" : nil
        withdrawAction = scanning || status == .pendingReview ? IdentityPaths.mobileVerificationWithdraw.link() : nil
        underReview = status == .pendingReview ? summary : nil
        verified = status == .verified ? summary : nil

        // 信息填写 when there is nothing under way (or the candidate asked to change it), 证件扫描 after.
        if [VerificationStatus.unverified, .withdrawn, .rejected].contains(status) || (scanning && editing) {
            var form = InfoForm(method: state.suggestManual ? VerificationMethod.manual.rawValue : VerificationMethod.auto.rawValue)
            if let current, status != .unverified {
                form = InfoForm(
                    realName: current.realName, documentType: current.documentType.rawValue, documentNumber: current.documentNumber,
                    method: state.suggestManual ? VerificationMethod.manual.rawValue : current.method.rawValue
                )
            }
            if scanning { form.cancel = IdentityPaths.mobileVerification.link() }
            info = form
        } else if scanning, let current {
            var manual: InfoForm?
            if current.method == .auto {
                manual = InfoForm(
                    realName: current.realName, documentType: current.documentType.rawValue, documentNumber: current.documentNumber,
                    method: VerificationMethod.manual.rawValue
                )
            }
            scan = ScanForm(
                realName: current.realName, documentType: current.documentType.label,
                documentNumberMasked: DocumentNumber.masked(current.documentNumber), manual: current.method == .manual,
                switchToManual: manual, suggestManual: current.method == .auto && state.suggestManual
            )
        }

        let labels = method == .manual ? ["信息填写", "证件扫描", "人工审核", "认证成功"] : ["信息填写", "证件扫描", "认证成功"]
        let at: Int = switch status {
        case .unverified, .withdrawn, .rejected: 0
        case .pendingScan: editing ? 0 : 1
        case .pendingReview: 2
        case .verified: labels.count
        }
        steps = labels.enumerated().map { index, label in
            Step(label: label, style: index < at ? "done" : (index == at ? "current" : ""), current: index == at)
        }
    }

    /// After a refused step 1: what the candidate typed, each problem next to its field.
    mutating func refused(_ input: VerificationStartRequest, _ problem: Problem) {
        if var form = info {
            form.realName = input.realName
            form.documentType = input.documentType
            form.documentNumber = input.documentNumber
            form.method = input.method
            form.realNameError = problem.message(for: "realName")
            form.documentTypeError = problem.message(for: "documentType")
            form.documentNumberError = problem.message(for: "documentNumber")
            form.methodError = problem.message(for: "method")
            form.refreshOptions()
            info = form
        }
        error = problem.pageSummary
    }

    /// After a refused scan: the photos kept (those without a problem), each problem next to its photo.
    mutating func refused(front: String, back: String, _ problems: [FieldProblem], summary: String) {
        if var form = scan {
            form.front.photoError = problems.first { $0.field == "front" }?.message
            form.back.photoError = problems.first { $0.field == "back" }?.message
            form.front.keep(form.front.photoError == nil ? front : nil)
            form.back.keep(form.back.photoError == nil ? back : nil)
            scan = form
        }
        error = summary
    }
}

extension Problem {
    /// The message of the field problem about `field`, if any.
    func message(for field: String) -> String? {
        errors.first { $0.field == field }?.message
    }

    /// What the top of a page says: the refusal itself, or, when every problem is beside its field, that
    /// there is something to fix below.
    var pageSummary: String {
        errors.isEmpty ? consoleMessage : title
    }
}
