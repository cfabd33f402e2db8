import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 15: 机构注册审核 in the console.
@Suite("Console: institution registrations", .timeLimit(.minutes(3)))
struct ConsoleRegistrationTests {
    typealias Page = ConsoleClient

    /// A verified account's registration, waiting; answers its id and the registrant's token.
    static func submitted(_ h: AppHarness, _ name: String, serial: Int) async throws -> (id: String, token: String) {
        let (token, _) = try await h.verifiedCandidate("user-registrant-\(serial)", serial: 500 + serial)
        let licence = try await h.upload(Samples.jpeg(seed: UInt8(serial)), purpose: "institution_licence", token: token)
        let body = AppHarness.registrationBody(name: name, uscc: TestInstitutions.uscc(serial), licence: try #require(licence.json["id"] as? String))
        let submitted = try await h.request(.post, "/api/v1/institution-registrations", json: body, token: token)
        #expect(submitted.status == .created, "\(submitted.text)")
        return (try #require(submitted.json["id"] as? String), token)
    }

    @Test func theAdministratorSeesTheLicenceAndApprovesOrRejects() async throws {
        try await AppHarness.run { h in
            let first = try await Self.submitted(h, "宜昌市控制台医院", serial: 31)
            let second = try await Self.submitted(h, "襄阳市控制台医院", serial: 32)
            let browser = try await ConsoleClient.platformConsole(h)

            let queue = try await Page.get(h, "/console/platform/registrations", browser: browser)
            #expect(queue.text.contains("宜昌市控制台医院") && queue.text.contains("襄阳市控制台医院"))
            let page = try await Page.get(h, "/console/platform/registrations/\(first.id)", browser: browser)
            #expect(page.status == .ok)
            let licence = try #require(page.text.range(of: #"/console/attachments/[0-9a-f-]{36}"#, options: .regularExpression))
            let image = try await Page.get(h, String(page.text[licence]), browser: browser)
            #expect(image.status == .ok)
            #expect(image.headers[.contentType] == "image/jpeg")

            let csrf = try #require(Page.csrf(in: page))
            let approved = try await Page.post(h, "/console/platform/registrations/\(first.id)/approve", [("_csrf", csrf)], browser: browser)
            #expect(approved.status == .seeOther, "\(approved.text)")
            #expect(approved.headers[.location] == "/console/platform/registrations/\(second.id)")
            let mine = try await h.request(.get, "/api/v1/institution-registrations/mine", token: first.token)
            #expect((mine.json["items"] as? [[String: Any]])?.first?["status"] as? String == "approved")
            // The registrant is now the unit's administrator (their /me shows the role).
            let roles = try await h.request(.get, "/api/v1/me", token: first.token).json["roles"] as? [[String: Any]]
            #expect(roles?.contains { $0["role"] as? String == "unit_admin" } == true)

            let blank = try await Page.post(h, "/console/platform/registrations/\(second.id)/reject", [("_csrf", csrf), ("reason", "")], browser: browser)
            #expect(blank.status == .unprocessableContent)
            let rejected = try await Page.post(h, "/console/platform/registrations/\(second.id)/reject", [("_csrf", csrf), ("reason", "许可证照片不清晰")], browser: browser)
            #expect(rejected.headers[.location] == "/console/platform/registrations")
            let theirs = try await h.request(.get, "/api/v1/institution-registrations/mine", token: second.token)
            #expect((theirs.json["items"] as? [[String: Any]])?.first?["rejectReason"] as? String == "许可证照片不清晰")
        }
    }
}
