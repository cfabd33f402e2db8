import AppTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Exam information: who may read and write, and races", .timeLimit(.minutes(5)))
struct RecordAccessTests {
    @Test func anotherUnitNeitherReadsNorWritesTheRecord() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p)
            let (otherToken, otherUnit) = try await h.approvedInstitution("武汉市第三医院", serial: 390, admin: p.admin)
            let paths = ["/api/v1/units/\(otherUnit)/exam-records/2026/\(p.account)", "/api/v1/units/\(p.unit)/exam-records/2026/\(p.account)"]
            for path in paths {
                #expect(try await h.request(.get, path, token: otherToken).status == .notFound, "\(path)")
                #expect(try await h.request(.put, path, json: AppHarness.recordBody(version: 1), token: otherToken).status == .notFound, "\(path)")
                #expect(try await h.request(.get, path + "/versions", token: otherToken).status == .notFound)
                // A candidate cannot use the unit's endpoints either.
                #expect(try await h.request(.get, path, token: p.candidate).status == .notFound)
            }
            #expect(try await h.request(.get, "/api/v1/units/\(otherUnit)/exam-records?year=2026", token: otherToken).json["counts"] as? [String: Int]
                == ["not_entered": 0, "awaiting_confirmation": 0, "disputed": 0, "confirmed": 0])
        }
    }

    @Test func aCandidateSeesOnlyTheirOwnRecord() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p)
            let (other, _) = try await h.verifiedCandidate("user-record-3", serial: 813, name: "钱七")
            let theirs = try await h.myRecord(other)
            #expect(theirs.json["status"] as? String == "not_entered")
            #expect((theirs.json["candidate"] as? [String: Any])?["realName"] as? String == "钱七")
            #expect(try await h.confirmRecord(other, version: 1).json["code"] as? String == "not_entered")
        }
    }

    @Test func aCandidateWhoLeftTheUnitIsNoLongerItsToEdit() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p)
            #expect(try await h.request(.delete, "/api/v1/me/employment", token: p.candidate).status == .noContent)
            #expect(try await h.request(.get, h.recordPath(p), token: p.unitToken).status == .notFound)
            // The candidate still sees what was entered.
            #expect(try await h.myRecord(p.candidate).json["version"] as? Int == 1)
        }
    }

    @Test func twoFirstSavesFiredTogetherMakeOneRecord() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await h.request(.put, h.recordPath(p), json: AppHarness.recordBody(), token: p.unitToken).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 5, "\(statuses)")
            let versions = try await h.request(.get, h.recordPath(p) + "/versions", token: p.unitToken)
            #expect((versions.json["items"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func aConfirmationRacingACorrectionNeverConfirmsDataTheCandidateDidNotSee() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p)
            var confirmed: Int?  // the last version a confirmation landed on
            for round in 1...8 {
                let version = round
                let corrected = AppHarness.educationJSON.replacingOccurrences(of: "内科学", with: "内科学\(round)")
                let confirm = Task { try await h.confirmRecord(p.candidate, version: version) }
                let save = Task { try await h.request(.put, h.recordPath(p), json: AppHarness.recordBody(version: version, education: corrected), token: p.unitToken) }
                let (c, s) = (try await confirm.value, try await save.value)
                // The save always lands (it replaces the version it read); the confirmation lands only
                // if it came first, and is otherwise refused as stale, never applied to the new data.
                #expect(s.status == .ok, "\(s.text)")
                #expect(c.status == .ok || c.json["code"] as? String == "version_conflict", "\(c.text)")
                let mine = try await h.myRecord(p.candidate)
                #expect(mine.json["status"] as? String == "awaiting_confirmation")
                #expect(mine.json["version"] as? Int == version + 1)
                if c.status == .ok { confirmed = version }
                #expect(mine.json["confirmedVersion"] as? Int == confirmed)
            }
        }
    }

    /// A candidate who changes unit: the old unit no longer reads the photos the candidate gave it, and
    /// the new unit sees none of the old unit's versions, notes or correspondence.
    @Test func aCandidateWhoChangesUnitTakesTheirFilesAwayAndTheNewUnitSeesOnlyItsOwnVersions() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p, AppHarness.recordBody(note: "旧单位的说明", title: AppHarness.titleJSON))
            let upload = try await h.upload(Samples.jpeg(seed: 43), purpose: "title_certificate", token: p.candidate)
            let photo = try #require(upload.json["id"] as? String)
            let attached = try await h.request(
                .put, "/api/v1/exam-records/2026/me/attachments", json: #"{"path":"title.frontAttachmentId","attachmentId":"\#(photo)"}"#, token: p.candidate
            )
            #expect(attached.status == .ok, "\(attached.text)")
            #expect(try await h.request(.get, "/api/v1/attachments/\(photo)", token: p.unitToken).status == .ok)

            let (newToken, newUnit) = try await h.approvedInstitution("武汉市第五医院", serial: 395, admin: p.admin)
            #expect(try await h.bind(p.candidate, to: newUnit, code: try await h.confirmationCode(of: newUnit, token: newToken)).status == .ok)
            #expect(try await h.request(.get, "/api/v1/attachments/\(photo)", token: p.unitToken).status == .notFound)

            let path = "/api/v1/units/\(newUnit)/exam-records/2026/\(p.account)"
            let shown = try await h.request(.get, path, token: newToken)
            #expect(shown.status == .ok, "\(shown.text)")
            #expect(shown.json["content"] is NSNull, "the old unit's version is not shown")
            #expect(shown.json["version"] as? Int == 1, "the version to replace is still named, so the new unit can save")
            #expect(!shown.text.contains("旧单位的说明") && !shown.text.contains(photo))
            #expect((try await h.request(.get, path + "/versions", token: newToken).json["items"] as? [Any])?.isEmpty == true)
            #expect(try await h.request(.get, path + "/versions/1", token: newToken).status == .notFound)
            // Its own save is its to read.
            #expect(try await h.request(.put, path, json: AppHarness.recordBody(version: 1), token: newToken).status == .ok)
            let versions = try #require(try await h.request(.get, path + "/versions", token: newToken).json["items"] as? [[String: Any]])
            #expect(versions.map { $0["version"] as? Int } == [2])
            #expect(try await h.request(.get, path + "/versions/2", token: newToken).status == .ok)
        }
    }
}
