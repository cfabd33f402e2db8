import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 15: 信息确认 in the console: the entry form, errors next to their fields with the values kept,
/// the candidate's confirmation through the API, versions compared.
@Suite("Console: exam information entry", .timeLimit(.minutes(3)))
struct ConsoleRecordTests {
    typealias Page = ConsoleClient

    static let education: [(String, String)] = [
        ("education.level", "master"), ("education.studyForm", "full_time"), ("education.enrolledOn", "2021-09-01"),
        ("education.graduatedOn", "2024-06-30"), ("education.school", "华中科技大学"), ("education.lengthYears", "3"),
        ("education.majorType", "medicine"), ("education.major", "内科学"), ("education.diplomaNumber", "104871202405000321"),
    ]

    @Test func theAdministratorEntersARecordFixesAnErrorAndTheCandidateConfirms() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let browser = try await ConsoleClient.unitConsole(h, p)
            let base = "/console/units/\(p.unit)/exam-records"
            let year = AppHarness.recordYear

            let list = try await Page.get(h, base + "?year=\(year)", browser: browser)
            #expect(list.status == .ok, "\(list.text)")
            #expect(list.text.contains("\(base)/\(year)/\(p.account)"))
            #expect(list.text.contains("单位未填报"))

            let form = try await Page.get(h, "\(base)/\(year)/\(p.account)", browser: browser)
            #expect(form.status == .ok, "\(form.text)")
            #expect(form.text.contains("name=\"education.school\""))
            #expect(form.text.contains("name=\"qualificationCertificates[1].number\""))
            let csrf = try #require(Page.csrf(in: form))

            // Graduation before enrolment and a length that is no number: both shown, values kept.
            var wrong = Self.education.filter { $0.0 != "education.graduatedOn" && $0.0 != "education.lengthYears" }
            wrong += [("education.graduatedOn", "2020-06-30"), ("education.lengthYears", "三年"), ("qualificationCertificates[1].number", "Q1")]
            let refused = try await Page.post(h, "\(base)/\(year)/\(p.account)", [("_csrf", csrf)] + wrong, browser: browser)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(refused.text.contains("id=\"form-error\""))
            #expect(refused.text.contains("id=\"education-lengthYears-error\""))
            #expect(refused.text.contains("id=\"education-graduatedOn-error\""))
            #expect(refused.text.contains("id=\"qualificationCertificates-1-level-error\""), "the second slot's own errors")
            #expect(!refused.text.contains("id=\"education-school-error\""), "a field without a problem shows none")
            #expect(refused.text.contains("value=\"104871202405000321\""))  // what was typed stays
            #expect(refused.text.contains("value=\"三年\""))
            #expect(try await h.myRecord(p.candidate).json["status"] as? String == "not_entered")

            let saved = try await Page.post(h, "\(base)/\(year)/\(p.account)", [("_csrf", csrf)] + Self.education, browser: browser)
            #expect(saved.status == .seeOther, "\(saved.text)")
            let mine = try await h.myRecord(p.candidate).json
            #expect(mine["status"] as? String == "awaiting_confirmation")
            let version = try #require(mine["version"] as? Int)
            #expect(try await h.confirmRecord(p.candidate, version: version).status == .ok)
            #expect(try await h.myRecord(p.candidate).json["status"] as? String == "confirmed")

            // The candidate attaches the diploma's photo in the mini-program; the unit's page links it.
            let photo = try #require(try await h.upload(Samples.jpeg(seed: 9), purpose: "education_certificate", token: p.candidate).json["id"] as? String)
            let attached = try await h.request(
                .put, "/api/v1/exam-records/\(year)/me/attachments", json: #"{"path":"education.certificateAttachmentId","attachmentId":"\#(photo)"}"#,
                token: p.candidate
            )
            #expect(attached.status == .ok, "\(attached.text)")
            let page = try await Page.get(h, "\(base)/\(year)/\(p.account)", browser: browser)
            #expect(page.text.contains("<a href=\"/console/attachments/\(photo)\" target=\"_blank\" rel=\"noopener\">学历信息（考生上传）</a>"), "\(page.text)")
            #expect(try await Page.get(h, "/console/attachments/\(photo)", browser: browser).status == .ok)

            // A second version changes the school; the history compares the two.
            #expect(page.text.contains("value=\"华中科技大学\""))
            var changed = Self.education.filter { $0.0 != "education.school" }
            changed += [("education.school", "武汉大学"), ("version", "1")]
            let again = try await Page.post(h, "\(base)/\(year)/\(p.account)", [("_csrf", csrf)] + changed, browser: browser)
            #expect(again.status == .seeOther, "\(again.text)")
            let history = try await Page.get(h, "\(base)/\(year)/\(p.account)", browser: browser)
            #expect(history.text.contains("\(base)/\(year)/\(p.account)/versions/2"))
            let diff = try await Page.get(h, "\(base)/\(year)/\(p.account)/versions/2", browser: browser)
            #expect(diff.status == .ok)
            #expect(diff.text.contains("学历信息 · 毕业学校"))
            #expect(diff.text.contains("<td>华中科技大学</td><td>武汉大学</td>"))

            // A stale version is refused and changes nothing.
            let stale = try await Page.post(h, "\(base)/\(year)/\(p.account)", [("_csrf", csrf)] + changed, browser: browser)
            #expect(stale.status == .conflict)
        }
    }
}

/// The entry form's photo slots: a file chosen there is stored as an attachment and put in the record.
@Suite("Console: photos in the exam information form", .timeLimit(.minutes(3)))
struct ConsoleRecordPhotoTests {
    typealias Page = ConsoleClient

    static func multipart(_ fields: [(String, String)], files: [(String, [UInt8])]) -> (String, [UInt8]) {
        let boundary = "----record-\(UUID().uuidString)"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, bytes) in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"photo\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    @Test func aChosenPhotoIsStoredAndAWrongFileIsRefusedNextToItsSlot() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let browser = try await ConsoleClient.unitConsole(h, p)
            let path = "/console/units/\(p.unit)/exam-records/\(AppHarness.recordYear)/\(p.account)"
            let form = try await Page.get(h, path, browser: browser)
            #expect(form.text.contains("enctype=\"multipart/form-data\""))
            #expect(form.text.contains("name=\"education.certificateAttachmentId\" type=\"file\""))
            let csrf = try #require(Page.csrf(in: form))
            let fields = [("_csrf", csrf)] + ConsoleRecordTests.education

            let (wrongType, wrongBody) = Self.multipart(fields, files: [("education.certificateAttachmentId", Array("not a photo".utf8))])
            var headers = browser.header
            headers[.contentType] = wrongType
            let refused = try await h.client.execute(uri: path, method: .post, headers: headers, body: .init(bytes: wrongBody))
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(refused.text.contains("id=\"education-certificateAttachmentId-error\""))
            #expect(try await h.myRecord(p.candidate).json["status"] as? String == "not_entered")

            let (type, body) = Self.multipart(fields, files: [("education.certificateAttachmentId", Samples.jpeg(seed: 3))])
            headers[.contentType] = type
            let saved = try await h.client.execute(uri: path, method: .post, headers: headers, body: .init(bytes: body))
            #expect(saved.status == .seeOther, "\(saved.text)")
            let record = try await h.myRecord(p.candidate).json
            let content = try #require(record["content"] as? [String: Any])
            let photo = try #require((content["education"] as? [String: Any])?["certificateAttachmentId"] as? String)
            let page = try await Page.get(h, path, browser: browser)
            #expect(page.text.contains("/console/attachments/\(photo)"))
            #expect(try await Page.get(h, "/console/attachments/\(photo)", browser: browser).status == .ok)
        }
    }
}
