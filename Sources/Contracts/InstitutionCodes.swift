/// 卫生机构类别, first level of WS 218: stable codes A–P (no I).
public enum InstitutionCategory: String, CaseIterable, Sendable, Codable {
    case A, B, C, D, E, F, G, H, J, K, L, M, N, O, P

    public var label: String {
        switch self {
        case .A: "医院"
        case .B: "社区卫生服务中心(站)"
        case .C: "卫生院"
        case .D: "门诊部、诊所、医务室、村卫生室"
        case .E: "急救中心(站)"
        case .F: "采供血机构"
        case .G: "妇幼保健院(所、站)"
        case .H: "专科疾病防治院(所、站)"
        case .J: "疾病预防控制中心(防疫站)"
        case .K: "卫生监督所(中心)"
        case .L: "卫生监督检验(监测、检测)机构"
        case .M: "医学科学研究机构"
        case .N: "医学在职培训机构"
        case .O: "健康教育所(站、中心)"
        case .P: "其他卫生机构"
        }
    }
}

/// Hubei's prefecture-level divisions by their GB/T 2260 codes.
public enum HubeiRegion: String, CaseIterable, Sendable, Codable {
    case wuhan = "420100", huangshi = "420200", shiyan = "420300", yichang = "420500", xiangyang = "420600"
    case ezhou = "420700", jingmen = "420800", xiaogan = "420900", jingzhou = "421000", huanggang = "421100"
    case xianning = "421200", suizhou = "421300", enshi = "422800", xiantao = "429004", qianjiang = "429005"
    case tianmen = "429006", shennongjia = "429021"

    public var label: String {
        switch self {
        case .wuhan: "武汉市"
        case .huangshi: "黄石市"
        case .shiyan: "十堰市"
        case .yichang: "宜昌市"
        case .xiangyang: "襄阳市"
        case .ezhou: "鄂州市"
        case .jingmen: "荆门市"
        case .xiaogan: "孝感市"
        case .jingzhou: "荆州市"
        case .huanggang: "黄冈市"
        case .xianning: "咸宁市"
        case .suizhou: "随州市"
        case .enshi: "恩施土家族苗族自治州"
        case .xiantao: "仙桃市"
        case .qianjiang: "潜江市"
        case .tianmen: "天门市"
        case .shennongjia: "神农架林区"
        }
    }
}
