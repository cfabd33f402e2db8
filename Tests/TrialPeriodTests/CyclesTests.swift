import AppTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Exam cycles: created and edited by platform administrators, read by candidates", .timeLimit(.minutes(3)))
struct CyclesTests {
    @Test func aPlatformAdministratorCreatesListsAndEditsACycle() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            try await h.openCycle(admin: admin)
            let duplicate = try await h.request(.post, "/api/v1/admin/cycles", json: AppHarness.cycleBody(), token: admin)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.json["code"] as? String == "cycle_exists")
            let edited = try await h.request(.put, "/api/v1/admin/cycles/2026", json: AppHarness.cycleBody(months: 18, includeYear: false), token: admin)
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(edited.json["requiredTrialMonths"] as? Int == 18)
            let list = try await h.request(.get, "/api/v1/admin/cycles", token: admin)
            #expect((list.json["items"] as? [[String: Any]])?.map { $0["requiredTrialMonths"] as? Int } == [18])
            #expect(try await h.request(.put, "/api/v1/admin/cycles/2031", json: AppHarness.cycleBody(includeYear: false), token: admin).status == .notFound)
            #expect(try await h.auditActions().filter { $0.hasPrefix("trial.cycle.") } == ["trial.cycle.create", "trial.cycle.update"])
        }
    }

    @Test func aCycleWithItsDatesOutOfOrderIsRefusedWithEveryProblem() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            let body = AppHarness.cycleBody(opensAt: "2026-07-01T00:00:00+08:00", reviewDeadline: "2026-06-01T00:00:00+08:00", months: 0)
            let response = try await h.request(.post, "/api/v1/admin/cycles", json: body, token: admin)
            #expect(response.status == .unprocessableContent)
            #expect(Set(AppHarness.fields(response)) == ["closesAt", "reviewDeadline", "requiredTrialMonths"], "\(response.text)")
        }
    }

    @Test func onlyPlatformAdministratorsManageCycles() async throws {
        try await AppHarness.run { h in
            let (candidate, _) = try await h.loginByWeChat("user-plain")
            #expect(try await h.request(.post, "/api/v1/admin/cycles", json: AppHarness.cycleBody(), token: candidate).status == .forbidden)
            #expect(try await h.request(.get, "/api/v1/trial/cycles/current", token: candidate).json["code"] as? String == "no_open_cycle")
        }
    }

    @Test func theReferenceListsNameEveryTrialCode() async throws {
        try await AppHarness.run { h in
            let reference = try await h.request(.get, "/api/v1/reference")
            let lists = try #require(reference.json["lists"] as? [String: Any])
            func codes(_ name: String) -> [String] {
                let items = (lists[name] as? [[String: Any]]) ?? []
                return items.compactMap { $0["code"] as? String }
            }
            #expect(codes("examLevels") == ["physician", "assistant_physician"], "\(reference.text.prefix(300))")
            #expect(codes("examCategories") == ["clinical", "dental", "public_health", "tcm", "rural_general"])
            #expect(codes("tcmSubtypes").count == 9)
            #expect(codes("educationLevels") == ["doctorate", "master", "bachelor", "junior_college", "secondary", "other"])
            #expect(codes("studyForms") == ["full_time", "adult", "self_study", "distance", "open", "other"])
        }
    }
}
