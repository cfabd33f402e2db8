import Console
import Contracts
import Foundation
import Hummingbird
import Web

extension RecordPages {
    struct ChangeRow {
        let field: String
        let from: String
        let to: String
    }

    @Sendable func compare(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let (unit, year, account) = (try unit(context), try year(context), try account(context))
        guard let text = context.parameters.get("version"), let number = Digits.integer(text), number >= 1 else { throw Problem.notFound }
        let other = request.uri.queryParameters["compareTo"].map(String.init).flatMap(Int.init)
        let (version, base, changes) = try await records.version(account, year: year, of: unit, number: number, comparedTo: other)
        let object: [String: Any] = [
            "version": version.version, "base": base?.version ?? 0, "back": "\(Self.base(unit))/\(year)/\(account)",
            "changes": changes.map { ChangeRow(field: RecordForm.label(of: $0.field), from: $0.from ?? "", to: $0.to ?? "") },
            "none": changes.isEmpty,
        ]
        return layout.page("版本比较", body: templates.render("diff", object), context: context)
    }
}
