import Console
import Contracts
import Foundation
import Web

// The small models the candidate's 试用期申报 pages render (`/m/declarations…`, issue 28).

/// One input with its label, value and problem; `options` makes it a select.
struct MobileFieldModel: Sendable {
    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    let name: String
    let id: String
    let label: String
    let value: String
    let type: String
    let required: Bool
    let hint: String?
    let error: String?
    let options: [Option]
    let isSelect: Bool

    init(name: String, label: String, value: String?, type: String = "text", required: Bool = false, hint: String? = nil, error: String?, options: [Option] = []) {
        self.name = name
        id = Self.id(of: name)
        self.label = label
        self.value = value ?? ""
        self.type = type
        self.required = required
        self.hint = hint
        self.error = error
        self.options = options
        isSelect = !options.isEmpty
    }

    /// `trialInstitutions[1].name` → `trialInstitutions-1-name`.
    static func id(of name: String) -> String {
        name.replacingOccurrences(of: "[", with: "-").replacingOccurrences(of: "]", with: "").replacingOccurrences(of: ".", with: "-")
    }
}

/// The problems of a page by field, each taken once it is shown next to its input; the rest go on top.
struct PageProblems {
    private var messages: [String: [String]] = [:]
    private(set) var shown: Set<String> = []
    private var order: [String] = []

    init(_ problems: [FieldProblem]) {
        for problem in problems {
            if messages[problem.field] == nil { order.append(problem.field) }
            messages[problem.field, default: []].append(problem.message)
        }
    }

    mutating func take(_ field: String) -> String? {
        guard let list = messages[field] else { return nil }
        shown.insert(field)
        return list.joined(separator: "；")
    }

    /// What no input took.
    var rest: [String] { order.filter { !shown.contains($0) }.flatMap { messages[$0] ?? [] } }
    var isEmpty: Bool { messages.isEmpty }
}

/// The wizard's steps, as the guide names them.
struct WizardStepModel: Sendable {
    let label: String
    let current: Bool
    let done: Bool

    static let labels = ["选择申报", "申报须知", "填报信息", "申报确认", "提交成功"]

    static func steps(at current: Int) -> [WizardStepModel] {
        labels.enumerated().map { WizardStepModel(label: $1, current: $0 == current, done: $0 < current) }
    }
}

/// 记录: the candidate's declarations, and starting one (or what is missing for it).
struct DeclarationListModel: Sendable {
    struct Item: Sendable {
        let id: String
        let href: String
        let title: String
        let status: String
        let statusClass: String
        let updated: String
    }

    struct Missing: Sendable {
        let text: String
        let href: String?
        let linkLabel: String?
        let id: String
    }

    let items: [Item]
    let hasItems: Bool
    let canStart: Bool
    let startHref: String
    let missing: [Missing]
    let hasMissing: Bool
}

/// A label and value of 申报详情 / 申报确认.
struct DetailRowModel: Sendable {
    let label: String
    let value: String
    let id: String?
}

struct DetailSectionModel: Sendable {
    let title: String
    let rows: [DetailRowModel]
}

struct AttachmentLinkModel: Sendable {
    let label: String
    let href: String
}

/// 申报详情 and 申报确认 share it: every section the candidate filled in.
struct DeclarationSummaryModel: Sendable {
    let sections: [DetailSectionModel]
    let attachments: [AttachmentLinkModel]
    let hasAttachments: Bool
}

/// 选择申报.
struct DeclarationChoiceModel: Sendable {
    let steps: [WizardStepModel]
    let csrf: String
    let action: String
    let applicantName: String
    let unitName: String
    let fields: [MobileFieldModel]
    let errors: [String]
    let hasErrors: Bool
}

/// 申报须知.
struct DeclarationNoticeModel: Sendable {
    let steps: [WizardStepModel]
    let csrf: String
    let action: String
    let backHref: String
    let notice: String
    let level: String
    let category: String
    let tcmSubtype: String
    let choice: String
    let acknowledgedError: String?
    let errors: [String]
    let hasErrors: Bool
}

/// One file input (a camera and a file chooser share the name).
struct UploadModel: Sendable {
    let name: String
    let id: String
    let label: String
    let hint: String?
    let multiple: Bool
    let error: String?
}

/// One 试用/工作机构 of the form.
struct EntryFormModel: Sendable {
    let index: Int
    let number: Int
    let fields: [MobileFieldModel]
    let current: Bool
    let currentId: String
    let currentError: String?
    let removeValue: String
}

struct KeptAttachmentModel: Sendable {
    let index: Int
    let label: String
    let value: String
    let href: String
    let removeValue: String
}

/// 填报信息.
struct DeclarationFormModel: Sendable {
    let steps: [WizardStepModel]
    let csrf: String
    let action: String
    let version: Int
    let notice: String?
    let errors: [String]
    let hasErrors: Bool
    let applicant: [DetailRowModel]
    let profileHref: String
    let choice: [MobileFieldModel]
    let education: [MobileFieldModel]
    let upgradeYes: Bool
    let upgradeError: String?
    let upgradeFields: [MobileFieldModel]
    let upgradeUploads: [UploadModel]
    let entries: [EntryFormModel]
    let entryCount: Int
    let entriesError: String?
    let freshGraduate: Bool
    let freshError: String?
    let freshUploads: [UploadModel]
    let showMilitary: Bool
    let activeMilitary: Bool
    let attachments: [KeptAttachmentModel]
    let hasAttachments: Bool
    let attachmentsError: String?
    let proofUploads: [UploadModel]
}

/// 申报确认.
struct DeclarationConfirmModel: Sendable {
    let steps: [WizardStepModel]
    let csrf: String
    let action: String
    let version: Int
    let formHref: String
    let summary: DeclarationSummaryModel
    let error: String?
}

/// 提交成功.
struct DeclarationDoneModel: Sendable {
    let steps: [WizardStepModel]
    let unitName: String
    let detailHref: String
    let listHref: String
}

/// 查看详情: 申报详情, 进度详情 and what the candidate may do now.
struct DeclarationDetailModel: Sendable {
    /// Names of its own: a missing member would be looked up in the page's model (its `reason`).
    struct Event: Sendable {
        let at: String
        let label: String
        let actor: String
        let eventReason: String?
        let eventReasonLabel: String
    }

    let title: String
    let status: String
    let statusClass: String
    let statusNote: String?
    let reason: String?
    let reasonLabel: String
    let summary: DeclarationSummaryModel
    let events: [Event]
    let csrf: String
    let version: Int
    let canWithdraw: Bool
    let withdrawAction: String
    let canEdit: Bool
    let editLabel: String
    let formHref: String
    let canSubmit: Bool
    let confirmHref: String
    let error: String?
}
