import Contracts
import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Identity
import LibCrypto
import Testing
import Web

@testable import App

@Suite("Roles", .timeLimit(.minutes(3)))
struct RoleTests {

    /// Probes on the role route groups; the handlers check nothing themselves.
    static func probes(_ routes: BuiltRoutes) {
        routes.modules.platformAdmin.get("/test/platform") { _, _ -> HTTPResponse.Status in .ok }
        routes.modules.unitAdmin().get("/test") { _, _ -> HTTPResponse.Status in .ok }
    }

    @Test func rolesAreEnforcedAndShownOnMe() async throws {
        try await AppHarness.run(extraRoutes: Self.probes) { h in
            let unitA = InstitutionID(try await TestInstitutions.create("甲医院", serial: 1, in: h.database))
            let unitB = InstitutionID(try await TestInstitutions.create("乙医院", serial: 2, in: h.database))
            let phone = "13500135000"
            let (token, _) = try await h.loginBySMS(phone)
            #expect(try await h.request(.get, "/api/v1/admin/test/platform", token: token).status == .forbidden)
            #expect(try await h.request(.get, "/api/v1/units/\(unitA)/test", token: token).status == .notFound)
            #expect(try await h.request(.get, "/api/v1/admin/test/platform").status == .unauthorized)

            let roles = RoleAdministration(database: h.database)
            #expect(try await roles.grant(.platformAdmin, toPhone: PhoneNumber(phone)!, origin: .commandLine))
            #expect(try await !roles.grant(.platformAdmin, toPhone: PhoneNumber(phone)!, origin: .commandLine))
            #expect(try await roles.grant(.unitAdmin(unitA), toPhone: PhoneNumber(phone)!, origin: .commandLine))

            // Roles apply to the existing session at once.
            #expect(try await h.request(.get, "/api/v1/admin/test/platform", token: token).status == .ok)
            #expect(try await h.request(.get, "/api/v1/units/\(unitA)/test", token: token).status == .ok)
            #expect(try await h.request(.get, "/api/v1/units/\(unitB)/test", token: token).status == .notFound)
            #expect(try await h.request(.get, "/api/v1/units/not-a-uuid/test", token: token).status == .notFound)
            let me = try await h.request(.get, "/api/v1/me", token: token)
            let shown = (me.json["roles"] as? [[String: Any]])?.compactMap { $0["role"] as? String }
            #expect(shown == ["platform_admin", "unit_admin"])

            #expect(try await roles.revoke(.platformAdmin, fromPhone: PhoneNumber(phone)!, origin: .commandLine))
            #expect(try await h.request(.get, "/api/v1/admin/test/platform", token: token).status == .forbidden)
            let actions = try await h.auditActions()
            #expect(actions.filter { $0 == "account.role.grant" }.count == 2)
            #expect(actions.filter { $0 == "account.role.revoke" }.count == 1)
        }
    }

    @Test func grantingToANewPhonePreparesTheAccount() async throws {
        try await AppHarness.run(extraRoutes: Self.probes) { h in
            let phone = "13500135001"
            try await RoleAdministration(database: h.database).grant(.platformAdmin, toPhone: PhoneNumber(phone)!, origin: .commandLine)
            // Its owner logs in by SMS for the first time and is already an administrator.
            let (token, _) = try await h.loginBySMS(phone)
            #expect(try await h.request(.get, "/api/v1/admin/test/platform", token: token).status == .ok)
        }
    }
}
