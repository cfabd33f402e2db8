import AppTestSupport
import Foundation
import HTTPTypes
import Testing

/// Text that JSONDecoder accepts but must never be stored as sent: NUL characters (libpq would cut the
/// string there), invisible or direction-changing characters, duplicate keys, and fields left out.
@Suite("Hostile text in request bodies", .timeLimit(.minutes(2)))
struct InputHardeningTests {
    @Test(arguments: [
        (#""\u0000""#, "nul_character"),
        (#""张\u0000三""#, "nul_character"),
        (#""\ufeff""#, "invalid_characters"),
        (#""张\u202e三""#, "invalid_characters"),
        (#""\u200b""#, "invalid_characters"),
    ])
    func aNameThatHidesItselfIsRefused(_ nameJSON: String, _ code: String) async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-hidden-name")
            let body = #"{"realName":\#(nameJSON),"documentType":"passport","documentNumber":"E12345678","method":"manual"}"#
            let response = try await h.request(.post, "/api/v1/me/verification", json: body, token: token)
            #expect(response.status == .unprocessableContent)
            let error = (response.json["errors"] as? [[String: Any]])?.first
            #expect(error?["field"] as? String == "realName")
            #expect(error?["code"] as? String == code)
            let rows = try await h.database.query("SELECT count(*) AS n FROM identity.verifications")[0].decode(Int.self, "n")
            #expect(rows == 0)
        }
    }

    @Test func aRejectionReasonWithANulIsRefusedAndNothingChanges() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (c, id) = try await h.pendingReview("user-nul-reason", adminToken: admin)
            let response = try await h.request(.post, "/api/v1/admin/verifications/\(id)/reject", json: #"{"reason":"\u0000 hidden"}"#, token: admin)
            #expect(response.status == .unprocessableContent)
            #expect((response.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "reason")
            #expect(try await h.request(.get, "/api/v1/me/verification", token: c.token).json["status"] as? String == "pending_review")
        }
    }

    @Test func aKeyGivenTwiceIsRefused() async throws {
        try await AppHarness.run { h in
            let response = try await h.request(.post, "/api/v1/auth/wechat", json: #"{"code":"user-a","code":"user-b"}"#)
            #expect(response.status == .unprocessableContent)
            #expect((response.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "duplicate_key")
            #expect(try await h.database.query("SELECT count(*) AS n FROM identity.accounts")[0].decode(Int.self, "n") == 0)
        }
    }

    @Test func aProfileFieldLeftOutKeepsItsValue() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-partial")
            _ = try await h.request(.put, "/api/v1/me/profile", json: #"{"ethnicity":"01","email":"a@example.cn"}"#, token: token)
            let onlyEthnicity = try await h.request(.put, "/api/v1/me/profile", json: #"{"ethnicity":"15"}"#, token: token)
            #expect(onlyEthnicity.status == .ok)
            let profile = onlyEthnicity.json["profile"] as? [String: Any]
            #expect(profile?["email"] as? String == "a@example.cn")
            #expect(profile?["ethnicity"] as? String == "15")
            let cleared = try await h.request(.put, "/api/v1/me/profile", json: #"{"email":null}"#, token: token)
            #expect((cleared.json["profile"] as? [String: Any])?["email"] is NSNull)
            #expect((cleared.json["profile"] as? [String: Any])?["ethnicity"] as? String == "15")
        }
    }

    @Test func anExplicitNullIsNotAnAbsentDefaultFlag() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-null-default")
            let body = #"{"recipient":"张三","phone":"13800138000","region":"湖北省 武汉市","detail":"解放路 1 号","isDefault":null}"#
            let response = try await h.request(.post, "/api/v1/me/addresses", json: body, token: token)
            #expect(response.status == .unprocessableContent)
            #expect((response.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "isDefault")
        }
    }

    @Test func anAddressWithAnInvisibleRecipientIsRefused() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-invisible-addr")
            let body = #"{"recipient":"\u200b","phone":"13800138000","region":"湖北省 武汉市","detail":"解放路 1 号"}"#
            let response = try await h.request(.post, "/api/v1/me/addresses", json: body, token: token)
            #expect((response.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "invalid_characters")
        }
    }
}
