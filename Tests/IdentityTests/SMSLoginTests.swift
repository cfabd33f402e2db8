import AppTestSupport
import Foundation
import HTTPTypes
import LibCrypto
import Postgres
import Web
import Testing

@Suite("SMS login (手机快捷登录)", .timeLimit(.minutes(3)))
struct SMSLoginTests {
    static let phone = "13800138000"

    @Test func logInByCodeEndToEnd() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            let sent = try await h.sendCode(to: "+86 138 0013 8000")
            #expect(sent.status == .accepted)
            #expect(sent.json["resendAfterSeconds"] as? Int == 60)
            let code = try #require(h.sms.lastCode(to: Self.phone))
            #expect(code.count == 6 && code.allSatisfy(\.isNumber))

            let login = try await h.submitCode(code, for: Self.phone)
            #expect(login.status == .ok)
            let (token, account) = try AppHarness.session(login)
            let me = try await h.request(.get, "/api/v1/me", token: token)
            #expect(me.json["id"] as? String == account)
            #expect(me.json["phone"] as? String == "138****8000")
            #expect(me.json["loginMethods"] as? [String] == ["phone"])
            #expect(!me.text.contains(Self.phone))

            // The code is stored as its HMAC-SHA256 under the row's key, never in clear. The check used to be
            // that the 32 stored bytes, read as UTF-8, do not contain the six digits: 32 random-looking bytes
            // almost never do, so it passed for any hash (a plain SHA-256 of the code, a constant) and only a
            // store of the digits themselves could fail it, and then not by length. Recomputing the HMAC fails
            // whenever what is stored is not that digest.
            let row = try await h.database.query("SELECT code_hash, code_key FROM identity.sms_codes")[0]
            let stored = Array(try row.decode(Data.self, "code_hash"))
            let key = Array(try row.decode(Data.self, "code_key"))
            #expect(stored == HMAC.sha256(key: key, message: Array(code.utf8)))
            #expect(stored != Array(code.utf8))
        }
    }

    @Test func aCodeWorksOnce() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            _ = try await h.loginBySMS(Self.phone)
            let code = try #require(h.sms.lastCode(to: Self.phone))
            let reuse = try await h.submitCode(code, for: Self.phone)
            #expect(reuse.status == .unauthorized)
            #expect(reuse.json["code"] as? String == "sms_code_expired")
        }
    }

    @Test func aCodeExpiresAfterTenMinutes() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            _ = try await h.sendCode(to: Self.phone)
            let code = try #require(h.sms.lastCode(to: Self.phone))
            h.clock.advance(by: 10 * 60 + 1)
            let late = try await h.submitCode(code, for: Self.phone)
            #expect(late.status == .unauthorized)
            #expect(late.json["code"] as? String == "sms_code_expired")
        }
    }

    @Test func aCodeForAnotherPhoneDoesNotWork() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            _ = try await h.sendCode(to: Self.phone)
            let code = try #require(h.sms.lastCode(to: Self.phone))
            let other = try await h.submitCode(code, for: "13800138001")
            #expect(other.status == .unauthorized)
        }
    }

    @Test func fiveWrongEntriesVoidTheCode() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            _ = try await h.sendCode(to: Self.phone)
            let code = try #require(h.sms.lastCode(to: Self.phone))
            let wrong = code == "000000" ? "111111" : "000000"
            for attemptsLeft in (0...4).reversed() {
                let response = try await h.submitCode(wrong, for: Self.phone)
                #expect(response.status == .unauthorized)
                #expect(response.json["code"] as? String == "sms_code_invalid")
                #expect(response.json["attemptsLeft"] as? Int == attemptsLeft)
            }
            let right = try await h.submitCode(code, for: Self.phone)
            #expect(right.status == .unauthorized)
            #expect(right.json["code"] as? String == "sms_code_expired")

            // Each failure is audited, without the code.
            let events = try await h.database.query("SELECT action, details::text AS details FROM audit.events ORDER BY id")
            let failures = try events.filter { try $0.decode(String.self, "action") == "auth.sms_code.failed" }
            #expect(failures.count == 5)
            for event in events {
                let details = try event.decode(String.self, "details")
                #expect(!details.contains(code) && !details.contains(wrong) && !details.contains(Self.phone))
            }
        }
    }

    @Test func malformedInputIsAValidationProblem() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            for phone in ["12345", "23800138000", "1380013800a", "138001380001"] {
                let response = try await h.sendCode(to: phone)
                #expect(response.status == .unprocessableContent, "\(phone) was accepted")
                #expect((response.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "invalid_phone")
            }
            let badCode = try await h.submitCode("12ab56", for: Self.phone)
            #expect(badCode.status == .unprocessableContent)
            #expect(h.sms.sendCount == 0)
        }
    }

    @Test func logsNeverHoldCodesOrTokens() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            _ = try await h.sendCode(to: Self.phone)
            let code = try #require(h.sms.lastCode(to: Self.phone))
            _ = try await h.submitCode(code == "999999" ? "888888" : "999999", for: Self.phone)
            let login = try await h.submitCode(code, for: Self.phone)
            let (token, _) = try AppHarness.session(login)
            _ = try await h.request(.get, "/api/v1/me", token: token)
            _ = try await h.request(.post, "/api/v1/auth/logout", token: token)

            let lines = h.app.sink.lines
            #expect(lines.count >= 5)
            for line in lines {
                #expect(!line.contains(code), "a log line holds the SMS code: \(line)")
                #expect(!line.contains(token), "a log line holds the token: \(line)")
                #expect(!line.contains(Self.phone), "a log line holds the phone number: \(line)")
                #expect(!line.contains(TencentCloudStub.secretKey))
            }
        }
    }
}
