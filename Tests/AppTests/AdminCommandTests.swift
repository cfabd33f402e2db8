import AppTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Postgres
import TestSupport
import Testing

@Suite("Administration commands", .timeLimit(.minutes(3)))
struct AdminCommandTests {
    @Test func grantAndRevokeRolesFromTheCommandLine() async throws {
        let name = try await TestDatabase.create(from: .migratedTemplate)
        let environment = [
            "DATABASE_URL": TestDatabase.adminSettings.url.replacingOccurrences(of: "/postgres?", with: "/\(name)?"),
            "LOG_FORMAT": "json",
        ]
        let database = Database(settings: TestDatabase.settings(for: name), poolSize: 1, logger: TestDatabase.logger)
        let institution = try await TestInstitutions.create("测试医院", serial: 1, in: database).uuidString.lowercased()
        await database.close()

        let grant = try TestBinary.run(["admin", "grant-role", "platform_admin", "--phone", "13900139000"], environment: environment)
        #expect(grant.status == 0, "\(grant.stderr)")
        #expect(grant.stdout.contains("granted platform_admin to 139****9000"))
        let unit = try TestBinary.run(["admin", "grant-role", "unit_admin", "--institution", institution, "--phone", "13900139000"], environment: environment)
        #expect(unit.status == 0)

        let db = Database(settings: TestDatabase.settings(for: name), poolSize: 1, logger: TestDatabase.logger)
        let roles = try await db.query(
            "SELECT r.role, r.institution_id::text AS institution FROM identity.roles r JOIN identity.accounts a ON a.id = r.account_id WHERE a.phone = $1 ORDER BY r.role",
            ["13900139000"]
        ).map { (try $0.decode(String.self, "role"), try $0.decode(String?.self, "institution")) }
        #expect(roles.map(\.0) == ["platform_admin", "unit_admin"])
        #expect(roles.last?.1 == institution)

        let revoke = try TestBinary.run(["admin", "revoke-role", "platform_admin", "--phone", "13900139000"], environment: environment)
        #expect(revoke.status == 0)
        let left = try await db.query("SELECT count(*) AS n FROM identity.roles")[0].decode(Int.self, "n")
        #expect(left == 1)
        let audited = try await db.query("SELECT count(*) AS n FROM audit.events WHERE action LIKE 'account.role.%'")[0].decode(Int.self, "n")
        #expect(audited == 3)
        await db.close()

        let missingInstitution = try TestBinary.run(["admin", "grant-role", "unit_admin", "--phone", "13900139000"], environment: environment)
        #expect(missingInstitution.status != 0)
        #expect(missingInstitution.stderr.contains("--institution"))
        let badPhone = try TestBinary.run(["admin", "grant-role", "platform_admin", "--phone", "12345"], environment: environment)
        #expect(badPhone.status != 0)
    }
}
