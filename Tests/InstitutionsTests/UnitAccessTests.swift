import AppTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Unit administration is for that unit's administrators only", .timeLimit(.minutes(3)))
struct UnitAccessTests {
    static let endpoints: [(HTTPRequest.Method, String, String?)] = [
        (.get, "", nil), (.get, "/confirmation-code", nil), (.post, "/confirmation-code/rotate", nil), (.get, "/staff", nil),
        (.delete, "/staff/00000000-0000-4000-8000-000000000001", #"{"reason":"离职"}"#), (.get, "/admins", nil),
        (.post, "/admins", #"{"accountId":"00000000-0000-4000-8000-000000000001"}"#),
        (.delete, "/admins/00000000-0000-4000-8000-000000000001", nil),
    ]

    @Test func anotherUnitsAdministratorAndACandidateGet404Everywhere() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (_, unitA) = try await h.approvedInstitution("甲单位医院", serial: 201, admin: admin)
            let (otherAdmin, _) = try await h.approvedInstitution("乙单位医院", serial: 202, admin: admin)
            let (candidate, _) = try await h.loginByWeChat("user-plain")
            for caller in [otherAdmin, candidate, admin] {
                for (method, path, body) in Self.endpoints {
                    let response = try await h.request(method, "/api/v1/units/\(unitA)\(path)", json: body, token: caller)
                    #expect(response.status == .notFound, "\(method) \(path): \(response.status)")
                }
            }
        }
    }

    @Test func administratorsSeeStaffEndBindingsAndManageAdministratorsButNeverTheLast() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (unitAdmin, unit) = try await h.approvedInstitution("丙单位医院", serial: 203, admin: admin)
            let code = try await h.confirmationCode(of: unit, token: unitAdmin)
            let (staffToken, staffAccount) = try await h.verifiedCandidate("user-staff-a", serial: 7, name: "赵医生")
            let (otherToken, otherAccount) = try await h.verifiedCandidate("user-staff-b", serial: 8, name: "钱护士")
            _ = try await h.bind(staffToken, to: unit, code: code)
            h.clock.advance(by: 1)
            _ = try await h.bind(otherToken, to: unit, code: code)

            let staff = try await h.request(.get, "/api/v1/units/\(unit)/staff", token: unitAdmin)
            let items = try #require(staff.json["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["realName"] as? String } == ["赵医生", "钱护士"])
            #expect((items.first?["documentNumberMasked"] as? String)?.contains("****") == true)
            #expect(!staff.text.contains(AppHarness.residentID(serial: 7)))
            let filtered = try await h.request(.get, "/api/v1/units/\(unit)/staff?q=%E9%92%B1", token: unitAdmin)  // 钱
            #expect((filtered.json["items"] as? [[String: Any]])?.compactMap { $0["realName"] as? String } == ["钱护士"])

            #expect(try await h.request(.delete, "/api/v1/units/\(unit)/staff/\(staffAccount)", json: #"{"reason":"已离职"}"#, token: unitAdmin).status == .noContent)
            #expect((try await h.request(.get, "/api/v1/me/employment", token: staffToken)).json["current"] is NSNull)

            // The registrant is the only administrator and cannot be removed; a second one can be added.
            let admins = try await h.request(.get, "/api/v1/units/\(unit)/admins", token: unitAdmin)
            let first = try #require((admins.json["items"] as? [[String: Any]])?.first?["accountId"] as? String)
            #expect(try await h.request(.delete, "/api/v1/units/\(unit)/admins/\(first)", token: unitAdmin).status == .conflict)
            let added = try await h.request(.post, "/api/v1/units/\(unit)/admins", json: #"{"accountId":"\#(otherAccount)"}"#, token: unitAdmin)
            #expect((added.json["items"] as? [Any])?.count == 2)
            #expect(try await h.request(.get, "/api/v1/units/\(unit)/confirmation-code", token: otherToken).status == .ok)
            #expect(try await h.request(.delete, "/api/v1/units/\(unit)/admins/\(first)", token: otherToken).status == .noContent)
            // Whose binding the unit ended is no longer its staff, and is not made its administrator.
            let former = try await h.request(.post, "/api/v1/units/\(unit)/admins", json: #"{"accountId":"\#(staffAccount)"}"#, token: otherToken)
            #expect(former.status == .unprocessableContent, "\(former.text)")
            #expect(former.json["code"] as? String == "not_unit_staff")
            _ = staffToken
        }
    }

    @Test func onlyTheUnitsBoundStaffAreMadeItsAdministrators() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let (unitAdmin, unit) = try await h.approvedInstitution("丁单位医院", serial: 204, admin: admin)
            let (otherAdmin, otherUnit) = try await h.approvedInstitution("戊单位医院", serial: 205, admin: admin)
            let (elsewhereToken, elsewhere) = try await h.verifiedCandidate("user-staff-c", serial: 9, name: "孙医生")
            #expect(try await h.bind(elsewhereToken, to: otherUnit, code: try await h.confirmationCode(of: otherUnit, token: otherAdmin)).status == .ok)
            let (_, unbound) = try await h.verifiedCandidate("user-staff-d", serial: 10, name: "李医生")
            for account in [elsewhere, unbound] {
                let refused = try await h.request(.post, "/api/v1/units/\(unit)/admins", json: #"{"accountId":"\#(account)"}"#, token: unitAdmin)
                #expect(refused.status == .unprocessableContent, "\(refused.text)")
                #expect(refused.json["code"] as? String == "not_unit_staff")
                #expect((refused.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "accountId")
            }
            let admins = try await h.request(.get, "/api/v1/units/\(unit)/admins", token: unitAdmin)
            #expect((admins.json["items"] as? [Any])?.count == 1)
            #expect(try await h.request(.get, "/api/v1/units/\(unit)/confirmation-code", token: elsewhereToken).status == .notFound)
        }
    }
}
