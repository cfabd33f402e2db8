import Contracts

// The codes an exam information record is filled with, as `GET /api/v1/reference` lists them. The guide's
// form shows one value of each (医学, 卫生技术人员（医疗）, 正高, 考试, 全国统考); the other values are
// those of the provincial title system the form comes from.

/// A code list: its stable codes and Chinese labels, and the lookup the CSV import uses (a code or
/// the exact label).
protocol RecordCode: RawRepresentable<String>, CaseIterable, Sendable, Codable {
    var label: String { get }
}

extension RecordCode {
    init?(codeOrLabel text: String) {
        guard let value = Self(rawValue: text) ?? Self.allCases.first(where: { $0.label == text }) else { return nil }
        self = value
    }

    static var referenceItems: [ReferenceItem] { allCases.map { ReferenceItem(code: $0.rawValue, label: $0.label) } }
}

extension EducationLevel: RecordCode {}
extension StudyForm: RecordCode {}
extension ExamLevel: RecordCode {}
extension ExamCategory: RecordCode {}

/// 专业类型.
enum MajorType: String, RecordCode {
    case medicine
    case nonMedicine = "non_medicine"

    var label: String {
        switch self {
        case .medicine: "医学"
        case .nonMedicine: "非医学"
        }
    }
}

/// 资格系列.
enum TitleSeries: String, RecordCode {
    case healthMedical = "health_medical"
    case healthPharmacy = "health_pharmacy"
    case healthNursing = "health_nursing"
    case healthTechnology = "health_technology"
    case other

    var label: String {
        switch self {
        case .healthMedical: "卫生技术人员（医疗）"
        case .healthPharmacy: "卫生技术人员（药学）"
        case .healthNursing: "卫生技术人员（护理）"
        case .healthTechnology: "卫生技术人员（技术）"
        case .other: "其他"
        }
    }
}

/// 资格级别 of a professional title.
enum TitleLevel: String, RecordCode {
    case senior
    case associateSenior = "associate_senior"
    case intermediate
    case junior
    case assistant

    var label: String {
        switch self {
        case .senior: "正高"
        case .associateSenior: "副高"
        case .intermediate: "中级"
        case .junior: "初级(师)"
        case .assistant: "初级(士)"
        }
    }
}

/// 取得方式.
enum TitleObtainedBy: String, RecordCode {
    case exam
    case review
    case examAndReview = "exam_and_review"
    case recognition

    var label: String {
        switch self {
        case .exam: "考试"
        case .review: "评审"
        case .examAndReview: "考评结合"
        case .recognition: "认定"
        }
    }
}

/// 取得途径.
enum TitleRoute: String, RecordCode {
    case nationalExam = "national_exam"
    case provincialReview = "provincial_review"
    case municipalReview = "municipal_review"
    case institutionReview = "institution_review"
    case other

    var label: String {
        switch self {
        case .nationalExam: "全国统考"
        case .provincialReview: "省级评审"
        case .municipalReview: "市级评审"
        case .institutionReview: "单位自主评聘"
        case .other: "其他"
        }
    }
}

/// Public: the status is a Contracts type, and `LabelledStatus` (the shared `invalid_transition`) reads its label.
extension ExamRecordStatus: RecordCode {
    public var label: String {
        switch self {
        case .notEntered: "单位未填报"
        case .awaitingConfirmation: "待确认"
        case .disputed: "有异议"
        case .confirmed: "已确认"
        }
    }
}
