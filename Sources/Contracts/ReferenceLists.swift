/// One list of stable codes with their Chinese labels, as `GET /api/v1/reference` shows it.
public struct ReferenceList: Sendable, Equatable {
    public let name: String
    public let items: [ReferenceItem]

    public init(name: String, items: [ReferenceItem]) {
        self.name = name
        self.items = items
    }
}

public struct ReferenceItem: Sendable, Equatable {
    public let code: String
    public let label: String

    public init(code: String, label: String) {
        self.code = code
        self.label = label
    }
}

/// What a module contributes to `GET /api/v1/reference`: the code lists its clients show. The App
/// collects every module's, so a new module adds its lists without touching a central file.
public protocol ReferenceListProvider: Sendable {
    var referenceLists: [ReferenceList] { get }
}

/// What a module contributes to `GET /api/v1/reference` that changes with data rather than with a
/// release (the eligibility table of the current cycle): members of the document beside `lists`, by
/// name; nil is written as JSON `null`.
public protocol ReferenceDataProvider: Sendable {
    func referenceData() async throws -> [String: (any Encodable & Sendable)?]
}
