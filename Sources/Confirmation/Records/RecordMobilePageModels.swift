import Console
import Contracts
import Foundation
import Web

// What the candidate's 信息确认 pages render (`RecordMobileTemplates`), built from
// `CandidateRecordService`'s results. Stored properties only: templates read them through reflection.
// Nested optionals have names of their own (`slotError`, not `error`): Mustache would otherwise find
// the page's value of the same name for an item that has none.

/// `/m/records`: the candidate's records by year, and the exam year while the unit has entered nothing.
struct MobileRecordListModel: Sendable {
    let rows: [Row]
    let hasRows: Bool
    /// The exam year when it has no record yet (guide 002, 4.2.1: the unit enters from the originals).
    let pendingYear: Int?

    struct Row: Sendable {
        let year: Int
        let href: String
        let status: String
        let statusClass: String
        let version: Int
        let updated: String
    }

    init(examYear: Int, records: [ExamRecord]) {
        rows = records.map { record in
            Row(
                year: record.year, href: ConfirmationPaths.mobileRecord.link(record.year), status: record.status.label,
                statusClass: record.status.mobileClass, version: record.currentVersion, updated: ConsoleFormat.minute(record.updatedAt)
            )
        }
        hasRows = !rows.isEmpty
        pendingYear = records.contains { $0.year == examYear } ? nil : examYear
    }
}

extension ExamRecordStatus {
    /// The stylesheet's status colour.
    var mobileClass: String {
        switch self {
        case .confirmed: "ok"
        case .awaitingConfirmation: "waiting"
        case .disputed: "refused"
        case .notEntered: ""
        }
    }
}

/// `/m/records/:year`: every section of guide 002 with its required marks, the photo slots, 确认 of
/// the version shown, 有误 with a message, what the last version changed and the history.
struct MobileRecordPageModel: Sendable {
    let year: Int
    let status: String
    let statusClass: String
    let version: Int
    let savedAt: String
    let csrf: String
    /// A refusal of the last action (a stale version, a limit): the page shows the record as it is now.
    let error: String?
    let notice: String?
    let basics: [Item]
    let sections: [Section]
    let canConfirm: Bool
    let confirmAction: String
    let canDispute: Bool
    let disputeAction: String
    let message: String
    let messageError: String?
    let fieldsError: String?
    let choices: [Choice]
    let openDispute: OpenDispute?
    let reply: Reply?
    /// What the version shown changed from the one before it (nil for the first version).
    let latest: [Change]
    let hasLatest: Bool
    let latestBase: Int
    let history: [HistoryItem]
    let photos: [PhotoSlot]
    let photoAction: String

    struct Item: Sendable {
        let label: String
        let value: String
        let required: Bool
        let filled: Bool
    }

    struct Section: Sendable {
        let id: String
        let heading: String
        /// An optional section the record leaves out (无此信息).
        let absent: Bool
        let items: [Item]
        let faces: [Face]
    }

    struct Face: Sendable {
        let faceLabel: String
        let state: String
        let uploaded: Bool
    }

    struct Choice: Sendable {
        let code: String
        let text: String
        let checked: Bool
    }

    struct OpenDispute: Sendable {
        let disputeVersion: Int
        let disputeText: String
        let disputeFields: String?
        let raisedAt: String
    }

    struct Reply: Sendable {
        let replyVersion: Int
        let replyNote: String?
    }

    struct Change: Sendable {
        let changeLabel: String
        let before: String?
        let after: String?
    }

    struct HistoryItem: Sendable {
        let number: Int
        let when: String
        let source: String
        let versionNote: String?
        let first: Bool
        let current: Bool
        let changes: [Change]
        let hasChanges: Bool
        let unchanged: Bool
    }

    struct PhotoSlot: Sendable {
        let slotID: String
        let path: String
        let slotLabel: String
        let src: String?
        let by: String?
        let canUpload: Bool
        let slotError: String?
    }

    /// The guide's names of the record's sections (信息确认 in guide 002), by the field table's id.
    static let headings = [
        "education": "学历信息", "title": "专业技术职称", "qualification": "医师资格证", "practice": "医师执业证", "nurse": "护士执业证",
        "trial": "试用期单位（当前工作单位）",
    ]

    /// What a dispute may name besides leaves: the sections, by their names in the record.
    static let disputeChoices: [(code: String, id: String)] = [
        ("education", "education"), ("title", "title"), ("qualificationCertificates", "qualification"), ("practiceCertificate", "practice"),
        ("nurseCertificate", "nurse"), ("trial", "trial"),
    ]

    init(
        _ view: RecordView, versions: [RecordVersion], csrf: String, error: String? = nil, message: String = "", messageError: String? = nil,
        fieldsError: String? = nil, checked: Set<String> = [], slotErrors: [String: String] = [:]
    ) throws {
        let record = view.record
        let current = view.current
        year = view.year
        status = view.status.label
        statusClass = view.status.mobileClass
        version = record?.currentVersion ?? 0
        savedAt = current.map { ConsoleFormat.minute($0.savedAt) } ?? ""
        self.csrf = csrf
        self.error = error
        notice = switch view.status {
        case .awaitingConfirmation: "请核对以下信息：信息无误请点击“确认无误”；如信息有误，请点击“信息有误”说明需要更正的内容，单位修改后您再次确认。"
        case .confirmed where record?.confirmedVersion == record?.currentVersion: "您已确认第 \(version) 版信息，请等待正式报名。"
        case .disputed: "您已提出更正，请等待工作单位修改；单位修改后您将收到消息，再次登录确认。"
        default: nil
        }
        basics = [
            Item(label: "姓名", value: view.candidate.realName, required: true, filled: true),
            Item(label: "证件号码", value: view.candidate.documentNumber, required: true, filled: true),
            Item(label: "申报单位", value: view.unit?.name ?? "", required: true, filled: view.unit != nil),
        ]
        let leaves = try current?.content.leaves() ?? [:]
        let attached = Dictionary(view.candidateAttachments.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        sections = Self.sections(leaves: leaves, certificates: current?.content.qualificationCertificates.count ?? 0, attached: attached)
        let actions = record == nil ? [] : [ExamRecordStatus.Action.confirm, .dispute].filter { view.status.after($0) != nil }
        canConfirm = actions.contains(.confirm)
        canDispute = actions.contains(.dispute)
        confirmAction = ConfirmationPaths.mobileConfirm.link(view.year)
        disputeAction = ConfirmationPaths.mobileDispute.link(view.year)
        self.message = message
        self.messageError = messageError
        self.fieldsError = fieldsError
        choices = Self.disputeChoices.map { Choice(code: $0.code, text: Self.headings[$0.id] ?? $0.code, checked: checked.contains($0.code)) }
        let last = view.disputes.first
        openDispute = last.flatMap { dispute in
            dispute.answeredByVersion != nil ? nil : OpenDispute(
                disputeVersion: dispute.version, disputeText: dispute.message,
                disputeFields: dispute.fields.isEmpty ? nil : dispute.fields.map(Self.label(of:)).joined(separator: "、"),
                raisedAt: ConsoleFormat.minute(dispute.raisedAt)
            )
        }
        reply = last.flatMap { dispute in dispute.answeredByVersion.map { Reply(replyVersion: $0, replyNote: view.reply?.note) } }
        let items = try Self.history(versions, current: record?.currentVersion)
        history = items
        latest = items.first.map { $0.first ? [] : $0.changes } ?? []
        hasLatest = !latest.isEmpty
        latestBase = max(0, version - 1)
        photos = (current?.content.attachmentSlots ?? []).map { slot in
            let mine = attached[slot.path]
            let src = slot.value.map { ConfirmationPaths.mobileAttachment.link($0) } ?? mine.map { ConfirmationPaths.mobileAttachment.link($0.attachment) }
            return PhotoSlot(
                slotID: RecordFormView.inputID(slot.path), path: slot.path, slotLabel: Self.photoLabel(slot.path), src: src,
                by: slot.value != nil ? "单位上传" : mine != nil ? "本人上传" : nil,
                // The unit's photo stays the unit's; an empty slot or the candidate's own may be filled.
                canUpload: slot.value == nil, slotError: slotErrors[slot.path]
            )
        }
        photoAction = ConfirmationPaths.mobilePhoto.link(view.year)
    }

    /// The sections in the guide's order, each member with its value as a reader says it.
    static func sections(leaves: [String: String], certificates: Int, attached: [String: CandidateAttachment]) -> [Section] {
        ExamRecordFields.sections.flatMap { section -> [Section] in
            let heading = headings[section.id] ?? section.title
            func build(_ prefix: String, _ heading: String) -> Section {
                let present = !section.optional || leaves.keys.contains { $0.hasPrefix(prefix + ".") }
                let items = section.members.map { member in
                    let value = leaves[prefix + "." + member.name].map { display($0, kind: member.kind) }
                    return Item(
                        label: member.label, value: value ?? "", required: !ExamRecordFields.optionalMembers.contains(section.path + "." + member.name),
                        filled: value != nil
                    )
                }
                let faces = section.photos.map { photo in
                    let path = prefix + "." + photo.name
                    let state = leaves[path] != nil ? "已上传（单位）" : attached[path] != nil ? "已上传（本人）" : "未上传"
                    return Face(faceLabel: faceLabel(photo.name), state: state, uploaded: state != "未上传")
                }
                return Section(id: RecordFormView.inputID(prefix), heading: heading, absent: !present, items: present ? items : [], faces: present ? faces : [])
            }
            guard section.id == ExamRecordFields.qualification.id else { return [build(section.path, heading)] }
            guard certificates > 0 else { return [build(section.path + "[0]", heading)] }
            return (0..<certificates).map { index in
                let prefix = "\(section.path)[\(index)]"
                let level = leaves[prefix + ".level"].flatMap { ExamLevel(rawValue: $0)?.label }
                return build(prefix, heading + (level.map { "（\($0)）" } ?? ""))
            }
        }
    }

    /// The versions (newest first) with what each changed from the one before it.
    static func history(_ versions: [RecordVersion], current: Int?) throws -> [HistoryItem] {
        let byNumber = Dictionary(versions.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        return try versions.map { version in
            let base = byNumber[version.version - 1]
            let changes = base == nil ? [] : try FieldChange.between(base?.content, version.content).map(change)
            return HistoryItem(
                number: version.version, when: ConsoleFormat.minute(version.savedAt), source: version.source == .import ? "单位导入" : "单位填报",
                versionNote: version.note, first: base == nil, current: version.version == current, changes: changes,
                hasChanges: !changes.isEmpty, unchanged: base != nil && changes.isEmpty
            )
        }
    }

    static func change(_ change: FieldChange) -> Change {
        let photo = ExamRecordFields.isAttachment(change.field)
        return Change(
            changeLabel: label(of: change.field),
            before: change.from.map { photo ? "已上传" : display(path: change.field, $0) },
            after: change.to.map { photo ? "已上传" : display(path: change.field, $0) }
        )
    }

    /// A path's label: `学历信息 · 毕业学校`, a certificate's face, or a section.
    static func label(of path: String) -> String {
        if let choice = disputeChoices.first(where: { $0.code == path }) { return headings[choice.id] ?? path }
        if ExamRecordFields.isAttachment(path) { return photoLabel(path) }
        guard let (section, member) = member(at: path) else { return path }
        return (headings[section.id] ?? section.title) + " · " + member.label
    }

    static func photoLabel(_ path: String) -> String {
        let sectionPath = String(path.prefix { $0 != "." && $0 != "[" })
        let section = ExamRecordFields.sections.first { $0.path == sectionPath }
        let heading = section.map { headings[$0.id] ?? $0.title } ?? sectionPath
        return heading + " · " + faceLabel(String(path.split(separator: ".").last ?? ""))
    }

    static func faceLabel(_ name: String) -> String {
        switch name {
        case "frontAttachmentId": "证书A面"
        case "backAttachmentId": "证书B面"
        default: "证书照片"
        }
    }

    /// The table's section and member a leaf's path names (`qualificationCertificates[1].number`).
    static func member(at path: String) -> (ExamRecordFields.Section, ExamRecordFields.Member)? {
        let parts = path.split(separator: ".", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let sectionPath = String(parts[0].prefix { $0 != "[" })
        guard let section = ExamRecordFields.sections.first(where: { $0.path == sectionPath }),
              let member = section.members.first(where: { $0.name == parts[1] })
        else { return nil }
        return (section, member)
    }

    static func display(path: String, _ value: String) -> String {
        member(at: path).map { display(value, kind: $0.1.kind) } ?? value
    }

    /// A stored leaf as a reader says it: a code's label, 是/否.
    static func display(_ value: String, kind: ExamRecordFields.Kind) -> String {
        switch kind {
        case .code(let codes): codes.choices.first { $0.code == value }?.label ?? value
        case .yesNo: value == "true" ? "是" : value == "false" ? "否" : value
        case .text, .date, .number: value
        }
    }
}
