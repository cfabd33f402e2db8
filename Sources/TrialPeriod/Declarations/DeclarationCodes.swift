import Contracts

// The codes a declaration is filled with, as `GET /api/v1/reference` lists them.

/// 中医类别 (sub-types of `tcm`): 中医, 中西医结合, and the 民族医 of the rules.
enum TCMSubtype: String, CaseIterable, Sendable {
    case tcm, integrated, mongolian, tibetan, uyghur, dai, korean, zhuang, kazakh

    var label: String {
        switch self {
        case .tcm: "中医"
        case .integrated: "中西医结合"
        case .mongolian: "蒙医"
        case .tibetan: "藏医"
        case .uyghur: "维医"
        case .dai: "傣医"
        case .korean: "朝医"
        case .zhuang: "壮医"
        case .kazakh: "哈萨克医"
        }
    }
}

enum EducationLevel: String, CaseIterable, Sendable {
    case doctorate, master, bachelor
    case juniorCollege = "junior_college"
    case secondary, other

    var label: String {
        switch self {
        case .doctorate: "博士研究生"
        case .master: "硕士研究生"
        case .bachelor: "本科"
        case .juniorCollege: "专科"
        case .secondary: "中专"
        case .other: "其他"
        }
    }
}

enum StudyForm: String, CaseIterable, Sendable {
    case fullTime = "full_time"
    case adult
    case selfStudy = "self_study"
    case distance, open, other

    var label: String {
        switch self {
        case .fullTime: "全日制普通高等教育"
        case .adult: "成人高等教育"
        case .selfStudy: "自学考试"
        case .distance: "网络/远程教育"
        case .open: "开放教育"
        case .other: "其他"
        }
    }
}

/// The purposes a declaration's attachments may have, and how many of each.
enum DeclarationAttachmentPurpose: String, CaseIterable, Sendable {
    case commitmentLetter = "commitment_letter"
    case otherProof = "other_proof"
    case hmtApplicationForm = "hmt_application_form"
    case foreignApplicationForm = "foreign_application_form"
    case militaryProof = "military_proof"

    var attachmentPurpose: AttachmentPurpose? { AttachmentPurpose(rawValue: rawValue) }

    var label: String {
        switch self {
        case .commitmentLetter: "承诺书"
        case .otherProof: "其他证明材料"
        case .hmtApplicationForm: "台湾、香港、澳门居民参加国家医师资格考试实习申请审核表"
        case .foreignApplicationForm: "外籍人员参加中国医师资格考试实习申请审核表"
        case .militaryProof: "部队证明材料"
        }
    }
}

extension ExamCategory {
    /// `rural_general` (乡村全科) exists at the assistant level only.
    func allowed(at level: ExamLevel) -> Bool {
        self != .ruralGeneral || level == .assistantPhysician
    }
}
