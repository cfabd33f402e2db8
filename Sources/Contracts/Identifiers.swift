import Foundation

/// A UUID identifier that knows what it identifies: an `AccountID` cannot be passed where an
/// `InstitutionID` is expected. Printed lower-case, as the API writes every UUID.
public struct Identifier<Tag>: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UUID
    public init(_ rawValue: UUID) { self.rawValue = rawValue }
    public var description: String { rawValue.uuidString.lowercased() }

    /// Parses UUID text; nil for anything else.
    public init?(_ text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        self.init(uuid)
    }
}

public enum AccountTag {}
public enum InstitutionTag {}
public enum AttachmentTag {}

/// An account of any kind (candidate, unit administrator, platform administrator).
public typealias AccountID = Identifier<AccountTag>
/// A medical, preventive or health-care institution (a work unit, 单位).
public typealias InstitutionID = Identifier<InstitutionTag>
/// A stored attachment (document photo, certificate, form).
public typealias AttachmentID = Identifier<AttachmentTag>
