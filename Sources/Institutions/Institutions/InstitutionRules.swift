import Contracts
import Foundation
import Web

/// What an institution's details must be, from a registration, an administrator's edit or an import row.
enum InstitutionRules {
    static let name = TextInput(field: "name", label: "单位名称", maximumScalars: 100)
    static let superiorUnit = TextInput(field: "superiorUnit", label: "主管单位", maximumScalars: 100)
    static let address = TextInput(field: "address", label: "单位地址", maximumScalars: 200)

    struct Input: Sendable {
        let name: String
        let uscc: String
        let superiorUnit: String?
        let category: String
        let region: String
        let address: String
    }

    /// `acceptFailedCheck`: a platform administrator's explicit acceptance of a code whose check
    /// character does not match (some early codes are legal nonetheless).
    static func validate(_ input: Input, acceptFailedCheck: Bool = false) -> Result<InstitutionDetails, ProblemList> {
        var problems: [FieldProblem] = []
        var cleanName = ""
        switch name.validate(input.name) {
        case .success(let text): cleanName = text
        case .failure(let problem): problems.append(problem)
        }
        var cleanSuperior: String?
        if let raw = input.superiorUnit, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            switch superiorUnit.validate(raw) {
            case .success(let text): cleanSuperior = text
            case .failure(let problem): problems.append(problem)
            }
        }
        var cleanAddress = ""
        switch address.validate(input.address) {
        case .success(let text): cleanAddress = text
        case .failure(let problem): problems.append(problem)
        }
        let uscc = USCC.normalize(input.uscc)
        var checkPassed = true
        switch USCC.verdict(uscc) {
        case .valid: break
        case .checkFails:
            checkPassed = false
            if !acceptFailedCheck { problems.append(InstitutionsProblems.usccCheckFails) }
        case .malformed: problems.append(InstitutionsProblems.invalidUSCC)
        }
        let category = InstitutionCategory(rawValue: input.category.uppercased())
        if category == nil { problems.append(InstitutionsProblems.unknownCategory) }
        let region = HubeiRegion(rawValue: input.region)
        if region == nil { problems.append(InstitutionsProblems.unknownRegion) }
        guard problems.isEmpty, let category, let region else { return .failure(ProblemList(problems: problems)) }
        return .success(InstitutionDetails(
            name: cleanName, uscc: uscc, usccCheckPassed: checkPassed, superiorUnit: cleanSuperior, category: category,
            region: region, address: cleanAddress
        ))
    }

    /// A search text: trimmed; as a USCC prefix when it can be one; its bigrams for the index.
    static func query(text raw: String?, region: String?, category: String?) throws(Problem) -> InstitutionQuery {
        var problems: [FieldProblem] = []
        let regionCode = region.map { HubeiRegion(rawValue: $0) }
        if case .some(nil) = regionCode { problems.append(FieldProblem(field: "region", code: "unknown_region", message: "未知的地区代码")) }
        let categoryCode = category.map { InstitutionCategory(rawValue: $0.uppercased()) }
        if case .some(nil) = categoryCode { problems.append(FieldProblem(field: "category", code: "unknown_category", message: "未知的机构类别")) }
        var text: String?
        if let raw {
            switch TextInput(field: "q", label: "搜索内容", maximumScalars: 100).clean(raw) {
            case .success(let cleaned): text = cleaned
            case .failure(.empty): text = nil
            case .failure(let failure): problems.append(TextInput(field: "q", label: "搜索内容", maximumScalars: 100).problem(failure))
            }
        }
        guard problems.isEmpty else { throw Problem.validation(problems) }
        let upper = text.map(USCC.normalize)
        let usccPrefix = upper.flatMap { candidate in
            candidate.count >= 2 && candidate.count <= 18 && candidate.allSatisfy(USCC.alphabet.contains) ? candidate : nil
        }
        let bigrams = text.flatMap { text -> [String]? in
            let characters = Array(text)
            guard characters.count >= 2 else { return nil }
            return Array(Set((0..<characters.count - 1).map { String(characters[$0...$0 + 1]) })).sorted()
        }
        return InstitutionQuery(text: text, usccPrefix: usccPrefix, bigrams: bigrams, region: regionCode ?? nil, category: categoryCode ?? nil)
    }
}

/// Field problems collected while validating, as an Error for `Result`.
struct ProblemList: Error, Sendable {
    let problems: [FieldProblem]
}
