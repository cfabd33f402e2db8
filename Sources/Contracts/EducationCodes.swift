// Education codes that both a trial declaration and an exam information record are filled with
// (学历层级, 学习形式); TrialPeriod lists them in `GET /api/v1/reference`.

/// 学历层级.
public enum EducationLevel: String, CaseIterable, Sendable, Codable {
    case doctorate, master, bachelor
    case juniorCollege = "junior_college"
    case secondary, other

    public var label: String {
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

/// 学习形式.
public enum StudyForm: String, CaseIterable, Sendable, Codable {
    case fullTime = "full_time"
    case adult
    case selfStudy = "self_study"
    case distance, open, other

    public var label: String {
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

