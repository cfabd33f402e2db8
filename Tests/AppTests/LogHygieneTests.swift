import AppTestSupport
import Foundation
import Testing

/// The logs of a whole journey carry no personal data or secrets, and every line of a request names
/// its request id.
@Suite("Log hygiene", .timeLimit(.minutes(3)))
struct LogHygieneTests {
    @Test func aWholeJourneyLogsNoTokenCodeNameOrDocumentNumber() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let adminCode = try #require(h.sms.lastCode(to: "13100131000"))
            let confirmationCode = try await h.confirmationCode(of: p.unit, token: p.unitToken)
            _ = try await h.submittedDeclaration(p)
            _ = try await h.request(.get, "/api/v1/units/\(p.unit)/trial-applications?cycle=2026", token: p.unitToken)
            _ = try await h.saveRecord(p)
            // Failures log too: a wrong confirmation code, a malformed body, an unknown route.
            _ = try await h.bind(p.candidate, to: p.unit, code: "WRONGCDE")
            _ = try await h.request(.put, "/api/v1/me/profile", json: #"{"ethnicity":"#, token: p.candidate)
            _ = try await h.request(.get, "/api/v1/\(AppHarness.residentID(serial: 701))", token: p.candidate)

            let lines = h.app.sink.lines
            #expect(lines.count > 20)
            let secrets = [
                ("document number", AppHarness.residentID(serial: 701)), ("real name", "王小明"), ("candidate token", p.candidate),
                ("unit token", p.unitToken), ("admin token", p.admin), ("SMS code", adminCode), ("confirmation code", confirmationCode),
                ("unmasked phone", "13100131000"),
            ]
            for (what, value) in secrets {
                let leaking = lines.filter { $0.contains(value) }
                #expect(leaking.isEmpty, "the \(what) is in the log: \(leaking.prefix(2))")
            }
            let requests = h.app.logRecords.filter { ["request", "slow request"].contains($0["msg"] as? String) }
            #expect(requests.count > 10)
            #expect(requests.allSatisfy { ($0["request_id"] as? String)?.isEmpty == false && $0["route"] is String })
        }
    }
}
