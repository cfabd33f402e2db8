import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 试用期审核 in the console: the unit's list with filters and pages, a declaration with every field,
/// its attachments and progress, and the unit's actions — through `ReviewService`, like the JSON routes,
/// so the checks, transitions and audit events are the same.
struct ReviewPages: Sendable {
    let reviews: ReviewService
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    init(reviews: ReviewService, layout: ConsoleLayout) throws {
        self.reviews = reviews
        self.layout = layout
        templates = try ConsoleTemplates(["list": Self.listTemplate, "detail": Self.detailTemplate])
    }

    func register(on console: ConsoleRoutes) {
        let unit = console.unit("/units/:institutionId/trial-applications")
        unit.get("", use: list)
        unit.get("/export", use: export)
        unit.get("/:appId", use: show)
        unit.post("/:appId/approve", use: approve)
        unit.post("/:appId/return", use: returnToCandidate)
        unit.post("/:appId/allow-modification", use: allowModification)
        unit.post("/:appId/trial-institutions/:index/confirm", use: confirm)
    }

    func unit(_ context: AppRequestContext) throws -> InstitutionID {
        InstitutionID(try context.uuidParameter("institutionId"))
    }

    func base(_ unit: InstitutionID) -> String {
        "/console/units/\(unit.rawValue.uuidString.lowercased())/trial-applications"
    }

    // MARK: The list

    struct Option {
        let code: String
        let label: String
        let selected: Bool
    }

    struct Row {
        let href: String
        let name: String
        let level: String
        let category: String
        let status: String
        let submittedAt: String
    }

    struct CountLink {
        let label: String
        let count: Int
        let href: String
    }

    /// The list's filters from the query: status (the console's default is what waits for the unit;
    /// `all` for every status), level, category, a name fragment.
    static func filter(_ request: Request) throws -> DeclarationStore.UnitFilter {
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String? {
            parameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        var filter = DeclarationStore.UnitFilter()
        var problems: [FieldProblem] = []
        filter.status = ApplicationStatus(rawValue: value("status") ?? ApplicationStatus.submitted.rawValue)
        if value("status") == "all" { filter.status = nil }
        filter.level = value("level").flatMap(ExamLevel.init(rawValue:))
        filter.category = value("category").flatMap(ExamCategory.init(rawValue:))
        filter.nameContaining = ReviewRoutes.nameFilter.optional(value("q"), into: &problems)
        guard problems.isEmpty else { throw Problem.validation(problems) }
        return filter
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let unit = try unit(context)
        let filter = try Self.filter(request)
        let page = try PageRequest.consolePage(request)
        let (items, counts) = try await reviews.list(unit, filter, page: page)

        let statusCode = filter.status?.rawValue ?? "all"
        var query: [(String, String)] = [("status", statusCode)]
        if let level = filter.level { query.append(("level", level.rawValue)) }
        if let category = filter.category { query.append(("category", category.rawValue)) }
        if let name = filter.nameContaining { query.append(("q", name)) }
        let rows = items.items.map { item in
            Row(
                href: base(unit) + "/" + item.id, name: item.applicantName,
                level: ExamLevel(rawValue: item.level)?.label ?? item.level, category: ExamCategory(rawValue: item.category)?.label ?? item.category,
                status: ApplicationStatus(rawValue: item.status)?.label ?? item.status,
                submittedAt: item.submittedAt.map(Self.minute) ?? ""
            )
        }
        let reviewable = ApplicationStatus.allCases.filter { $0 != .draft }
        var object: [String: Any] = [
            "unitName": try await reviews.unitName(unit), "action": base(unit), "rows": rows, "empty": rows.isEmpty,
            "counts": reviewable.map { CountLink(label: $0.label, count: counts[$0] ?? 0, href: base(unit) + "?status=" + $0.rawValue) },
            "statuses": [Option(code: "all", label: "全部", selected: filter.status == nil)]
                + reviewable.map { Option(code: $0.rawValue, label: $0.label, selected: $0 == filter.status) },
            "levels": ExamLevel.allCases.map { Option(code: $0.rawValue, label: $0.label, selected: $0 == filter.level) },
            "categories": ExamCategory.allCases.map { Option(code: $0.rawValue, label: $0.label, selected: $0 == filter.category) },
            "q": filter.nameContaining ?? "",
        ]
        if let cursor = items.nextCursor { object["next"] = base(unit) + "?" + Self.encode(query + [("cursor", cursor)]) }
        if let notice = await notice(request, unit: unit) { object["notice"] = notice }
        object["export"] = base(unit) + "/export?" + Self.encode(query)
        return layout.page("试用期审核", body: templates.render("list", object), context: context)
    }

    // MARK: One declaration

    struct Field {
        let label: String
        let value: String
    }

    struct Entry {
        let index: Int
        let name: String
        let department: String
        let position: String
        let period: String
        let supervisor: String
        let kind: String
        let confirmation: String
        let confirmable: Bool
        let action: String
    }

    struct AttachmentLink {
        let label: String
        let href: String
        let isImage: Bool
    }

    struct Step {
        let at: String
        let text: String
        let reason: String?
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let unit = try unit(context)
        return try await detail(try context.uuidParameter("appId"), unit: unit, context: context, notice: await notice(request, unit: unit))
    }

    func detail(
        _ id: UUID, unit: InstitutionID, context: AppRequestContext, error: String? = nil, notice: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> ConsolePage {
        let view = try await reviews.view(id, of: unit)
        let declaration = view.declaration
        let content = declaration.content
        let events = try await reviews.progress(id, of: unit)
        let files = try await reviews.attachmentSummaries(of: declaration)
        let here = base(unit) + "/" + id.uuidString.lowercased()
        let applicant = view.applicant
        var person = [
            Field(label: "姓名", value: applicant?.realName ?? declaration.applicantName),
            Field(label: "证件号码", value: applicant?.documentNumber ?? ""),
        ]
        if let gender = applicant?.gender { person.append(Field(label: "性别", value: gender == .male ? "男" : "女")) }
        if let birth = applicant?.birthDate { person.append(Field(label: "出生日期", value: birth)) }
        person.append(Field(label: "工作单位", value: view.unit.name))
        var exam = [
            Field(label: "考试级别", value: content.level.label), Field(label: "考试类别", value: content.category.label),
        ]
        if let subtype = content.tcmSubtype { exam.append(Field(label: "中医类别", value: subtype.label)) }
        exam.append(Field(label: "应届毕业生", value: content.freshGraduate ? "是" : "否"))
        if let upgrade = content.assistantUpgrade {
            exam.append(Field(label: "助理医师资格证书编号", value: upgrade.qualificationCertificateNumber ?? ""))
            exam.append(Field(label: "助理医师执业证书编号", value: upgrade.practiceCertificateNumber ?? ""))
        }
        let education = content.education
        let schooling = [
            Field(label: "学历", value: education.level?.label ?? ""), Field(label: "学习形式", value: education.studyForm?.label ?? ""),
            Field(label: "毕业学校", value: education.school ?? ""), Field(label: "专业", value: education.major ?? ""),
            Field(label: "入学时间", value: education.enrolledOn?.description ?? ""),
            Field(label: "毕业时间", value: education.graduatedOn?.description ?? ""),
            Field(label: "毕业证书编号", value: education.diplomaNumber ?? ""),
        ]
        let reviewable = declaration.status == .submitted
        let entries = content.trialInstitutions.enumerated().map { index, entry in
            Entry(
                index: index, name: entry.name ?? "", department: entry.department ?? "", position: entry.position ?? "",
                period: "\(entry.startDate?.description ?? "") 至 \(entry.endDate?.description ?? (entry.current ? "今" : ""))",
                supervisor: entry.supervisorName ?? "", kind: entry.current ? "现试用单位" : "前试用单位",
                confirmation: entry.current ? "" : entry.confirmation.map { $0.confirmed ? "已确认" : "不予确认：" + ($0.note ?? "") } ?? "待确认",
                confirmable: !entry.current && reviewable, action: here + "/trial-institutions/\(index)/confirm"
            )
        }
        let attachments = content.attachments.map { item in
            AttachmentLink(
                label: item.purpose.label, href: "/console/attachments/" + item.attachment.description,
                isImage: files[item.attachment].map { $0.mediaType != .pdf } ?? false
            )
        }
        let steps = events.map { event in
            Step(
                at: Self.minute(event.at),
                text: (event.actorRole == .unit ? "单位：" : "申请人：") + (ApplicationStatus(rawValue: event.toStatus)?.label ?? event.toStatus),
                reason: event.reason
            )
        }
        var object: [String: Any] = [
            "name": declaration.applicantName, "status": declaration.status.label, "cycle": declaration.cycle,
            "person": person, "exam": exam, "schooling": schooling, "entries": entries, "attachments": attachments,
            "noAttachments": attachments.isEmpty, "steps": steps, "csrf": context.consoleCSRF ?? "",
            "canApprove": view.allowedActions.contains(ApplicationStatus.Action.approve.rawValue),
            "canReturn": view.allowedActions.contains(ApplicationStatus.Action.returnToCandidate.rawValue),
            "canAllowModification": view.allowedActions.contains(ApplicationStatus.Action.allowModification.rawValue),
            "approveAction": here + "/approve", "returnAction": here + "/return", "allowAction": here + "/allow-modification",
            "back": base(unit),
        ]
        if let error { object["error"] = error }
        if let notice { object["notice"] = notice }
        // A refused previous institution blocks approval for good: the way on is a return, offered with a reason.
        if error == TrialPeriodProblems.previousRefused.title {
            object["offerReturn"] = true
            object["returnReason"] = content.trialInstitutions.filter { $0.confirmation?.confirmed == false }
                .map { "前试用机构“\($0.name ?? "")”未予确认" + ($0.confirmation?.note.map { "：\($0)" } ?? "") }.joined(separator: "；")
        }
        return layout.page("试用期申报 · " + declaration.applicantName, body: templates.render("detail", object), context: context, status: status)
    }

    // MARK: Actions

    /// Runs an action; on success goes to the next declaration waiting for review (or the list) and says
    /// there what was done; on a refusal shows the declaration again with the reason.
    private func act(
        _ request: Request, context: AppRequestContext, done: Done, _ action: (UUID, InstitutionID, FormBody) async throws -> Void
    ) async throws -> Response {
        let unit = try unit(context)
        let id = try context.uuidParameter("appId")
        return try await ConsoleAction.run(request, context: context) { form in
            try await action(id, unit, form)
        } refused: { message, status in
            try await detail(id, unit: unit, context: context, error: message, status: status)
        } then: {
            var waiting = DeclarationStore.UnitFilter()
            waiting.status = .submitted
            let next = try await reviews.list(unit, waiting, page: PageRequest(limit: 1)).0.items.first
            let notice = "done=\(done.rawValue)&of=\(id.uuidString.lowercased())"
            return next.map { base(unit) + "/" + $0.id + "?" + notice } ?? base(unit) + "?status=submitted&" + notice
        }
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context: context, done: .approved) { id, unit, _ in _ = try await reviews.approve(id, of: unit, origin: context.origin) }
    }

    @Sendable func returnToCandidate(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context: context, done: .returned) { id, unit, form in
            _ = try await reviews.returnToCandidate(id, of: unit, reason: form["reason"] ?? "", origin: context.origin)
        }
    }

    @Sendable func allowModification(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context: context, done: .modificationAllowed) { id, unit, form in
            _ = try await reviews.allowModification(id, of: unit, reason: form["reason"] ?? "", origin: context.origin)
        }
    }

    /// Confirming one previous institution stays on the declaration (the next step is usually approval).
    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let unit = try unit(context)
        let id = try context.uuidParameter("appId")
        guard let text = context.parameters.get("index"), let index = Digits.integer(text), (0..<1000).contains(index) else { throw Problem.notFound }
        return try await ConsoleAction.run(request, context: context) { form in
            _ = try await reviews.confirm(id, of: unit, index: index, confirmed: form["confirmed"] == "true", note: form["note"], origin: context.origin)
        } refused: { message, status in
            try await detail(id, unit: unit, context: context, error: message, status: status)
        } then: {
            base(unit) + "/" + id.uuidString.lowercased()
        }
    }

    // MARK: Formatting

    /// `2026-11-24 09:30`, China time.
    static func minute(_ date: Date) -> String {
        ConsoleFormat.minute(date)
    }

    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=" + ConsoleFormat.queryValue($0.1) }.joined(separator: "&")
    }
}
