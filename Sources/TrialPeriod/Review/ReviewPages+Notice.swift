import Contracts
import Foundation
import Hummingbird

extension ReviewPages {
    /// What the last action did, shown on the page it leads to (`?done=…&of=…`). The page names the
    /// declaration by looking it up (the unit's own only), so a crafted link cannot make it say anything.
    enum Done: String {
        case approved, returned, modificationAllowed = "modification_allowed"
        case modificationUndone = "modification_undone"

        func text(name: String) -> String {
            switch self {
            case .approved: "已审核通过 \(name) 的试用期申报。"
            case .returned: "已将 \(name) 的试用期申报退回修改。"
            case .modificationAllowed: "已允许 \(name) 修改试用期申报。"
            case .modificationUndone: "已撤销对 \(name) 的“允许修改”，申报恢复为审核通过。"
            }
        }
    }

    /// The line that says what the last action did, from the query, or nil.
    func notice(_ request: Request, unit: InstitutionID) async -> String? {
        let parameters = request.uri.queryParameters
        guard let done = parameters["done"].flatMap({ Done(rawValue: String($0)) }),
              let id = parameters["of"].flatMap({ UUID(uuidString: String($0)) }),
              let view = try? await reviews.view(id, of: unit)
        else { return nil }
        return done.text(name: view.declaration.applicantName)
    }
}
