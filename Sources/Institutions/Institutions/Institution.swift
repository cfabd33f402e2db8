import Contracts
import Foundation
import Postgres

enum InstitutionStatus: String, Sendable, CaseIterable {
    case active, inactive

    /// As the console's edit form offers it.
    var label: String {
        switch self {
        case .active: "正常"
        case .inactive: "停用（人员保持绑定，不能新绑定，不出现在搜索中）"
        }
    }
}

/// One row of `institutions.institutions`: a stored model, not a wire type.
struct Institution: Sendable {
    let id: InstitutionID
    let name: String
    let uscc: String
    let usccCheckPassed: Bool
    let superiorUnit: String?
    let category: InstitutionCategory
    let region: HubeiRegion
    let address: String
    let status: InstitutionStatus
    let createdAt: Date

    static let columns: SQL = "id, name, uscc, uscc_check_passed, superior_unit, category, region, address, status, created_at"

    init(row: Row) throws {
        id = InstitutionID(try row.decode(UUID.self, "id"))
        name = try row.decode(String.self, "name")
        uscc = try row.decode(String.self, "uscc")
        usccCheckPassed = try row.decode(Bool.self, "uscc_check_passed")
        superiorUnit = try row.decode(String?.self, "superior_unit")
        category = try row.decode(code: InstitutionCategory.self, "category")
        region = try row.decode(code: HubeiRegion.self, "region")
        address = try row.decode(String.self, "address")
        status = try row.decode(code: InstitutionStatus.self, "status")
        createdAt = try row.decode(Date.self, "created_at")
    }
}

/// The checked details of an institution, from a registration, an administrator's edit or an import.
struct InstitutionDetails: Sendable, Equatable {
    let name: String
    let uscc: String
    let usccCheckPassed: Bool
    let superiorUnit: String?
    let category: InstitutionCategory
    let region: HubeiRegion
    let address: String
}

extension Institution {
    /// What other modules and clients see of it.
    var summary: InstitutionSummary {
        InstitutionSummary(id: id, name: name, uscc: uscc, superiorUnit: superiorUnit, category: category, region: region)
    }
}
