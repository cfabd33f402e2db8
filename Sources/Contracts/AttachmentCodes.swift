/// What an upload is for: a code every module that uses attachments agrees on. The purpose decides the
/// size limit (Attachments) and where a file may be used (the module that links it).
public enum AttachmentPurpose: String, CaseIterable, Sendable, Codable {
    case idDocumentFront = "id_document_front"
    case idDocumentBack = "id_document_back"
    /// Either military proof, from before the two were told apart (kept for the uploads that have it).
    case militaryProof = "military_proof"
    case educationCertificate = "education_certificate"
    case degreeCertificate = "degree_certificate"
    case titleCertificate = "title_certificate"
    case qualificationCertificate = "qualification_certificate"
    case practiceCertificate = "practice_certificate"
    case commitmentLetter = "commitment_letter"
    case hmtApplicationForm = "hmt_application_form"
    case foreignApplicationForm = "foreign_application_form"
    case otherProof = "other_proof"
    case institutionLicence = "institution_licence"
    /// 试用期考核合格表 (military candidates, and trial declarations that ask for it).
    case trialAssessmentForm = "trial_assessment_form"
    /// 工作经历证明 and other proof of practice for a trial declaration.
    case workExperienceProof = "work_experience_proof"
    /// 执业期考核证明: the unit's assessment of an assistant's years of practice (the upgrade route).
    case practiceAssessmentProof = "practice_assessment_proof"
    /// 现役军人: the education proof of a 团级以上 political department.
    case militaryEducationProof = "military_education_proof"
    /// 现役军人: the trial assessment proof of a 团级以上 political department.
    case militaryTrialProof = "military_trial_proof"

    public var label: String {
        switch self {
        case .idDocumentFront: "证件正面(人像面)"
        case .idDocumentBack: "证件反面(国徽面)"
        case .militaryProof: "部队证明材料"
        case .educationCertificate: "学历证书"
        case .degreeCertificate: "学位证书"
        case .titleCertificate: "专业技术职务资格证书"
        case .qualificationCertificate: "医师资格证书"
        case .practiceCertificate: "医师执业证书"
        case .commitmentLetter: "承诺书"
        case .hmtApplicationForm: "台湾、香港、澳门居民参加国家医师资格考试实习申请审核表"
        case .foreignApplicationForm: "外籍人员参加中国医师资格考试实习申请审核表"
        case .otherProof: "其他证明材料"
        case .institutionLicence: "医疗机构执业许可证"
        case .trialAssessmentForm: "试用期考核合格表"
        case .workExperienceProof: "工作经历证明"
        case .practiceAssessmentProof: "执业期考核证明"
        case .militaryEducationProof: "部队学历证明"
        case .militaryTrialProof: "部队试用期考核合格证明"
        }
    }
}

/// The file types attachments may have, by their MIME type.
public enum AttachmentMediaType: String, Sendable, CaseIterable, Codable {
    case jpeg = "image/jpeg"
    case png = "image/png"
    case pdf = "application/pdf"
}
