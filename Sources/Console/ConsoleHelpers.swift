import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

extension PageRequest {
    /// The console's pages: 20 rows after the `cursor` in the query, if any.
    public static func consolePage(_ request: Request) throws -> PageRequest {
        guard let text = request.uri.queryParameters["cursor"].map(String.init), !text.isEmpty else { return PageRequest(limit: 20) }
        guard let cursor = KeysetCursor(encoded: text), cursor.isTimePosition else { throw PageRequest.invalidCursor }
        return PageRequest(limit: 20, cursor: cursor)
    }
}

extension Problem {
    /// A refusal in one line for the top of a page: the title and each field's message.
    public var consoleMessage: String {
        ([title] + errors.map(\.message)).joined(separator: "：")
    }
}

/// What every form of the console does: read the form, run the action through the module's service;
/// a refusal (anything but 404, which stays a "not found" page) shows the page again with the reason
/// at the top and changes nothing; success goes on to `then` (303, so a reload never resubmits).
public enum ConsoleAction {
    public static func run(
        _ request: Request, context: AppRequestContext,
        _ action: (FormBody) async throws -> Void,
        refused: (_ message: String, _ status: HTTPResponse.Status) async throws -> ConsolePage,
        then destination: () async throws -> String
    ) async throws -> Response {
        let form = try await FormBody.read(request)
        do {
            try await action(form)
        } catch let problem as Problem where problem.status != 404 {
            return try await refused(problem.consoleMessage, HTTPResponse.Status(code: problem.status)).response(from: request, context: context)
        }
        return ConsolePage.redirect(to: try await destination())
    }
}

extension ConsoleAction {
    /// A platform reviewer's decision on the case the path's `id` names (a verification, a registration):
    /// `decision` through the module's service; a refusal shows the case again (`review`) with the
    /// reason; success goes on to the first case `waiting` lists that the reviewer did not submit
    /// (nobody decides their own case), or back to `queue` when there is none.
    public static func decide(
        _ request: Request, context: AppRequestContext, queue: String,
        _ decision: (UUID, FormBody) async throws -> Void,
        review: (UUID, _ message: String, _ status: HTTPResponse.Status) async throws -> ConsolePage,
        waiting: () async throws -> [(submitter: AccountID, link: String)]
    ) async throws -> Response {
        let id = try context.uuidParameter("id")
        let caller = try context.requireCaller()
        return try await run(request, context: context) { form in
            try await decision(id, form)
        } refused: { message, status in
            try await review(id, message, status)
        } then: {
            try await waiting().first { $0.submitter != caller.accountID }?.link ?? queue
        }
    }
}
