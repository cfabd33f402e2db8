import Foundation

/// Reads variables, collecting problems instead of stopping at the first.
public struct EnvironmentReader {
    public let environment: [String: String]
    /// Production refuses development defaults of the settings that say so.
    public var isProduction = false
    public private(set) var problems: [String] = []
    private let log = ReadLog()

    /// Every variable name looked up so far, so the documented list can be checked against the code.
    public var namesRead: Set<String> { log.names }

    private final class ReadLog {
        var names: Set<String> = []
    }

    public init(environment: [String: String]) { self.environment = environment }

    /// Records a problem found by a caller's own check.
    public mutating func report(_ problem: String) { problems.append(problem) }

    public func value(_ name: String) -> String? {
        log.names.insert(name)
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// A setting whose development default must not reach production (a path, a secret, a URL with a
    /// password) names itself when production leaves it unset.
    public mutating func string(_ name: String, default defaultValue: String, requiredInProduction: Bool = false) -> String {
        if let value = value(name) { return value }
        if requiredInProduction && isProduction {
            problems.append("\(name) must be set in production (the development default is not allowed)")
        }
        return defaultValue
    }

    public mutating func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) -> Int {
        guard let text = value(name) else { return defaultValue }
        guard let number = Int(text), range.contains(number) else {
            problems.append("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
            return defaultValue
        }
        return number
    }

    public mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: T) -> T where T.RawValue == String {
        guard let text = value(name) else { return defaultValue }
        guard let choice = T(rawValue: text.lowercased()) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            problems.append("\(name) must be one of \(allowed), got \"\(text)\"")
            return defaultValue
        }
        return choice
    }


    /// A duration in whole seconds.
    public mutating func seconds(_ name: String, default defaultValue: TimeInterval, in range: ClosedRange<Int>) -> TimeInterval {
        TimeInterval(integer(name, default: Int(defaultValue), in: range))
    }
}
