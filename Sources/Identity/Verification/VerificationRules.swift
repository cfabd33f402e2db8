import Contracts
import Foundation
import Web

/// What step 1 accepts: the name as on the document, a known document type, a number that passes its
/// type's rules, and a method the type allows. Pure code, so every rule is testable without a database.
enum VerificationRules {
    static let realName = TextInput(field: "realName", label: "真实姓名", maximumScalars: 50)
    static let rejectReason = TextInput(field: "reason", label: "驳回原因", maximumScalars: 200, multiline: true)

    static func validate(_ input: VerificationStartRequest, today: Date) throws(Problem) -> (String, DocumentType, String, VerificationMethod) {
        var problems: [FieldProblem] = []
        var name = ""
        switch realName.validate(input.realName) {
        case .success(let cleaned):
            name = cleaned
            // Decimal digits only: Character.isNumber is also true for 三, 五 and other CJK numerals.
            if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .decimalNumber }) {
                problems.append(VerificationProblems.invalidName)
            }
        case .failure(let problem):
            problems.append(problem)
        }
        let type = DocumentType(rawValue: input.documentType)
        if type == nil {
            problems.append(VerificationProblems.unknownDocumentType)
        }
        let number = DocumentNumber.normalize(input.documentNumber)
        if let type, let problem = DocumentNumber.problem(with: number, type: type, today: today) {
            problems.append(VerificationProblems.invalidDocumentNumber(problem))
        }
        let method = VerificationMethod(rawValue: input.method)
        if method == nil {
            problems.append(VerificationProblems.unknownMethod)
        } else if method == .auto, let type, !type.allowsAutomaticVerification {
            problems.append(VerificationProblems.autoNotAvailable)
        }
        guard problems.isEmpty, let type, let method else { throw Problem.validation(problems) }
        return (name, type, number, method)
    }

    static func rejection(_ input: String) throws(Problem) -> String {
        switch rejectReason.validate(input) {
        case .success(let cleaned): return cleaned
        case .failure(let problem): throw Problem.validation([problem])
        }
    }
}
