/// Identity documents a candidate can verify with, by their stable API codes.
public enum DocumentType: String, CaseIterable, Sendable, Codable {
    case residentID = "resident_id"
    case hkMacauPermit = "hk_macau_permit"
    case taiwanPermit = "taiwan_permit"
    case hmtResidencePermit = "hmt_residence_permit"
    case foreignPermanentResidentID = "foreign_permanent_resident_id"
    case passport = "passport"
    case militaryID = "military_id"

    public var label: String {
        switch self {
        case .residentID: "居民身份证"
        case .hkMacauPermit: "港澳居民来往内地通行证"
        case .taiwanPermit: "台湾居民来往大陆通行证"
        case .hmtResidencePermit: "港澳台居民居住证"
        case .foreignPermanentResidentID: "外国人永久居留身份证"
        case .passport: "护照"
        case .militaryID: "军官证/士兵证"
        }
    }

    /// Only the resident ID can be checked automatically; every other document goes to a reviewer.
    public var allowsAutomaticVerification: Bool { self == .residentID }
}
