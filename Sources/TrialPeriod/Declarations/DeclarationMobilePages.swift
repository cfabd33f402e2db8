import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 试用期申报 on the candidates' pages (`/m/declarations…`, issue 28), as the guide's 考生版 walks it:
/// 记录 → 选择申报 → 申报须知 → 填报信息 → 申报确认 → 提交成功, and 查看详情 (申报详情, 进度详情, 撤回,
/// 修改申报). Every step goes through `DeclarationService`, the same rules as `/api/v1/trial/applications…`;
/// a declaration of someone else is a 404 page. The wizard's steps are in `DeclarationMobilePages+Wizard`.
struct DeclarationMobilePages: Sendable {
    let declarations: DeclarationService
    let cycles: CycleService
    let identities: any IdentityDirectory
    let employment: any EmploymentDirectory
    /// Attachments' own upload (the API's purposes, checks and daily limits); nil: no uploads here.
    let uploader: (any AttachmentUploader)?
    let settings: TrialPeriodSettings
    let mobile: MobileRoutes
    let templates: ConsoleTemplates

    init(
        declarations: DeclarationService, cycles: CycleService, identities: any IdentityDirectory, employment: any EmploymentDirectory,
        uploader: (any AttachmentUploader)?, settings: TrialPeriodSettings, mobile: MobileRoutes
    ) throws {
        self.declarations = declarations
        self.cycles = cycles
        self.identities = identities
        self.employment = employment
        self.uploader = uploader
        self.settings = settings
        self.mobile = mobile
        templates = try ConsoleTemplates(DeclarationMobileTemplates.all)
    }

    func register() {
        let declarations = declarations
        mobile.home.add("试用期申报", at: MobileDeclarationPaths.list, section: .services, order: 30, id: "home-declarations") { caller in
            // One statement: the candidate's declarations, newest first.
            try await declarations.mine(caller.accountID).first.map { "\($0.cycle)年度：\($0.status.label)" }
        }
        let pages = mobile.signedIn
        pages.get(MobileDeclarationPaths.list.route, use: list)
        pages.get(MobileDeclarationPaths.start.route, use: choice)
        pages.post(MobileDeclarationPaths.start.route, use: choose)
        pages.get(MobileDeclarationPaths.notice.route, use: notice)
        pages.post(MobileDeclarationPaths.notice.route, use: acknowledge)
        pages.get(MobileDeclarationPaths.detail.route, use: detail)
        pages.get(MobileDeclarationPaths.form.route, use: form)
        pages.post(MobileDeclarationPaths.form.route, use: save)
        pages.get(MobileDeclarationPaths.confirm.route, use: confirmation)
        pages.post(MobileDeclarationPaths.confirm.route, use: submit)
        pages.get(MobileDeclarationPaths.done.route, use: done)
        pages.post(MobileDeclarationPaths.withdraw.route, use: withdraw)
    }

    // MARK: 记录

    /// What the candidate still needs before declaring (empty: they may start).
    func missing(_ caller: Caller) async throws -> (missing: [DeclarationListModel.Missing], cycle: Cycle?) {
        var missing: [DeclarationListModel.Missing] = []
        var cycle: Cycle?
        do {
            cycle = try await cycles.current()
        } catch let problem as Problem where problem.status == 404 {
            missing.append(.init(text: problem.title, href: nil, linkLabel: nil, id: "missing-cycle"))
        }
        if try await identities.verifiedIdentity(of: caller) == nil {
            missing.append(.init(text: "请先完成实名认证", href: MobileDeclarationPaths.verification.link(), linkLabel: "前往认证", id: "missing-verification"))
        }
        if try await employment.currentEmployment(of: caller) == nil {
            missing.append(.init(text: "请先绑定工作单位", href: MobileDeclarationPaths.employment.link(), linkLabel: "绑定工作单位", id: "missing-employment"))
        }
        return (missing, cycle)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let mine = try await declarations.mine(caller.accountID)
        var (needs, cycle) = try await missing(caller)
        if let open = cycle, mine.contains(where: { $0.cycle == open.year }) {
            needs = []
            cycle = nil  // this year's declaration is in the list: no second one
        }
        let items = mine.map { summary in
            DeclarationListModel.Item(
                id: summary.id.uuidString.lowercased(), href: MobileDeclarationPaths.detail.link(summary.id),
                title: "\(summary.cycle)年度 \(summary.level.label) · \(Self.categoryText(summary.category, summary.tcmSubtype))",
                status: summary.status.label, statusClass: Self.statusClass(summary.status),
                updated: "更新于 " + ConsoleFormat.minute(summary.updatedAt)
            )
        }
        let model = DeclarationListModel(
            items: items, hasItems: !items.isEmpty, canStart: needs.isEmpty && cycle != nil, startHref: MobileDeclarationPaths.start.link(),
            missing: needs, hasMissing: !needs.isEmpty
        )
        return mobile.layout.page("试用期申报", body: templates.render("list", model), context: context)
    }

    // MARK: 查看详情

    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        try await detailPage(try context.uuidParameter("declarationId"), context: context)
    }

    func detailPage(_ id: UUID, context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let view = try await declarations.view(id, of: caller.accountID)
        let progress = try await declarations.progress(id, of: caller.accountID)
        let declaration = view.declaration
        let events = progress.reversed().map { event in
            DeclarationDetailModel.Event(
                at: ConsoleFormat.minute(event.at), label: Self.eventLabel(event), actor: event.actorRole == .unit ? "试用单位" : "考生",
                eventReason: event.reason, eventReasonLabel: Self.reasonLabel(event.toStatus)
            )
        }
        // The unit's latest reason, while the declaration is back with the candidate because of it.
        let reason = declaration.status.isReopenedByUnit
            ? progress.last { $0.toStatus == declaration.status.rawValue }?.reason
            : nil
        let editable = view.allowedActions.contains("edit")
        let model = DeclarationDetailModel(
            title: "\(declaration.cycle)年度 \(declaration.content.level.label) · \(Self.categoryText(declaration.content.category, declaration.content.tcmSubtype))",
            status: declaration.status.label, statusClass: Self.statusClass(declaration.status), statusNote: Self.statusNote(declaration.status),
            reason: reason, reasonLabel: Self.reasonLabel(declaration.status.rawValue), summary: summary(of: view), events: events,
            csrf: context.consoleCSRF ?? "", version: declaration.version,
            canWithdraw: view.allowedActions.contains("withdraw"), withdrawAction: MobileDeclarationPaths.withdraw.link(id),
            canEdit: editable, editLabel: declaration.status == .draft ? "继续申报" : "修改申报", formHref: MobileDeclarationPaths.form.link(id),
            canSubmit: editable && declaration.status != .draft, confirmHref: MobileDeclarationPaths.confirm.link(id), error: error
        )
        return mobile.layout.page(
            "查看详情", body: templates.render("detail", model), context: context, status: status, back: ("记录", MobileDeclarationPaths.list.link())
        )
    }

    /// 撤回: back to a draft while the unit has not decided.
    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("declarationId")
        return try await ConsoleAction.run(request, context: context) { form in
            _ = try await declarations.withdraw(id, version: form["version"].flatMap { Int($0) }, by: caller, origin: context.origin)
        } refused: { message, status in
            try await detailPage(id, context: context, error: message, status: status)
        } then: {
            MobileDeclarationPaths.detail.link(id)
        }
    }

    // MARK: Shared pieces

    /// Every section the candidate filled in, as 申报确认 and 申报详情 show it.
    func summary(of view: DeclarationView) -> DeclarationSummaryModel {
        let declaration = view.declaration
        let content = declaration.content
        func show(_ value: String?) -> String { value.flatMap { $0.isEmpty ? nil : $0 } ?? "未填写" }
        func row(_ label: String, _ value: String?, id: String? = nil) -> DetailRowModel { DetailRowModel(label: label, value: show(value), id: id) }
        var sections: [DetailSectionModel] = []
        var choice = [
            row("申报年度", "\(declaration.cycle)"), row("申报级别", content.level.label, id: "summary-level"),
            row("申报类别", content.category.label, id: "summary-category"),
        ]
        if let subtype = content.tcmSubtype { choice.append(row("中医类别", subtype.label)) }
        sections.append(DetailSectionModel(title: "选择申报", rows: choice))
        sections.append(DetailSectionModel(title: "基础信息", rows: applicantRows(view.applicant) + [row("申报单位", view.unit.name, id: "summary-unit")]))
        let education = content.education
        sections.append(DetailSectionModel(title: "学历信息", rows: [
            row("学历", education.level?.label), row("学习形式", education.studyForm?.label), row("毕业学校", education.school, id: "summary-school"),
            row("所学专业", education.major), row("入学时间", education.enrolledOn?.description), row("毕业时间", education.graduatedOn?.description),
            row("毕业证书编号", education.diplomaNumber),
        ]))
        if let upgrade = content.assistantUpgrade {
            sections.append(DetailSectionModel(title: "执业助理医师报考执业医师", rows: [
                row("医师资格证书编号", upgrade.qualificationCertificateNumber), row("医师执业证书编号", upgrade.practiceCertificateNumber),
                row("首次执业注册时间", upgrade.practiceRegisteredOn?.description), row("执业助理医师资格类别", upgrade.qualificationCategory?.label),
                row("取得资格时间", upgrade.qualifiedOn?.description),
            ]))
        } else {
            sections.append(DetailSectionModel(title: "执业助理医师报考执业医师", rows: [row("是否为执业助理医师报考执业医师", "否")]))
        }
        for (index, entry) in content.trialInstitutions.enumerated() {
            var rows = [
                row("名称", entry.name, id: "summary-entry-\(index)-name"), row("科室", entry.department), row("岗位", entry.position),
                row("开始时间", entry.startDate?.description), row("结束时间", entry.endDate?.description ?? (entry.current ? "至今" : nil)),
                row("带教医师", entry.supervisorName), row("现所在试用单位", entry.current ? "是" : "否"),
            ]
            if let confirmation = entry.confirmation {
                rows.append(row("现单位审核", (confirmation.confirmed ? "已确认" : "不予确认") + (confirmation.note.map { "：\($0)" } ?? "")))
            }
            sections.append(DetailSectionModel(title: "试用/工作机构 \(index + 1)", rows: rows))
        }
        var other = [row("应届毕业生", content.freshGraduate ? "是" : "否", id: "summary-fresh-graduate")]
        if content.activeMilitary { other.append(row("现役军人", "是")) }
        sections.append(DetailSectionModel(title: "应届毕业生", rows: other))
        let attachments = content.attachments.map {
            AttachmentLinkModel(label: $0.purpose.label, href: MobileDeclarationPaths.attachment.link($0.attachment))
        }
        return DeclarationSummaryModel(sections: sections, attachments: attachments, hasAttachments: !attachments.isEmpty)
    }

    func applicantRows(_ applicant: VerifiedIdentity?) -> [DetailRowModel] {
        guard let applicant else { return [DetailRowModel(label: "姓名", value: "未实名认证", id: nil)] }
        return [
            DetailRowModel(label: "姓名", value: applicant.realName, id: "summary-name"),
            DetailRowModel(label: "性别", value: applicant.gender.map { $0 == .male ? "男" : "女" } ?? "未填写", id: nil),
            DetailRowModel(label: "民族", value: applicant.ethnicity ?? "未填写（请在个人信息中填写）", id: "summary-ethnicity"),
            DetailRowModel(label: "证件类型", value: Self.documentLabel(applicant.documentType), id: nil),
            DetailRowModel(label: "证件号码", value: applicant.documentNumber, id: nil),
        ]
    }

    static func categoryText(_ category: ExamCategory, _ subtype: TCMSubtype?) -> String {
        category.label + (subtype.map { "（\($0.label)）" } ?? "")
    }

    static func statusClass(_ status: DeclarationStatus) -> String {
        switch status {
        case .approved: "ok"
        case .submitted, .modificationAllowed: "waiting"
        case .returned: "refused"
        case .draft: ""
        }
    }

    static func statusNote(_ status: DeclarationStatus) -> String? {
        switch status {
        case .draft: "草稿尚未提交，请继续申报并在申报确认后提交。"
        case .submitted: "等待试用单位审核；审核前可以撤回修改。"
        case .returned: "试用单位已退回，请按原因修改后重新提交。"
        case .modificationAllowed: "试用单位已允许修改，请修改申报后重新提交。"
        case .approved: "试用单位已审核通过，不可修改，仅可查看申报信息。"
        }
    }

    static func reasonLabel(_ status: String) -> String {
        switch status {
        case DeclarationStatus.returned.rawValue: "退回原因"
        case DeclarationStatus.modificationAllowed.rawValue: "允许修改原因"
        default: "说明"
        }
    }

    static func eventLabel(_ event: ProgressEvent) -> String {
        switch event.action {
        case "create": "创建申报"
        case "submit": "提交申报"
        case "withdraw": "撤回申报"
        case "approve": "审核通过"
        case "return": "退回修改"
        case "allow_modification": "允许修改"
        case "undo_modification": "撤销允许修改"
        default: DeclarationStatus(rawValue: event.toStatus)?.label ?? event.action
        }
    }

    /// The document types of Identity, by their API codes, for display.
    static func documentLabel(_ code: String) -> String {
        switch code {
        case "resident_id": "居民身份证"
        case "hk_macau_permit": "港澳居民来往内地通行证"
        case "taiwan_permit": "台湾居民来往大陆通行证"
        case "hmt_residence_permit": "港澳台居民居住证"
        case "foreign_permanent_resident_id": "外国人永久居留身份证"
        case "passport": "护照"
        case "military_id": "军官证/士兵证"
        default: code
        }
    }
}
