import AppTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("The unit's review: other units, candidates and the candidate's own declaration", .timeLimit(.minutes(3)))
struct UnitReviewAccessTests {
    @Test func anotherUnitsAdministratorAndAPlainCandidateGet404() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let (otherUnitToken, otherUnit) = try await h.approvedInstitution("武汉市第八医院", serial: 390, admin: p.admin)
            let paths = [
                "/api/v1/units/\(p.unit)/trial-applications", "/api/v1/units/\(p.unit)/trial-applications/\(id)",
            ]
            for path in paths {
                #expect(try await h.request(.get, path, token: otherUnitToken).status == .notFound, "\(path)")
                #expect(try await h.request(.get, path, token: p.candidate).status == .notFound, "\(path)")
            }
            // Through its own unit's path, another unit still does not find the declaration.
            #expect(try await h.request(.get, "/api/v1/units/\(otherUnit)/trial-applications/\(id)", token: otherUnitToken).status == .notFound)
            #expect(try await h.request(.post, "/api/v1/units/\(otherUnit)/trial-applications/\(id)/approve", token: otherUnitToken).status == .notFound)
            // Another candidate does not find someone else's declaration.
            let (stranger, _) = try await h.loginByWeChat("user-stranger")
            #expect(try await h.request(.get, "/api/v1/trial/applications/\(id)", token: stranger).status == .notFound)
            #expect(try await h.request(.get, "/api/v1/trial/applications/\(id)/events", token: stranger).status == .notFound)
        }
    }

    @Test func anAdministratorCannotReviewTheirOwnDeclaration() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let granted = try await h.request(.post, "/api/v1/units/\(p.unit)/admins", json: #"{"accountId":"\#(p.account)"}"#, token: p.unitToken)
            #expect(granted.status == .ok, "\(granted.text)")
            let (selfReviewer, _) = try await h.loginByWeChat("user-trial-1")  // new session carries the role
            let response = try await h.request(.post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/approve", token: selfReviewer)
            #expect(response.status == .forbidden)
            #expect(response.json["code"] as? String == "own_case")
        }
    }

    @Test func theListFiltersByStatusLevelAndNameAndPagesThroughEverything() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            _ = try await h.submittedDeclaration(p)
            var ids: [String] = []
            for serial in 2...4 {
                let (token, _) = try await h.verifiedCandidate("user-colleague-\(serial)", serial: 800 + serial, name: ["", "", "李一", "李二", "李三"][serial])
                #expect(try await h.request(.put, "/api/v1/me/profile", json: #"{"ethnicity":"01"}"#, token: token).status == .ok)
                _ = try await h.bind(token, to: p.unit, code: try await h.confirmationCode(of: p.unit, token: p.unitToken))
                ids.append(try await h.submittedDeclaration(token, unitName: p.unitName))
            }
            let base = "/api/v1/units/\(p.unit)/trial-applications"
            #expect(try await h.request(.post, "\(base)/\(ids[0])/approve", token: p.unitToken).status == .ok)
            let approved = try await h.request(.get, "\(base)?status=approved", token: p.unitToken)
            #expect((approved.json["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [ids[0]])
            #expect((approved.json["counts"] as? [String: Int]) == ["submitted": 3, "approved": 1, "returned": 0, "modification_allowed": 0])
            let named = try await h.request(.get, "\(base)?q=%E7%8E%8B", token: p.unitToken)  // 王
            #expect((named.json["items"] as? [[String: Any]])?.map { $0["applicantName"] as? String } == ["王小明"])
            #expect(((try await h.request(.get, "\(base)?level=assistant_physician", token: p.unitToken)).json["items"] as? [Any])?.isEmpty == true)
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await h.request(.get, "\(base)?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""), token: p.unitToken)
                seen += (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = page.json["nextCursor"] as? String
            } while cursor != nil
            #expect(seen.count == 4 && Set(seen).count == 4)
            let bad = try await h.request(.get, "\(base)?status=draft&level=x", token: p.unitToken)
            #expect(Set(AppHarness.fields(bad)) == ["status", "level"])
        }
    }
}
