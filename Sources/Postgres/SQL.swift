/// SQL text, which can only be written as a string literal in source code: `SQL` is expressible by a
/// string literal but not by string interpolation, so `"… WHERE id = \(input)"` does not compile and
/// values must travel as parameters (`$1`). Fragments the code itself owns (a column list, an
/// isolation level, a migration file) join with `+`, or come through `trusted(_:)`, the one escape
/// hatch, which is easy to grep for and must never see client input.
public struct SQL: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let text: String

    public init(stringLiteral value: StaticString) {
        text = value.description
    }

    private init(text: String) {
        self.text = text
    }

    /// Text the program itself produced from constants or from files it ships (migrations).
    public static func trusted(_ text: String) -> SQL {
        SQL(text: text)
    }

    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        SQL(text: lhs.text + rhs.text)
    }

    public var description: String { text }
}
