import AppTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Binding the work unit (绑定/更新/解绑工作单位)", .timeLimit(.minutes(3)))
struct EmploymentTests {
    @Test func aVerifiedCandidateBindsChangesAndUnbindsWithHistory() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (unitA, a) = try await h.approvedInstitution("武汉大学人民医院", serial: 101, admin: admin)
            let (unitB, b) = try await h.approvedInstitution("武汉市中心医院", serial: 102, admin: admin)
            let (firstToken, _) = try await h.verifiedCandidate("user-binder", serial: 1)
            let codeB = try await h.confirmationCode(of: b, token: unitB)

            let bound = try await h.bind(firstToken, to: a, code: try await h.confirmationCode(of: a, token: unitA).lowercased())
            #expect(bound.status == .ok, "\(bound.text)")
            let me = try await h.request(.get, "/api/v1/me", token: firstToken)
            #expect((me.json["employment"] as? [String: Any])?["name"] as? String == "武汉大学人民医院")

            h.clock.advance(by: 86_400)
            let (token, _) = try await h.loginByWeChat("user-binder")  // a day later: a new session
            let changed = try await h.bind(token, to: b, code: codeB)
            #expect(changed.status == .ok)
            #expect((changed.json["current"] as? [String: Any]).flatMap { $0["institution"] as? [String: Any] }?["name"] as? String == "武汉市中心医院")
            let history = try #require(changed.json["history"] as? [[String: Any]])
            #expect(history.count == 2)
            #expect(history.last?["until"] is String)  // the first period was closed

            #expect(try await h.request(.delete, "/api/v1/me/employment", token: token).status == .noContent)
            let after = try await h.request(.get, "/api/v1/me/employment", token: token)
            #expect(after.json["current"] is NSNull)
            #expect((after.json["history"] as? [Any])?.count == 2)
            #expect(try await h.request(.delete, "/api/v1/me/employment", token: token).status == .conflict)
            #expect((try await h.request(.get, "/api/v1/me", token: token)).json["employment"] is NSNull)
            let actions = try await h.auditActions()
            #expect(actions.contains("employment.bind") && actions.contains("employment.change") && actions.contains("employment.unbind"))
        }
    }

    @Test func anUnverifiedAccountCannotBind() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (unit, id) = try await h.approvedInstitution("湖北省人民医院", serial: 111, admin: admin)
            let (token, _) = try await h.loginByWeChat("user-unverified-binder")
            let response = try await h.bind(token, to: id, code: try await h.confirmationCode(of: id, token: unit))
            #expect(response.status == .forbidden)
            #expect(response.json["code"] as? String == "verification_required")
        }
    }

    @Test func fiveWrongCodesLockTheAccountForAnHourEvenAgainstTheRightCode() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (unit, id) = try await h.approvedInstitution("黄石市中心医院", serial: 121, admin: admin)
            let right = try await h.confirmationCode(of: id, token: unit)
            let (token, _) = try await h.verifiedCandidate("user-guesser", serial: 2)
            for attemptsLeft in (0...4).reversed() {
                let wrong = try await h.bind(token, to: id, code: "WRONG234")
                #expect(wrong.status == .unprocessableContent)
                #expect(wrong.json["code"] as? String == "wrong_confirmation_code")
                #expect(wrong.json["attemptsLeft"] as? Int == attemptsLeft)
            }
            let locked = try await h.bind(token, to: id, code: right)
            #expect(locked.status == .tooManyRequests)
            #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 0)
            h.clock.advance(by: 3601)
            let (later, _) = try await h.loginByWeChat("user-guesser")
            #expect(try await h.bind(later, to: id, code: right).status == .ok)
            let failures = try await h.database.query("SELECT count(*) AS n FROM audit.events WHERE action = 'employment.code_failed'")[0].decode(Int.self, "n")
            #expect(failures == 5)
        }
    }

    @Test func twentyConcurrentWrongCodesCountExactlyFive() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (_, id) = try await h.approvedInstitution("十堰市人民医院", serial: 131, admin: admin)
            let (token, _) = try await h.verifiedCandidate("user-racing-guesser", serial: 3)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<20 { group.addTask { try await h.bind(token, to: id, code: "WRONG234").status } }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unprocessableContent }.count == 5)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 15)
        }
    }

    @Test func aRotatedCodeStopsTheOldOneAtOnce() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (unit, id) = try await h.approvedInstitution("宜昌市中心人民医院", serial: 141, admin: admin)
            let old = try await h.confirmationCode(of: id, token: unit)
            let rotated = try await h.request(.post, "/api/v1/units/\(id)/confirmation-code/rotate", token: unit)
            let new = try #require(rotated.json["code"] as? String)
            #expect(new != old)
            #expect(try await h.confirmationCode(of: id, token: unit) == new)
            let (token, _) = try await h.verifiedCandidate("user-late", serial: 4)
            #expect(try await h.bind(token, to: id, code: old).status == .unprocessableContent)
            #expect(try await h.bind(token, to: id, code: new).status == .ok)
        }
    }

    @Test func anInactiveInstitutionCannotBeBoundAndLeavesSearch() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (unit, id) = try await h.approvedInstitution("即将停用医院", serial: 151, admin: admin)
            let code = try await h.confirmationCode(of: id, token: unit)
            let (staff, _) = try await h.verifiedCandidate("user-stays", serial: 5)
            #expect(try await h.bind(staff, to: id, code: code).status == .ok)
            // Searched before, so the page is in the search cache: the change must still be seen at once.
            let before = try await h.request(.get, "/api/v1/institutions?q=%E5%81%9C%E7%94%A8", token: staff)
            #expect((before.json["items"] as? [Any])?.count == 1)
            let body = #"{"name":"即将停用医院","uscc":"\#(TestInstitutions.uscc(151))","superiorUnit":null,"category":"A","region":"420100","address":"武汉","status":"inactive"}"#
            let edited = try await h.request(.put, "/api/v1/admin/institutions/\(id)", json: body, token: admin)
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(edited.json["status"] as? String == "inactive")
            let (newcomer, _) = try await h.verifiedCandidate("user-newcomer", serial: 6)
            #expect(try await h.bind(newcomer, to: id, code: code).status == .unprocessableContent)
            // Staff stay bound; search no longer shows it.
            #expect((try await h.request(.get, "/api/v1/me/employment", token: staff)).json["current"] is [String: Any])
            let search = try await h.request(.get, "/api/v1/institutions?q=%E5%81%9C%E7%94%A8", token: newcomer)
            #expect((search.json["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aRefusedReactivationLeavesTheDetailsUnchanged() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (_, id) = try await h.approvedInstitution("同名停用医院", serial: 161, admin: admin)
            func body(address: String, status: String) -> String {
                #"{"name":"同名停用医院","uscc":"\#(TestInstitutions.uscc(161))","superiorUnit":null,"category":"A","region":"420100","address":"\#(address)","status":"\#(status)"}"#
            }
            let off = try await h.request(.put, "/api/v1/admin/institutions/\(id)", json: body(address: "武汉", status: "inactive"), token: admin)
            #expect(off.status == .ok, "\(off.text)")
            // Another active institution takes the name; reactivating the first is refused as a whole.
            _ = try await TestInstitutions.create("同名停用医院", serial: 162, in: h.database)
            let on = try await h.request(.put, "/api/v1/admin/institutions/\(id)", json: body(address: "宜昌", status: "active"), token: admin)
            #expect(on.status == .conflict, "\(on.text)")
            let row = try await h.database.query("SELECT address, status FROM institutions.institutions WHERE id = $1::uuid", [id])[0]
            #expect(try row.decode(String.self, "address") == "武汉")
            #expect(try row.decode(String.self, "status") == "inactive")
            let edits = try await h.database.query(
                "SELECT count(*)::int AS n FROM audit.events WHERE entity_id::text = $1 AND action = 'institution.edit'", [id]
            )[0]
            #expect(try edits.decode(Int.self, "n") == 1)
        }
    }
}
