import AppTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("The caller's own account (/me)", .timeLimit(.minutes(3)))
struct MeTests {
    @Test func profileUpdatesAreValidatedAndShown() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-profile")
            let updated = try await h.request(.put, "/api/v1/me/profile", json: #"{"ethnicity":"15","email":" Zhang.San@Example.cn "}"#, token: token)
            #expect(updated.status == .ok)
            let profile = updated.json["profile"] as? [String: Any]
            #expect(profile?["ethnicity"] as? String == "15")
            #expect(profile?["email"] as? String == "zhang.san@example.cn")

            let bad = try await h.request(.put, "/api/v1/me/profile", json: #"{"ethnicity":"99","email":"not an email"}"#, token: token)
            #expect(bad.status == .unprocessableContent)
            let fields = (bad.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["ethnicity", "email"])
            // Nothing was half-written.
            let me = try await h.request(.get, "/api/v1/me", token: token)
            #expect((me.json["profile"] as? [String: Any])?["ethnicity"] as? String == "15")

            let cleared = try await h.request(.put, "/api/v1/me/profile", json: #"{"ethnicity":null,"email":null}"#, token: token)
            #expect((cleared.json["profile"] as? [String: Any])?["ethnicity"] is NSNull)
            #expect(try await h.auditActions().filter { $0 == "account.profile.update" }.count == 2)
        }
    }

    @Test func addressesBelongToTheirOwner() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-addr")
            let (other, _) = try await h.loginByWeChat("user-other")
            let home = #"{"recipient":"张三","phone":"13800138000","region":"湖北省 武汉市 武昌区","detail":"解放路 1 号"}"#
            let first = try await h.request(.post, "/api/v1/me/addresses", json: home, token: token)
            #expect(first.status == .created)
            #expect(first.json["isDefault"] as? Bool == true)  // the first address is the default
            let firstID = try #require(first.json["id"] as? String)

            let work = #"{"recipient":"张三","phone":"13800138000","region":"湖北省 武汉市 洪山区","detail":"珞瑜路 2 号","isDefault":true}"#
            let second = try await h.request(.post, "/api/v1/me/addresses", json: work, token: token)
            let secondID = try #require(second.json["id"] as? String)
            let list = try await h.request(.get, "/api/v1/me/addresses", token: token)
            let items = try #require(list.json["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == [secondID, firstID])
            #expect(items.map { $0["isDefault"] as? Bool } == [true, false])

            // Another account sees none of it and cannot touch it.
            #expect(((try await h.request(.get, "/api/v1/me/addresses", token: other)).json["items"] as? [Any])?.isEmpty == true)
            #expect(try await h.request(.put, "/api/v1/me/addresses/\(firstID)", json: home, token: other).status == .notFound)
            #expect(try await h.request(.delete, "/api/v1/me/addresses/\(firstID)", token: other).status == .notFound)
            #expect(try await h.request(.delete, "/api/v1/me/addresses/not-a-uuid", token: token).status == .notFound)

            let edited = try await h.request(.put, "/api/v1/me/addresses/\(firstID)", json: home.replacingOccurrences(of: "1 号", with: "3 号"), token: token)
            #expect(edited.json["detail"] as? String == "解放路 3 号")
            #expect(edited.json["isDefault"] as? Bool == false)

            // Deleting the default hands the flag to the oldest remaining address.
            #expect(try await h.request(.delete, "/api/v1/me/addresses/\(secondID)", token: token).status == .noContent)
            let after = try await h.request(.get, "/api/v1/me/addresses", token: token)
            #expect((after.json["items"] as? [[String: Any]])?.first?["isDefault"] as? Bool == true)

            let invalid = try await h.request(.post, "/api/v1/me/addresses", json: #"{"recipient":"","phone":"123","region":"湖北省","detail":"x"}"#, token: token)
            #expect(invalid.status == .unprocessableContent)
            #expect((invalid.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["recipient", "phone"])
        }
    }

    @Test func addressesAreLimitedPerAccount() async throws {
        try await AppHarness.run { h in
            let (token, _) = try await h.loginByWeChat("user-many")
            let body = #"{"recipient":"李四","phone":"13800138000","region":"湖北省","detail":"某路"}"#
            for _ in 0..<20 {
                #expect(try await h.request(.post, "/api/v1/me/addresses", json: body, token: token).status == .created)
            }
            let over = try await h.request(.post, "/api/v1/me/addresses", json: body, token: token)
            #expect(over.status == .conflict)
            #expect(over.json["code"] as? String == "too_many_addresses")
        }
    }

    @Test func aWeChatUserWhoBindsAPhoneReachesTheSameAccountByPhone() async throws {
        try await AppHarness.run { h in
            let phone = "13300133000"
            let (wechatToken, account) = try await h.loginByWeChat("user-bind")
            _ = try await h.sendCode(to: phone)
            let code = try #require(h.sms.lastCode(to: phone))
            let bound = try await h.request(.put, "/api/v1/me/phone", json: #"{"phone":"\#(phone)","code":"\#(code)"}"#, token: wechatToken)
            #expect(bound.status == .ok)
            #expect(bound.json["loginMethods"] as? [String] == ["wechat", "phone"])

            h.clock.advance(by: 61)
            let byPhone = try await h.loginBySMS(phone)
            #expect(byPhone.account == account)

            // A phone that belongs to someone else cannot be taken.
            let (otherToken, _) = try await h.loginByWeChat("user-thief")
            h.clock.advance(by: 61)
            _ = try await h.sendCode(to: phone)
            let stolenCode = try #require(h.sms.lastCode(to: phone))
            let stolen = try await h.request(.put, "/api/v1/me/phone", json: #"{"phone":"\#(phone)","code":"\#(stolenCode)"}"#, token: otherToken)
            #expect(stolen.status == .conflict)
            #expect(stolen.json["code"] as? String == "phone_already_bound")
        }
    }
}
