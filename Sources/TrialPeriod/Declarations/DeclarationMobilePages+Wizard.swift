import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// The wizard: 选择申报 → 申报须知 (acknowledging creates the draft) → 填报信息 (every button saves the
/// draft through `DeclarationService.edit`) → 申报确认 (`submit`) → 提交成功. One step per page: GET shows,
/// POST saves and 303s on, or shows the same step again (422) with each problem next to its field and
/// what the candidate typed kept.
extension DeclarationMobilePages {
    // MARK: 选择申报

    @Sendable func choice(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        guard try await missing(caller).missing.isEmpty else { return ConsolePage.redirect(to: MobileDeclarationPaths.list.link()) }
        let query = request.uri.queryParameters
        return try await choicePage(
            level: query["level"].map(String.init), category: query["category"].map(String.init), subtype: query["tcmSubtype"].map(String.init),
            problems: [], context: context
        ).response(from: request, context: context)
    }

    @Sendable func choose(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        let level = Self.nonEmpty(form["level"])
        let category = Self.nonEmpty(form["category"])
        let subtype = Self.nonEmpty(form["tcmSubtype"])
        switch DeclarationRules.choice(level: level ?? "", category: category ?? "", tcmSubtype: subtype) {
        case .success:
            let query = QueryString([("level", level ?? ""), ("category", category ?? "")]).adding("tcmSubtype", subtype)
            return ConsolePage.redirect(to: MobileDeclarationPaths.notice.link(query: query))
        case .failure(let problem):
            return try await choicePage(level: level, category: category, subtype: subtype, problems: problem.errors, context: context, status: .unprocessableContent)
                .response(from: request, context: context)
        }
    }

    func choicePage(
        level: String?, category: String?, subtype: String?, problems list: [FieldProblem], context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let identity = try await identities.verifiedIdentity(of: caller)
        let unit = try await employment.currentEmployment(of: caller)
        var problems = PageProblems(list)
        let fields = Self.choiceFields(level: level, category: category, subtype: subtype, problems: &problems)
        let model = DeclarationChoiceModel(
            steps: WizardStepModel.steps(at: 0), csrf: context.consoleCSRF ?? "", action: MobileDeclarationPaths.start.link(),
            applicantName: identity?.realName ?? "", unitName: unit?.institution.name ?? "", fields: fields, errors: problems.rest,
            hasErrors: !problems.rest.isEmpty
        )
        return mobile.layout.page(
            "选择申报", body: templates.render("choice", model), context: context, status: status, back: ("记录", MobileDeclarationPaths.list.link())
        )
    }

    static func choiceFields(level: String?, category: String?, subtype: String?, problems: inout PageProblems) -> [MobileFieldModel] {
        [
            MobileFieldModel(
                name: "level", label: "申报级别", value: level, required: true, error: problems.take("level"),
                options: options(ExamLevel.allCases.map { ($0.rawValue, $0.label) }, selected: level)
            ),
            MobileFieldModel(
                name: "category", label: "申报类别（专业）", value: category, required: true, error: problems.take("category"),
                options: options(ExamCategory.allCases.map { ($0.rawValue, $0.label) }, selected: category)
            ),
            MobileFieldModel(
                name: "tcmSubtype", label: "中医类别", value: subtype, hint: "仅申报中医类别时选择", error: problems.take("tcmSubtype"),
                options: options(TCMSubtype.allCases.map { ($0.rawValue, $0.label) }, selected: subtype, empty: "不适用")
            ),
        ]
    }

    static func options(_ items: [(String, String)], selected: String?, empty: String = "请选择") -> [MobileFieldModel.Option] {
        [MobileFieldModel.Option(value: "", label: empty, selected: selected == nil)]
            + items.map { MobileFieldModel.Option(value: $0.0, label: $0.1, selected: $0.0 == selected) }
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    // MARK: 申报须知

    @Sendable func notice(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let query = request.uri.queryParameters
        return try await noticePage(
            level: query["level"].map(String.init) ?? "", category: query["category"].map(String.init) ?? "",
            subtype: Self.nonEmpty(query["tcmSubtype"].map(String.init)), problems: [], context: context
        )
    }

    /// Acknowledging the notice creates the draft (`POST /trial/applications`), with the choice made.
    @Sendable func acknowledge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await FormBody.read(request)
        let level = form["level"] ?? ""
        let category = form["category"] ?? ""
        let subtype = Self.nonEmpty(form["tcmSubtype"])
        let body = CreateDeclarationRequest(level: level, category: category, tcmSubtype: subtype, noticeAcknowledged: form["noticeAcknowledged"] == "true")
        do {
            let view = try await declarations.create(body, by: caller, origin: context.origin)
            return ConsolePage.redirect(to: MobileDeclarationPaths.form.link(view.declaration.id))
        } catch let problem as Problem where problem == TrialPeriodProblems.declarationExists {
            return try mobile.layout.message(
                "试用期申报", text: problem.title, link: ("返回记录", MobileDeclarationPaths.list.link()), context: context, status: .conflict
            ).response(from: request, context: context)
        } catch let problem as Problem where problem.status != 404 {
            let list = problem.errors.isEmpty ? [FieldProblem.page(problem)] : problem.errors
            return try await noticePage(
                level: level, category: category, subtype: subtype, problems: list, context: context, status: HTTPResponse.Status(code: problem.status)
            ).response(from: request, context: context)
        }
    }

    func noticePage(
        level: String, category: String, subtype: String?, problems list: [FieldProblem], context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) async throws -> ConsolePage {
        let cycle = try await cycles.current()
        var problems = PageProblems(list)
        let acknowledged = problems.take("noticeAcknowledged")
        let choice = [ExamLevel(rawValue: level)?.label, ExamCategory(rawValue: category)?.label, subtype.flatMap(TCMSubtype.init(rawValue:))?.label]
            .compactMap { $0 }.joined(separator: " · ")
        let back = QueryString([("level", level), ("category", category)]).adding("tcmSubtype", subtype)
        let model = DeclarationNoticeModel(
            steps: WizardStepModel.steps(at: 1), csrf: context.consoleCSRF ?? "", action: MobileDeclarationPaths.notice.link(),
            backHref: MobileDeclarationPaths.start.link(query: back), notice: cycle.noticeText, level: level, category: category,
            tcmSubtype: subtype ?? "", choice: choice, acknowledgedError: acknowledged, errors: problems.rest, hasErrors: !problems.rest.isEmpty
        )
        return mobile.layout.page(
            "申报须知", body: templates.render("notice", model), context: context, status: status,
            back: ("选择申报", MobileDeclarationPaths.start.link(query: back))
        )
    }

    // MARK: 填报信息

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("declarationId")
        let view = try await declarations.view(id, of: caller.accountID)
        guard view.allowedActions.contains("edit") else { return ConsolePage.redirect(to: MobileDeclarationPaths.detail.link(id)) }
        let notice = request.uri.queryParameters["saved"] != nil ? "已保存草稿" : nil
        return try formPage(view, state: DeclarationFormState(view.declaration), problems: [], notice: notice, context: context)
            .response(from: request, context: context)
    }

    /// Every button of 填报信息 saves the draft as typed (with the files chosen, uploaded first); then
    /// 下一步 goes on to 申报确认 unless submitting would be refused, the others show the form again.
    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("declarationId")
        var uploadProblems: [FieldProblem] = []
        let form = try await readForm(request, by: caller.accountID, origin: context.origin, problems: &uploadProblems)
        var state = DeclarationFormState(form: form.fields, maximumEntries: settings.maximumTrialInstitutions)
        state.attachments += form.uploaded
        let action = DeclarationFormAction(form.fields["action"])
        switch action {
        case .addEntry: state.entryCount += 1
        case .removeEntry(let index): state.removeEntry(index)
        case .removeAttachment(let index): if state.attachments.indices.contains(index) { state.attachments.remove(at: index) }
        case .save, .next: break
        }
        let saved: DeclarationView
        do {
            saved = try await declarations.edit(id, state.request, by: caller, origin: context.origin)
        } catch let problem as Problem where problem.status != 404 {
            let view = try await declarations.view(id, of: caller.accountID)
            let list = (problem.errors.isEmpty ? [FieldProblem.page(problem)] : problem.errors) + uploadProblems
            return try formPage(view, state: state, problems: list, notice: nil, context: context, status: HTTPResponse.Status(code: problem.status))
                .response(from: request, context: context)
        }
        var problems = uploadProblems
        if action == .next { problems += try await declarations.submissionProblems(id, by: caller) }
        if !problems.isEmpty {
            return try formPage(saved, state: DeclarationFormState(saved.declaration), problems: problems, notice: "已保存草稿", context: context, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        switch action {
        case .next: return ConsolePage.redirect(to: MobileDeclarationPaths.confirm.link(id))
        case .addEntry:
            return ConsolePage.redirect(to: MobileDeclarationPaths.form.link(id, query: QueryString([("saved", "1")])) + "#entry-\(state.entryCount - 1)")
        default: return ConsolePage.redirect(to: MobileDeclarationPaths.form.link(id, query: QueryString([("saved", "1")])))
        }
    }

    /// The submitted form's fields, and the files chosen, each stored through Attachments (the API's
    /// purposes, checks and limits) with its purpose from the input's name (`upload-other_proof`).
    func readForm(
        _ request: Request, by owner: AccountID, origin: RequestOrigin, problems: inout [FieldProblem]
    ) async throws -> (fields: FormBody, uploaded: [DeclarationFormState.KeptAttachment]) {
        guard request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true else { return (try await FormBody.read(request), []) }
        let multipart = try await MultipartForm.read(request)
        let fields: [(name: String, value: String)] = multipart.parts.filter { $0.filename == nil }.compactMap { part in
            String(validating: part.content, as: UTF8.self).map { (part.name, $0) }
        }
        var uploaded: [DeclarationFormState.KeptAttachment] = []
        for part in multipart.parts where part.filename != nil && !part.content.isEmpty && part.name.hasPrefix("upload-") {
            guard let purpose = DeclarationAttachmentPurpose(rawValue: String(part.name.dropFirst("upload-".count))),
                  let stored = purpose.attachmentPurpose
            else { continue }
            guard uploaded.count < settings.maximumAttachments else { break }
            guard let uploader else {
                problems.append(TrialPeriodProblems.uploadsUnavailable(field: part.name))
                continue
            }
            guard let type = Self.sniff(part.content) else {
                problems.append(TrialPeriodProblems.unsupportedUpload(field: part.name))
                continue
            }
            do {
                let id = try await uploader.upload(part.content, declaredType: type, purpose: stored, owner: owner, origin: origin)
                uploaded.append(.init(purpose: purpose.rawValue, id: id.description))
            } catch let problem as Problem {
                problems.append(TrialPeriodProblems.refusedUpload(field: part.name, problem))
            }
        }
        return (FormBody(fields: fields), uploaded)
    }

    /// The type a file's first bytes say it is: JPEG, PNG or PDF, the types attachments accept.
    static func sniff(_ bytes: [UInt8]) -> AttachmentMediaType? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .png }
        if bytes.starts(with: Array("%PDF".utf8)) { return .pdf }
        return nil
    }

    func formPage(
        _ view: DeclarationView, state: DeclarationFormState, problems list: [FieldProblem], notice: String?, context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) throws -> ConsolePage {
        var problems = PageProblems(list)
        let values = state.values
        func field(_ name: String, _ label: String, type: String = "text", required: Bool = true, hint: String? = nil) -> MobileFieldModel {
            MobileFieldModel(name: name, label: label, value: values[name], type: type, required: required, hint: hint, error: problems.take(name))
        }
        func select(_ name: String, _ label: String, _ items: [(String, String)], required: Bool = true) -> MobileFieldModel {
            MobileFieldModel(
                name: name, label: label, value: values[name], required: required, error: problems.take(name),
                options: Self.options(items, selected: values[name])
            )
        }
        func upload(_ purpose: DeclarationAttachmentPurpose, multiple: Bool = false, hint: String? = nil) -> UploadModel {
            let name = "upload-\(purpose.rawValue)"
            return UploadModel(name: name, id: name, label: "上传\(purpose.label)", hint: hint, multiple: multiple, error: problems.take(name))
        }
        let choice = Self.choiceFields(level: values["level"], category: values["category"], subtype: values["tcmSubtype"], problems: &problems)
        let education = [
            select("education.level", "学历", EducationLevel.allCases.map { ($0.rawValue, $0.label) }),
            select("education.studyForm", "学习形式", StudyForm.allCases.map { ($0.rawValue, $0.label) }),
            field("education.school", "毕业学校"), field("education.major", "所学专业"),
            field("education.enrolledOn", "入学时间", type: "date"), field("education.graduatedOn", "毕业时间", type: "date"),
            field("education.diplomaNumber", "毕业证书编号"),
        ]
        let upgradeError = problems.take("assistantUpgrade")
        let upgradeFields = [
            field("assistantUpgrade.qualificationCertificateNumber", "医师资格证书编号", required: false),
            field("assistantUpgrade.practiceCertificateNumber", "医师执业证书编号", required: false),
            field("assistantUpgrade.practiceRegisteredOn", "执业助理医师首次执业注册时间", type: "date", required: false),
            select("assistantUpgrade.qualificationCategory", "执业助理医师资格类别", ExamCategory.allCases.map { ($0.rawValue, $0.label) }, required: false),
            field("assistantUpgrade.qualifiedOn", "取得执业助理医师资格时间", type: "date", required: false, hint: "学历入学时间晚于规定时，凭先取得的助理资格申报才需填写"),
        ]
        let upgradeUploads = [upload(.practiceAssessmentProof, hint: "执业助理医师报考执业医师须上传")]
        let entriesError = problems.take("trialInstitutions")
        let entries = (0..<state.entryCount).map { index in
            let name = { (member: String) in DeclarationFormState.entryName(index, member) }
            return EntryFormModel(
                index: index, number: index + 1,
                fields: [
                    field(name("name"), "试用/工作机构名称", hint: state.currentEntry == index ? "须与申报单位名称一致：\(view.unit.name)" : nil),
                    field(name("department"), "科室"), field(name("position"), "岗位"),
                    field(name("startDate"), "开始时间", type: "date"),
                    field(name("endDate"), "结束时间", type: "date", required: false, hint: "现所在试用单位可不填"),
                    field(name("supervisorName"), "带教医师"),
                ],
                current: state.currentEntry == index, currentId: "trialInstitutions-\(index)-current", currentError: problems.take(name("current")),
                removeValue: "remove-entry-\(index)"
            )
        }
        let freshUploads = [upload(.commitmentLetter, hint: "应届毕业生须上传承诺书")]
        let kind = view.applicant?.candidateKind
        let showMilitary = kind == .military || state.activeMilitary
        var proofs = [upload(.otherProof, multiple: true, hint: "工作经历证明等，可上传多个；支持拍照或 PDF")]
        if kind == .hongKongMacau || kind == .taiwan { proofs.append(upload(.hmtApplicationForm, hint: "港澳台居民须上传（湖北卫生人才网—医师资格考试—表格下载）")) }
        if kind == .foreign { proofs.append(upload(.foreignApplicationForm, hint: "外籍人员须上传（湖北卫生人才网—医师资格考试—表格下载）")) }
        if showMilitary {
            proofs.append(upload(.militaryEducationProof, hint: "团级以上政治部门出具"))
            proofs.append(upload(.militaryTrialProof, hint: "团级以上政治部门出具"))
        }
        var attachmentErrors = [problems.take("attachments")].compactMap { $0 }
        let attachments = state.attachments.enumerated().map { index, kept in
            for member in ["attachmentId", "purpose"] {
                if let error = problems.take("attachments[\(index)].\(member)") { attachmentErrors.append("附件\(index + 1)：\(error)") }
            }
            return KeptAttachmentModel(
                index: index, label: DeclarationAttachmentPurpose(rawValue: kept.purpose)?.label ?? kept.purpose, value: kept.encoded,
                href: AttachmentID(kept.id).map { MobileDeclarationPaths.attachment.link($0) } ?? "#", removeValue: "remove-attachment-\(index)"
            )
        }
        let freshError = problems.take("freshGraduate")
        let rest = problems.rest
        let model = DeclarationFormModel(
            steps: WizardStepModel.steps(at: 2), csrf: context.consoleCSRF ?? "", action: MobileDeclarationPaths.form.link(view.declaration.id),
            version: state.version, notice: notice, errors: rest, hasErrors: !rest.isEmpty, applicant: applicantRows(view.applicant),
            profileHref: MobileDeclarationPaths.profile.link(), choice: choice, education: education, upgradeYes: state.upgrade,
            upgradeError: upgradeError, upgradeFields: upgradeFields, upgradeUploads: upgradeUploads, entries: entries, entryCount: state.entryCount,
            entriesError: entriesError, freshGraduate: state.freshGraduate, freshError: freshError, freshUploads: freshUploads,
            showMilitary: showMilitary, activeMilitary: state.activeMilitary, attachments: attachments, hasAttachments: !attachments.isEmpty,
            attachmentsError: attachmentErrors.isEmpty ? nil : attachmentErrors.joined(separator: "；"), proofUploads: proofs
        )
        return mobile.layout.page(
            "填报信息", body: templates.render("form", model), context: context, status: status,
            back: ("查看详情", MobileDeclarationPaths.detail.link(view.declaration.id))
        )
    }

    // MARK: 申报确认, 提交成功

    @Sendable func confirmation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("declarationId")
        let view = try await declarations.view(id, of: caller.accountID)
        guard view.allowedActions.contains("submit") else { return ConsolePage.redirect(to: MobileDeclarationPaths.detail.link(id)) }
        return try confirmPage(view, error: nil, context: context).response(from: request, context: context)
    }

    func confirmPage(_ view: DeclarationView, error: String?, context: AppRequestContext, status: HTTPResponse.Status = .ok) -> ConsolePage {
        let id = view.declaration.id
        let model = DeclarationConfirmModel(
            steps: WizardStepModel.steps(at: 3), csrf: context.consoleCSRF ?? "", action: MobileDeclarationPaths.confirm.link(id),
            version: view.declaration.version, formHref: MobileDeclarationPaths.form.link(id), summary: summary(of: view), error: error
        )
        return mobile.layout.page(
            "申报确认", body: templates.render("confirm", model), context: context, status: status, back: ("返回修改", MobileDeclarationPaths.form.link(id))
        )
    }

    /// 确定: submits the version shown. What submitting refuses goes back to 填报信息, next to each field.
    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("declarationId")
        let form = try await FormBody.read(request)
        do {
            _ = try await declarations.submit(id, version: Int(form["version"] ?? "") ?? -1, by: caller, origin: context.origin)
        } catch let problem as Problem where problem.status == 422 {
            let view = try await declarations.view(id, of: caller.accountID)
            return try formPage(view, state: DeclarationFormState(view.declaration), problems: problem.errors, notice: nil, context: context, status: .unprocessableContent)
                .response(from: request, context: context)
        } catch let problem as Problem where problem.status != 404 {
            let view = try await declarations.view(id, of: caller.accountID)
            return try confirmPage(view, error: problem.consoleMessage, context: context, status: HTTPResponse.Status(code: problem.status))
                .response(from: request, context: context)
        }
        return ConsolePage.redirect(to: MobileDeclarationPaths.done.link(id))
    }

    @Sendable func done(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("declarationId")
        let view = try await declarations.view(id, of: caller.accountID)
        let model = DeclarationDoneModel(
            steps: WizardStepModel.steps(at: 4), unitName: view.unit.name, detailHref: MobileDeclarationPaths.detail.link(id),
            listHref: MobileDeclarationPaths.list.link()
        )
        return mobile.layout.page("提交成功", body: templates.render("done", model), context: context, back: ("记录", MobileDeclarationPaths.list.link()))
    }
}
