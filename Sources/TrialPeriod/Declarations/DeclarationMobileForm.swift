import Console
import Contracts
import Foundation

/// The 填报信息 form of the candidate's pages as typed: each input is named by the JSON path of the
/// member it fills (`education.school`, `trialInstitutions[1].name`), so the form becomes the very
/// `DeclarationEditRequest` a `PUT /trial/applications/{id}` decodes to, and every problem the service
/// reports by path lands next to its input.
struct DeclarationFormState: Sendable {
    /// A file already part of the draft (or uploaded with this form), carried as `purpose:id`.
    struct KeptAttachment: Sendable, Equatable {
        let purpose: String
        let id: String

        var encoded: String { "\(purpose):\(id)" }

        init(purpose: String, id: String) {
            self.purpose = purpose
            self.id = id
        }

        init?(encoded: String) {
            let parts = encoded.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            self.init(purpose: parts[0], id: parts[1])
        }
    }

    static let educationTexts = ["education.school", "education.major", "education.diplomaNumber"]
    static let educationDates = ["education.enrolledOn", "education.graduatedOn"]
    static let upgradeTexts = ["assistantUpgrade.qualificationCertificateNumber", "assistantUpgrade.practiceCertificateNumber"]
    static let upgradeDates = ["assistantUpgrade.practiceRegisteredOn", "assistantUpgrade.qualifiedOn"]
    static let entryTexts = ["name", "department", "position", "supervisorName"]
    static let entryDates = ["startDate", "endDate"]
    /// Every single-valued input besides the entries.
    static let names = ["level", "category", "tcmSubtype", "education.level", "education.studyForm", "assistantUpgrade.qualificationCategory"]
        + educationTexts + educationDates + upgradeTexts + upgradeDates

    var version: Int
    /// Input name → what it holds (blank inputs are absent).
    var values: [String: String] = [:]
    var entryCount = 0
    var currentEntry: Int?
    var upgrade = false
    var freshGraduate = false
    var activeMilitary = false
    var attachments: [KeptAttachment] = []

    static func entryName(_ index: Int, _ field: String) -> String { "trialInstitutions[\(index)].\(field)" }

    /// The stored draft, as the form shows it.
    init(_ declaration: Declaration) {
        version = declaration.version
        let content = declaration.content
        func set(_ name: String, _ value: String?) { if let value { values[name] = value } }
        set("level", content.level.rawValue)
        set("category", content.category.rawValue)
        set("tcmSubtype", content.tcmSubtype?.rawValue)
        let education = content.education
        set("education.level", education.level?.rawValue)
        set("education.studyForm", education.studyForm?.rawValue)
        set("education.school", education.school)
        set("education.major", education.major)
        set("education.diplomaNumber", education.diplomaNumber)
        set("education.enrolledOn", education.enrolledOn?.description)
        set("education.graduatedOn", education.graduatedOn?.description)
        if let upgrade = content.assistantUpgrade {
            self.upgrade = true
            set("assistantUpgrade.qualificationCertificateNumber", upgrade.qualificationCertificateNumber)
            set("assistantUpgrade.practiceCertificateNumber", upgrade.practiceCertificateNumber)
            set("assistantUpgrade.practiceRegisteredOn", upgrade.practiceRegisteredOn?.description)
            set("assistantUpgrade.qualificationCategory", upgrade.qualificationCategory?.rawValue)
            set("assistantUpgrade.qualifiedOn", upgrade.qualifiedOn?.description)
        }
        // A draft without any 试用/工作机构 yet shows one empty entry to fill in.
        entryCount = max(1, content.trialInstitutions.count)
        for (index, entry) in content.trialInstitutions.enumerated() {
            set(Self.entryName(index, "name"), entry.name)
            set(Self.entryName(index, "department"), entry.department)
            set(Self.entryName(index, "position"), entry.position)
            set(Self.entryName(index, "supervisorName"), entry.supervisorName)
            set(Self.entryName(index, "startDate"), entry.startDate?.description)
            set(Self.entryName(index, "endDate"), entry.endDate?.description)
            if entry.current { currentEntry = index }
        }
        freshGraduate = content.freshGraduate
        activeMilitary = content.activeMilitary
        attachments = content.attachments.map { KeptAttachment(purpose: $0.purpose.rawValue, id: $0.attachment.description) }
    }

    /// The submitted form. `maximumEntries` bounds what is read, whatever the form claims.
    init(form: FormBody, maximumEntries: Int) {
        version = Int(form["version"] ?? "") ?? 0
        func text(_ name: String) -> String? {
            guard let value = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        for name in Self.names { values[name] = text(name) }
        // One more than allowed is read, so the service names the excess.
        entryCount = max(0, min(Int(form["entryCount"] ?? "") ?? 0, maximumEntries + 1))
        for index in 0..<entryCount {
            for field in Self.entryTexts + Self.entryDates { values[Self.entryName(index, field)] = text(Self.entryName(index, field)) }
        }
        currentEntry = Int(form["currentEntry"] ?? "")
        upgrade = form["assistantUpgrade"] == "yes"
        freshGraduate = form["freshGraduate"] == "true"
        activeMilitary = form["activeMilitary"] == "true"
        attachments = form.all("attachment").compactMap(KeptAttachment.init(encoded:))
    }

    mutating func removeEntry(_ index: Int) {
        guard index >= 0, index < entryCount else { return }
        for later in index..<(entryCount - 1) {
            for field in Self.entryTexts + Self.entryDates { values[Self.entryName(later, field)] = values[Self.entryName(later + 1, field)] }
        }
        for field in Self.entryTexts + Self.entryDates { values[Self.entryName(entryCount - 1, field)] = nil }
        if let current = currentEntry {
            currentEntry = current == index ? nil : current > index ? current - 1 : current
        }
        entryCount -= 1
    }

    /// The `PUT` body this form stands for.
    var request: DeclarationEditRequest {
        let education = DeclarationEditRequest.EducationBody(
            level: values["education.level"], studyForm: values["education.studyForm"], school: values["education.school"],
            major: values["education.major"], enrolledOn: values["education.enrolledOn"], graduatedOn: values["education.graduatedOn"],
            diplomaNumber: values["education.diplomaNumber"]
        )
        let upgradeBody = upgrade
            ? DeclarationEditRequest.AssistantUpgradeBody(
                qualificationCertificateNumber: values["assistantUpgrade.qualificationCertificateNumber"],
                practiceCertificateNumber: values["assistantUpgrade.practiceCertificateNumber"],
                practiceRegisteredOn: values["assistantUpgrade.practiceRegisteredOn"],
                qualificationCategory: values["assistantUpgrade.qualificationCategory"], qualifiedOn: values["assistantUpgrade.qualifiedOn"]
            )
            : nil
        let entries = (0..<entryCount).map { index in
            DeclarationEditRequest.TrialInstitutionBody(
                name: values[Self.entryName(index, "name")], department: values[Self.entryName(index, "department")],
                position: values[Self.entryName(index, "position")], startDate: values[Self.entryName(index, "startDate")],
                endDate: values[Self.entryName(index, "endDate")], supervisorName: values[Self.entryName(index, "supervisorName")],
                current: currentEntry == index
            )
        }
        return DeclarationEditRequest(
            version: version, level: values["level"] ?? "", category: values["category"] ?? "", tcmSubtype: values["tcmSubtype"],
            education: education, assistantUpgrade: upgradeBody, freshGraduate: freshGraduate, trialInstitutions: entries,
            attachments: attachments.map { DeclarationEditRequest.AttachmentBody(purpose: $0.purpose, attachmentId: $0.id) },
            activeMilitary: activeMilitary
        )
    }
}

/// What the candidate pressed at 填报信息: every button saves the draft first.
enum DeclarationFormAction: Equatable {
    /// 保存草稿 (also Enter in a field).
    case save
    /// 下一步: save, then 申报确认 unless submitting would be refused.
    case next
    /// 添加一条: save with one more, empty, 试用/工作机构.
    case addEntry
    case removeEntry(Int)
    case removeAttachment(Int)

    init(_ text: String?) {
        switch text {
        case "next": self = .next
        case "add-entry": self = .addEntry
        case let text? where text.hasPrefix("remove-entry-"): self = Int(text.dropFirst("remove-entry-".count)).map(Self.removeEntry) ?? .save
        case let text? where text.hasPrefix("remove-attachment-"):
            self = Int(text.dropFirst("remove-attachment-".count)).map(Self.removeAttachment) ?? .save
        default: self = .save
        }
    }
}
