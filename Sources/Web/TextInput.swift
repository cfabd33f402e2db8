import Contracts
import Foundation

/// The one way free text from a client becomes stored text: normalised to NFC, trimmed, refused when it
/// holds control or format characters (Unicode Cc, Cf: NUL, BOM, zero-width and bidirectional
/// controls, which make text look empty or read differently than it is stored), and measured in
/// Unicode scalars after normalisation, which is what PostgreSQL's `char_length` counts. Measuring
/// grapheme clusters instead would let one "character" of 10 KB pass a 50-character limit.
public struct TextInput: Sendable {
    public let field: String
    public let label: String
    public let maximumScalars: Int
    /// Multi-line text (a reason, a message) may hold line feeds and tabs; nothing else of Cc or Cf.
    public let multiline: Bool

    public init(field: String, label: String, maximumScalars: Int, multiline: Bool = false) {
        self.field = field
        self.label = label
        self.maximumScalars = maximumScalars
        self.multiline = multiline
    }

    public enum Failure: Error, Sendable, Equatable {
        case empty, tooLong, forbiddenCharacter
    }

    /// The stored form of `raw`, or why it cannot be stored.
    public func clean(_ raw: String) -> Result<String, Failure> {
        // Surrounding blanks (a pasted tab or line break) are trimmed; anything left inside is judged.
        // Only Unicode White_Space is trimmed: Foundation's set also drops U+200B, which must be refused.
        let trimmed = raw.precomposedStringWithCanonicalMapping.trimmingBlanks()
        for scalar in trimmed.unicodeScalars where Self.isForbidden(scalar, multiline: multiline) {
            return .failure(.forbiddenCharacter)
        }
        if trimmed.isEmpty { return .failure(.empty) }
        if trimmed.unicodeScalars.count > maximumScalars { return .failure(.tooLong) }
        return .success(trimmed)
    }

    public enum Validated: Sendable, Equatable {
        case success(String)
        case failure(FieldProblem)
    }

    /// `clean`, with the failure as the field problem clients see.
    public func validate(_ raw: String) -> Validated {
        switch clean(raw) {
        case .success(let text): .success(text)
        case .failure(let failure): .failure(problem(failure))
        }
    }

    /// Text that may be left out or blank (nil); anything else must be clean, or its problem is collected.
    public func optional(_ raw: String?, into problems: inout [FieldProblem]) -> String? {
        guard let raw else { return nil }
        switch clean(raw) {
        case .success(let text): return text
        case .failure(.empty): return nil
        case .failure(let failure):
            problems.append(problem(failure))
            return nil
        }
    }

    /// The same, throwing the problem as a validation failure.
    public func optional(_ raw: String?) throws(Problem) -> String? {
        var problems: [FieldProblem] = []
        let text = optional(raw, into: &problems)
        if !problems.isEmpty { throw Problem.validation(problems) }
        return text
    }

    public func problem(_ failure: Failure) -> FieldProblem {
        switch failure {
        case .empty: FieldProblem(field: field, code: "required", message: "请填写\(label)")
        case .tooLong: FieldProblem(field: field, code: "too_long", message: "\(label)不能超过\(maximumScalars)个字")
        case .forbiddenCharacter: FieldProblem(field: field, code: "invalid_characters", message: "\(label)包含不可见或控制字符")
        }
    }

    static func isForbidden(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
        switch scalar.properties.generalCategory {
        case .control:
            return !(multiline && (scalar == "\n" || scalar == "\t" || scalar == "\r"))
        // Private-use and unassigned code points stay allowed: rare characters in names (生僻字) are
        // sometimes encoded there or newer than this runtime's Unicode tables.
        case .format, .lineSeparator, .paragraphSeparator, .surrogate:
            return true
        default:
            return false
        }
    }
}
