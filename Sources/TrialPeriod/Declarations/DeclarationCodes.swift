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

/// The purposes a declaration's attachments may have (`GET /api/v1/reference` lists them as
/// `trialApplicationAttachmentPurposes`).
enum DeclarationAttachmentPurpose: String, CaseIterable, Sendable {
    case commitmentLetter = "commitment_letter"
    case otherProof = "other_proof"
    case hmtApplicationForm = "hmt_application_form"
    case foreignApplicationForm = "foreign_application_form"
    /// Either military proof, from before the two were told apart: still accepted (drafts hold it), but
    /// a 现役军人 needs `militaryEducationProof` and `militaryTrialProof`.
    case militaryProof = "military_proof"
    case militaryEducationProof = "military_education_proof"
    case militaryTrialProof = "military_trial_proof"
    case workExperienceProof = "work_experience_proof"
    case trialAssessmentForm = "trial_assessment_form"
    case practiceAssessmentProof = "practice_assessment_proof"

    var attachmentPurpose: AttachmentPurpose? { AttachmentPurpose(rawValue: rawValue) }

    var label: String {
        switch self {
        case .commitmentLetter: "承诺书"
        case .otherProof: "其他证明材料"
        case .hmtApplicationForm: "台湾、香港、澳门居民参加国家医师资格考试实习申请审核表"
        case .foreignApplicationForm: "外籍人员参加中国医师资格考试实习申请审核表"
        case .militaryProof: "部队证明材料"
        case .militaryEducationProof: "部队学历证明"
        case .militaryTrialProof: "部队试用期考核合格证明"
        case .workExperienceProof: "工作经历证明"
        case .trialAssessmentForm: "试用期考核合格表"
        case .practiceAssessmentProof: "执业期考核证明"
        }
    }
}
