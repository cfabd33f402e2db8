import Console
import Contracts
import Foundation
import Web

// What a unit's own pages render (`UnitTemplates`), built from the services' results. Stored
// properties only: templates read them through reflection.

/// The institution's details as a unit's pages show them.
struct UnitField: Encodable, Sendable {
    let label: String
    let value: String

    static func all(_ institution: Institution) -> [UnitField] {
        [
            UnitField(label: "单位名称", value: institution.name), UnitField(label: "机构编码", value: institution.uscc),
            UnitField(label: "主管单位", value: institution.superiorUnit ?? ""), UnitField(label: "机构类别", value: institution.category.label),
            UnitField(label: "所在地区", value: institution.region.label), UnitField(label: "地址", value: institution.address),
        ]
    }
}

/// The unit's home: the institution and every module's panel (HTML each panel rendered itself).
struct UnitHomePage: Sendable {
    let name: String
    let fields: [UnitField]
    let panels: [String]
    let info: String

    init(_ institution: Institution, panels: [String]) {
        name = institution.name
        fields = UnitField.all(institution)
        self.panels = panels
        info = InstitutionsPaths.consoleInfo.link(institution.id)
    }
}

/// 单位信息: the code, the administrators, the staff with a name search.
struct UnitInfoPage: Sendable {
    let name: String
    let fields: [UnitField]
    let code: String
    let rotatedAt: String
    let rotate: String
    let admins: [Admin]
    let q: String
    let search: String
    let staff: ConsoleList<StaffRow>
    let addAdmin: String
    let csrf: String
    let home: String
    let error: String?

    struct StaffRow: Encodable, Sendable {
        let name: String
        let number: String
        let since: String
        let endAction: String
        let accountID: String
        let isAdministrator: Bool
    }

    struct Admin: Encodable, Sendable {
        let name: String
        let revokeAction: String
    }

    init(
        _ institution: Institution, code: (code: String, rotatedAt: Date), filter: StaffFilter, staff: Page<StaffMemberResponse>,
        administrators: [AdministratorResponse], csrf: String, error: String?
    ) {
        let unit = institution.id
        name = institution.name
        fields = UnitField.all(institution)
        self.code = code.code
        rotatedAt = ConsoleFormat.minute(code.rotatedAt)
        rotate = InstitutionsPaths.consoleRotateCode.link(unit)
        admins = administrators.map {
            Admin(name: $0.realName ?? "（未实名）", revokeAction: InstitutionsPaths.consoleRevokeAdministrator.link(unit, $0.accountId))
        }
        let q = filter.nameContaining.flatMap { $0.isEmpty ? nil : $0 }
        self.q = q ?? ""
        search = InstitutionsPaths.consoleInfo.link(unit)
        let adminIDs = Set(administrators.map(\.accountId))
        self.staff = ConsoleList(
            staff, filters: QueryString().adding("q", q), link: { InstitutionsPaths.consoleInfo.link(unit, query: $0) }, emptyText: "没有找到人员。"
        ) { member in
            StaffRow(
                name: member.realName ?? "", number: member.documentNumberMasked ?? "", since: ConsoleFormat.minute(member.since),
                endAction: InstitutionsPaths.consoleEndEmployment.link(unit, member.accountId), accountID: member.accountId,
                isAdministrator: adminIDs.contains(member.accountId)
            )
        }
        addAdmin = InstitutionsPaths.consoleAdministrators.link(unit)
        self.csrf = csrf
        home = InstitutionsPaths.consoleUnit.link(unit)
        self.error = error
    }
}

/// The confirmation step before a new code.
struct UnitRotatePage: Sendable {
    let action: String
    let back: String
    let csrf: String

    init(unit: InstitutionID, csrf: String) {
        action = InstitutionsPaths.consoleRotateCode.link(unit)
        back = InstitutionsPaths.consoleInfo.link(unit)
        self.csrf = csrf
    }
}
