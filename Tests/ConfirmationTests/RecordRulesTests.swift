import AppTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Exam information: what a save requires and refuses", .timeLimit(.minutes(5)))
struct RecordRulesTests {
    /// A section, when present, needs every starred field of the guide's form; the fields reported
    /// are exactly the starred ones left out.
    @Test(arguments: [
        ("education", #"{"education":{}}"#, ["education.level", "education.studyForm", "education.enrolledOn", "education.graduatedOn",
                                             "education.school", "education.lengthYears", "education.diplomaNumber"]),
        ("no education", #"{"trial":null}"#, ["education"]),
        ("title", #"{"education":\#(AppHarness.educationJSON),"title":{}}"#, ["title.series", "title.level", "title.speciality", "title.obtainedBy",
                                                                             "title.route", "title.approvedOn", "title.certificateNumber",
                                                                             "title.provincialLine", "title.grassrootsSenior"]),
        ("qualification", #"{"education":\#(AppHarness.educationJSON),"qualificationCertificates":[{}]}"#,
         ["qualificationCertificates[0].level", "qualificationCertificates[0].category", "qualificationCertificates[0].issuedOn",
          "qualificationCertificates[0].number"]),
        ("practice", #"{"education":\#(AppHarness.educationJSON),"practiceCertificate":{"number":"P1"}}"#,
         ["practiceCertificate.level", "practiceCertificate.category", "practiceCertificate.issuedOn", "practiceCertificate.issuingAuthority",
          "practiceCertificate.practicePlace", "practiceCertificate.scope"]),
        ("nurse", #"{"education":\#(AppHarness.educationJSON),"nurseCertificate":{}}"#, ["nurseCertificate.number", "nurseCertificate.issuedOn"]),
        ("trial", #"{"education":\#(AppHarness.educationJSON),"trial":{}}"#,
         ["trial.position", "trial.category", "trial.assistantUpgrade", "trial.freshGraduate", "trial.startDate", "trial.endDate",
          "trial.supervisorName"]),
    ])
    func aPresentSectionNeedsItsStarredFields(_ section: String, _ body: String, _ expected: [String]) async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let refused = try await h.request(.put, h.recordPath(p), json: body, token: p.unitToken)
            #expect(refused.status == .unprocessableContent, "\(section): \(refused.text)")
            #expect(Set(AppHarness.fields(refused)) == Set(expected), "\(section)")
            #expect(try await h.myRecord(p.candidate).json["status"] as? String == "not_entered", "nothing stored")
        }
    }

    @Test func codesDatesAndLimitsAreCheckedAllAtOnce() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let education = #"{"level":"phd","studyForm":"full_time","enrolledOn":"2024-09-01","graduatedOn":"2024-02-30","school":"华中科技大学","lengthYears":12,"diplomaNumber":"1"}"#
            let body = AppHarness.recordBody(
                education: education,
                qualifications: [AppHarness.qualificationJSON(), AppHarness.qualificationJSON(number: "Q2")],
                practice: #"{"level":"physician","category":"rural_general","issuedOn":"2099-01-01","issuingAuthority":"武汉市卫健委","practicePlace":"武汉市","number":null,"scope":"内科"}"#
            )
            let refused = try await h.request(.put, h.recordPath(p), json: body, token: p.unitToken)
            #expect(refused.status == .unprocessableContent)
            #expect(Set(AppHarness.fields(refused)) == [
                "education.level", "education.graduatedOn", "education.lengthYears", "qualificationCertificates[1].level",
                "practiceCertificate.category", "practiceCertificate.issuedOn",
            ])
            #expect(Set(AppHarness.codes(refused)) == ["unknown_code", "invalid_date", "out_of_range", "duplicate", "rural_general_assistant_only", "in_future"])
        }
    }

    @Test func aMisspeltNestedFieldIsRefusedNotIgnored() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let body = AppHarness.recordBody(education: AppHarness.educationJSON.replacingOccurrences(of: #""major":"#, with: #""majr":"#))
            let refused = try await h.request(.put, h.recordPath(p), json: body, token: p.unitToken)
            #expect(refused.status == .unprocessableContent)
            #expect(AppHarness.codes(refused) == ["unknown_field"])
            #expect(AppHarness.fields(refused) == ["education.majr"])
        }
    }

    @Test func attachmentsMustBeTheSaversOwnWithTheSlotsPurpose() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let mine = try #require(try await h.upload(Samples.jpeg(seed: 3), purpose: "education_certificate", token: p.unitToken).json["id"] as? String)
            let candidates = try #require(try await h.upload(Samples.jpeg(seed: 4), purpose: "education_certificate", token: p.candidate).json["id"] as? String)
            let wrong = try #require(try await h.upload(Samples.jpeg(seed: 5), purpose: "title_certificate", token: p.unitToken).json["id"] as? String)
            for (id, code) in [(candidates, "attachment_not_found"), (wrong, "wrong_attachment_purpose")] {
                let education = AppHarness.educationJSON.replacingOccurrences(of: #""certificateAttachmentId":null"#, with: #""certificateAttachmentId":"\#(id)""#)
                let refused = try await h.request(.put, h.recordPath(p), json: AppHarness.recordBody(education: education), token: p.unitToken)
                #expect(AppHarness.codes(refused) == [code])
            }
            let education = AppHarness.educationJSON.replacingOccurrences(of: #""certificateAttachmentId":null"#, with: #""certificateAttachmentId":"\#(mine)""#)
            try await h.saveRecord(p, AppHarness.recordBody(education: education))
            // The candidate may read what their unit attached to their record.
            #expect(try await h.request(.get, "/api/v1/attachments/\(mine)", token: p.candidate).status == .ok)
            #expect(try await h.myRecord(p.candidate).json["missingAttachments"] as? [String] == [])
        }
    }

    @Test func aDisputeNeedsAMessageAndPointsOnlyAtFieldsOfTheRecord() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            try await h.saveRecord(p)
            let blank = try await h.request(.post, "/api/v1/exam-records/2026/me/disputes", json: #"{"message":"  "}"#, token: p.candidate)
            #expect(AppHarness.fields(blank) == ["message"])
            let unknown = try await h.request(
                .post, "/api/v1/exam-records/2026/me/disputes", json: #"{"message":"有误","fields":["education.school","title.level"]}"#, token: p.candidate
            )
            #expect(AppHarness.fields(unknown) == ["fields[1]"])
            #expect(try await h.myRecord(p.candidate).json["status"] as? String == "awaiting_confirmation")
        }
    }
}
