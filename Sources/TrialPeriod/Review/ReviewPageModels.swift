import Console
import Contracts
import Foundation
import Web

/// What the review pages show, built from `ReviewService` results.

/// 试用期审核: the unit's list with its filters, counts and next page.
struct ReviewListPage: Sendable {
    let unitName: String
    let notice: String?
    let action: String
    let statuses: [ConsoleOption]
    let levels: [ConsoleOption]
    let categories: [ConsoleOption]
    let q: String
    let list: ConsoleList<ReviewListRow>
    let export: String

    init(
        unit: InstitutionID, unitName: String, filter: ReviewFilter, page: Page<DeclarationSummaryResponse>,
        counts: [DeclarationStatus: Int], notice: String?
    ) {
        let reviewable = DeclarationStatus.reviewable
        self.unitName = unitName
        self.notice = notice
        action = ReviewPaths.list(unit: unit)
        statuses = [ConsoleOption(code: "all", label: "全部", selected: filter.status == nil)]
            + reviewable.map { ConsoleOption(code: $0.rawValue, label: $0.label, selected: $0 == filter.status) }
        levels = ConsoleOption.all(ExamLevel.self, selected: filter.level) { $0.label }
        categories = ConsoleOption.all(ExamCategory.self, selected: filter.category) { $0.label }
        q = filter.nameContaining ?? ""
        let list = ConsoleList(
            page, filters: filter.consoleQuery, link: { ReviewPaths.list(unit: unit, query: $0) }, emptyText: "没有符合条件的申报。",
            counts: reviewable.map {
                ConsoleList.Count(
                    label: $0.label, count: counts[$0] ?? 0, href: ReviewPaths.list(unit: unit, query: QueryString([("status", $0.rawValue)]))
                )
            }
        ) { item in ReviewListRow(item, unit: unit) }
        self.list = list
        export = ReviewPaths.consoleExport.link(unit, query: list.filters)
    }
}

struct ReviewListRow: Encodable, Sendable {
    let href: String
    let name: String
    let level: String
    let category: String
    let status: String
    let submittedAt: String

    init(_ item: DeclarationSummaryResponse, unit: InstitutionID) {
        href = ReviewPaths.declaration(unit: unit, id: item.id)
        name = item.applicantName
        level = ExamLevel(rawValue: item.level)?.label ?? item.level
        category = ExamCategory(rawValue: item.category)?.label ?? item.category
        status = DeclarationStatus(rawValue: item.status)?.label ?? item.status
        submittedAt = item.submittedAt.map(ConsoleFormat.minute) ?? ""
    }
}

/// One declaration with every field, its previous institutions, attachments, progress and the actions.
struct ReviewDetailPage: Sendable {
    let name: String
    let status: String
    let cycle: Int
    let person: [ReviewField]
    let exam: [ReviewField]
    let schooling: [ReviewField]
    let entries: [ReviewEntry]
    let attachments: [ReviewAttachmentLink]
    let noAttachments: Bool
    let steps: [ReviewStep]
    let csrf: String
    let canApprove: Bool
    let canReturn: Bool
    let canAllowModification: Bool
    let canUndoModification: Bool
    let approveAction: String
    let returnAction: String
    let allowAction: String
    let undoAction: String
    let back: String
    let error: String?
    let notice: String?
    let offerReturn: Bool
    let returnReason: String

    init(
        view: DeclarationView, unit: InstitutionID, events: [ProgressEvent], files: [AttachmentID: AttachmentSummary], csrf: String,
        error: String?, notice: String?
    ) {
        let declaration = view.declaration
        let content = declaration.content
        let applicant = view.applicant
        var person = [
            ReviewField(label: "姓名", value: applicant?.realName ?? declaration.applicantName),
            ReviewField(label: "证件号码", value: applicant?.documentNumber ?? ""),
        ]
        if let gender = applicant?.gender { person.append(ReviewField(label: "性别", value: gender == .male ? "男" : "女")) }
        if let birth = applicant?.birthDate { person.append(ReviewField(label: "出生日期", value: birth)) }
        person.append(ReviewField(label: "工作单位", value: view.unit.name))
        var exam = [ReviewField(label: "考试级别", value: content.level.label), ReviewField(label: "考试类别", value: content.category.label)]
        if let subtype = content.tcmSubtype { exam.append(ReviewField(label: "中医类别", value: subtype.label)) }
        exam.append(ReviewField(label: "应届毕业生", value: content.freshGraduate ? "是" : "否"))
        exam.append(ReviewField(label: "现役军人", value: content.activeMilitary ? "是" : "否"))
        if let upgrade = content.assistantUpgrade {
            // What the upgrade route is decided on (the practice years, the category): the unit checks
            // them against the certificates.
            exam.append(ReviewField(label: "助理医师资格证书编号", value: upgrade.qualificationCertificateNumber ?? ""))
            exam.append(ReviewField(label: "助理医师资格类别", value: upgrade.qualificationCategory?.label ?? ""))
            exam.append(ReviewField(label: "取得助理医师资格时间", value: upgrade.qualifiedOn?.description ?? ""))
            exam.append(ReviewField(label: "助理医师执业证书编号", value: upgrade.practiceCertificateNumber ?? ""))
            exam.append(ReviewField(label: "助理医师执业注册时间", value: upgrade.practiceRegisteredOn?.description ?? ""))
        }
        let education = content.education
        schooling = [
            ReviewField(label: "学历", value: education.level?.label ?? ""), ReviewField(label: "学习形式", value: education.studyForm?.label ?? ""),
            ReviewField(label: "毕业学校", value: education.school ?? ""), ReviewField(label: "专业", value: education.major ?? ""),
            ReviewField(label: "入学时间", value: education.enrolledOn?.description ?? ""),
            ReviewField(label: "毕业时间", value: education.graduatedOn?.description ?? ""),
            ReviewField(label: "毕业证书编号", value: education.diplomaNumber ?? ""),
        ]
        let reviewable = declaration.status == .submitted
        entries = content.trialInstitutions.enumerated().map { index, entry in
            ReviewEntry(
                index: index, name: entry.name ?? "", department: entry.department ?? "", position: entry.position ?? "",
                period: "\(entry.startDate?.description ?? "") 至 \(entry.endDate?.description ?? (entry.current ? "今" : ""))",
                supervisor: entry.supervisorName ?? "", kind: entry.current ? "现试用单位" : "前试用单位",
                confirmation: entry.current ? "" : entry.confirmation.map { $0.confirmed ? "已确认" : "不予确认：" + ($0.note ?? "") } ?? "待确认",
                confirmable: !entry.current && reviewable, action: ReviewPaths.consoleConfirm.link(unit, declaration.id, index)
            )
        }
        attachments = content.attachments.map { item in
            ReviewAttachmentLink(
                label: item.purpose.label, href: ConsolePaths.attachment.link(item.attachment),
                isImage: files[item.attachment].map { $0.mediaType != .pdf } ?? false
            )
        }
        steps = events.map { event in
            ReviewStep(
                at: ConsoleFormat.minute(event.at),
                text: (event.actorRole == .unit ? "单位：" : "申请人：")
                    + (event.action == DeclarationStatus.Action.undoModification.rawValue
                        ? "撤销允许修改，恢复为" : "") + (DeclarationStatus(rawValue: event.toStatus)?.label ?? event.toStatus),
                reason: event.reason
            )
        }
        self.person = person
        self.exam = exam
        name = declaration.applicantName
        status = declaration.status.label
        cycle = declaration.cycle
        noAttachments = attachments.isEmpty
        self.csrf = csrf
        canApprove = view.allowedActions.contains(DeclarationStatus.Action.approve.rawValue)
        canReturn = view.allowedActions.contains(DeclarationStatus.Action.returnToCandidate.rawValue)
        canAllowModification = view.allowedActions.contains(DeclarationStatus.Action.allowModification.rawValue)
        canUndoModification = view.allowedActions.contains(DeclarationStatus.Action.undoModification.rawValue)
        approveAction = ReviewPaths.consoleApprove.link(unit, declaration.id)
        returnAction = ReviewPaths.consoleReturn.link(unit, declaration.id)
        allowAction = ReviewPaths.consoleAllowModification.link(unit, declaration.id)
        undoAction = ReviewPaths.consoleUndoModification.link(unit, declaration.id)
        back = ReviewPaths.list(unit: unit)
        self.error = error
        self.notice = notice
        // A refused previous institution blocks approval for good: the way on is a return, offered with a reason.
        offerReturn = error == TrialPeriodProblems.previousRefused.title
        returnReason = offerReturn
            ? content.trialInstitutions.filter { $0.confirmation?.confirmed == false }
                .map { "前试用机构“\($0.name ?? "")”未予确认" + ($0.confirmation?.note.map { "：\($0)" } ?? "") }.joined(separator: "；")
            : ""
    }
}

struct ReviewField: Encodable, Sendable {
    let label: String
    let value: String
}

struct ReviewEntry: Encodable, Sendable {
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

struct ReviewAttachmentLink: Encodable, Sendable {
    let label: String
    let href: String
    let isImage: Bool
}

struct ReviewStep: Encodable, Sendable {
    let at: String
    let text: String
    let reason: String?
}

/// The unit's home page panel: this cycle's deadlines and its declarations by status.
struct ReviewPanelModel: Sendable {
    struct CycleLine: Encodable, Sendable {
        let year: Int
        let opens: String
        let closes: String
        let review: String
        let trialEnd: String
        /// The window has closed and units are still reviewing.
        let reviewing: Bool
    }

    let list: String
    let cycle: CycleLine?
    let counts: [ConsoleList<Never>.Count]

    init(unit: InstitutionID, cycle current: Cycle?, now: Date, counts: [DeclarationStatus: Int]) {
        list = ReviewPaths.list(unit: unit)
        cycle = current.map {
            CycleLine(
                year: $0.year, opens: ConsoleFormat.minute($0.opensAt), closes: ConsoleFormat.minute($0.closesAt),
                review: ConsoleFormat.minute($0.reviewDeadline), trialEnd: $0.trialCompletionDeadline.description,
                reviewing: !$0.isOpen(at: now)
            )
        }
        let year = current?.year
        self.counts = DeclarationStatus.reviewable.map { status in
            ConsoleList<Never>.Count(
                label: status.label, count: counts[status] ?? 0,
                href: ReviewPaths.list(unit: unit, query: QueryString([("status", status.rawValue)]).adding("cycle", year.map { String($0) }))
            )
        }
    }
}

extension DeclarationStatus {
    /// The statuses a unit sees (never drafts).
    static var reviewable: [DeclarationStatus] { allCases.filter { $0 != .draft } }
}
