import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Issue 24: every answer under /console is a console page with the console's headers, also what no
/// console route answers; malformed forms are the client's mistake (400), not a forgery (403).
@Suite("Console: answers outside the pages, HEAD, malformed forms", .timeLimit(.minutes(3)))
struct ConsoleEdgeTests {
    typealias Page = ConsoleClient

    static func expectConsolePage(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.headers[.contentType] == "text/html; charset=utf-8", sourceLocation: sourceLocation)
        #expect(response.text.contains("湖北卫生人才综合服务平台 · 管理端"), sourceLocation: sourceLocation)
        Page.expectSecurityHeaders(response, sourceLocation: sourceLocation)
    }

    @Test func anUnknownPathOrAWrongMethodIsAConsolePage() async throws {
        try await AppHarness.run { h in
            let missing = try await h.client.execute(uri: "/console/no-such-page", method: .get)
            #expect(missing.status == .notFound)
            Self.expectConsolePage(missing)
            #expect(missing.text.contains("未找到"))

            let wrong = try await h.client.execute(uri: "/console/login", method: .put)
            #expect(wrong.status == .methodNotAllowed)
            Self.expectConsolePage(wrong)
            #expect(Set((wrong.headers[.allow] ?? "").components(separatedBy: ", ")) == ["GET", "POST", "HEAD"])

            // The API keeps its JSON.
            let api = try await h.client.execute(uri: "/api/v1/no-such-thing", method: .get)
            #expect(api.headers[.contentType]?.hasPrefix("application/problem+json") == true)
        }
    }

    @Test func headOfAPageAnswersAsGetWithoutTheBody() async throws {
        try await AppHarness.run { h in
            let get = try await h.client.execute(uri: "/console/login", method: .get)
            let head = try await h.client.execute(uri: "/console/login", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentType] == get.headers[.contentType])
            Page.expectSecurityHeaders(head)
            let missing = try await h.client.execute(uri: "/console/no-such-page", method: .head)
            #expect(missing.status == .notFound)
            #expect(missing.body.readableBytes == 0)
        }
    }

    @Test func theStylesheetCarriesTheSecurityHeaders() async throws {
        try await AppHarness.run { h in
            let login = try await h.client.execute(uri: "/console/login", method: .get)
            let path = try #require(login.text.range(of: #"/console/assets/console-[0-9a-f]{16}\.css"#, options: .regularExpression))
            let asset = try await h.client.execute(uri: String(login.text[path]), method: .get)
            #expect(asset.status == .ok)
            Page.expectSecurityHeaders(asset)
        }
    }

    @Test(arguments: [
        ("text/plain", "phone=13900139001"),
        ("application/x-www-form-urlencoded", "phone=%zz&_csrf=x"),
        ("multipart/form-data; boundary=abc", "not a multipart body"),
    ])
    func aBodyThatIsNotAFormIsABadRequest(_ type: String, _ body: String) async throws {
        try await AppHarness.run { h in
            var browser = ConsoleBrowser()
            let login = try await Page.get(h, "/console/login", browser: browser)
            browser.remember(login)
            var headers = browser.header
            headers[.contentType] = type
            let answer = try await h.client.execute(uri: "/console/login/code", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(answer.status == .badRequest, "\(answer.text)")
            Self.expectConsolePage(answer)
            #expect(h.sms.sendCount == 0)
        }
    }
}
