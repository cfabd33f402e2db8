import Console
import Contracts
import Foundation
import Web

// What the 机构管理 templates render (`InstitutionAdminTemplates`), built from the services' results.
// Stored properties only: templates read them through reflection.

/// The search form, its results once a text is given, and the import form.
struct InstitutionSearchPage: Sendable {
    let q: String
    let action: String
    /// Nil until a text is searched.
    let list: ConsoleList<Row>?
    let importAction: String
    let importTemplate: String
    let csrf: String

    struct Row: Encodable, Sendable {
        let name: String
        let uscc: String
        let category: String
        let region: String
        let href: String
    }

    init(text: String, found: SearchCache.Page?, csrf: String) {
        q = text
        action = InstitutionsPaths.consoleInstitutions.link()
        list = found.map { found in
            let rows = found.items.map {
                Row(name: $0.name, uscc: $0.uscc, category: $0.category.label, region: $0.region.label, href: InstitutionsPaths.consoleInstitution.link($0.id))
            }
            return ConsoleList(
                Page(items: rows, nextCursor: found.next?.encoded), filters: QueryString().adding("q", text),
                link: { InstitutionsPaths.consoleInstitutions.link(query: $0) }, emptyText: "没有找到机构。", row: { $0 }
            )
        }
        importAction = InstitutionsPaths.consoleImport.link()
        importTemplate = InstitutionsPaths.consoleImportTemplate.link()
        self.csrf = csrf
    }
}

/// The edit form: the values as stored or as typed, each error next to its input.
struct InstitutionEditPage: Sendable {
    let action: String
    let back: String
    let csrf: String
    let fields: [Field]
    let categories: [ConsoleOption]
    let regions: [ConsoleOption]
    let statuses: [ConsoleOption]
    let categoryError: String?
    let regionError: String?
    let formError: String?

    struct Field: Encodable, Sendable {
        let name: String
        let label: String
        let value: String
        let fieldError: String?
    }

    /// The form's values of a stored institution.
    static func values(_ institution: Institution) -> [String: String] {
        [
            "name": institution.name, "uscc": institution.uscc, "superiorUnit": institution.superiorUnit ?? "", "address": institution.address,
            "category": institution.category.rawValue, "region": institution.region.rawValue, "status": institution.status.rawValue,
        ]
    }

    /// `errors` by field name; "" for the form as a whole.
    init(_ id: InstitutionID, values: [String: String], errors: [String: String], csrf: String) {
        action = InstitutionsPaths.consoleInstitution.link(id)
        back = InstitutionsPaths.consoleInstitutions.link()
        self.csrf = csrf
        fields = [("name", "单位名称"), ("uscc", "统一社会信用代码"), ("superiorUnit", "主管单位"), ("address", "地址")].map {
            Field(name: $0.0, label: $0.1, value: values[$0.0] ?? "", fieldError: errors[$0.0])
        }
        categories = ConsoleOption.all(InstitutionCategory.self, selected: values["category"].flatMap(InstitutionCategory.init(rawValue:)), label: \.label)
        regions = ConsoleOption.all(HubeiRegion.self, selected: values["region"].flatMap(HubeiRegion.init(rawValue:)), label: \.label)
        statuses = ConsoleOption.all(InstitutionStatus.self, selected: values["status"].flatMap(InstitutionStatus.init(rawValue:)), label: \.label)
        categoryError = errors["category"]
        regionError = errors["region"]
        formError = errors[""]
    }
}

/// What an import did: counts and every bad line with its reason.
struct InstitutionImportPage: Sendable {
    let created: Int
    let updated: Int
    let unchanged: Int
    let badCount: Int
    let bad: [BadLine]
    let back: String

    struct BadLine: Encodable, Sendable {
        let line: Int
        let reason: String
    }

    init(_ report: InstitutionImporter.Report) {
        created = report.created
        updated = report.updated
        unchanged = report.unchanged
        badCount = report.bad.count
        bad = report.bad.map { BadLine(line: $0.line, reason: $0.reason) }
        back = InstitutionsPaths.consoleInstitutions.link()
    }
}
