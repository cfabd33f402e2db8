import Contracts
import Hummingbird
import Web

extension PageRequest {
    /// The console's pages: 20 rows after the `cursor` in the query, if any.
    public static func consolePage(_ request: Request) throws -> PageRequest {
        guard let text = request.uri.queryParameters["cursor"].map(String.init), !text.isEmpty else { return PageRequest(limit: 20) }
        guard let cursor = KeysetCursor(encoded: text) else { throw PageRequest.invalidCursor }
        return PageRequest(limit: 20, cursor: cursor)
    }
}

extension Problem {
    /// A refusal in one line for the top of a page: the title and each field's message.
    public var consoleMessage: String {
        ([title] + errors.map(\.message)).joined(separator: "：")
    }
}
