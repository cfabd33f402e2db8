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
