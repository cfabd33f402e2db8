import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Issue 28, item 6: 信息确认 on the candidate's pages (`/m/records`), guide 002 section 四: the record
/// the unit entered, 确认 of exactly the version shown, 有误 with a message, what a correction changed,
/// photos into the record's slots; CSRF; another candidate's year or photo is no page.
@Suite("Mobile: 信息确认", .timeLimit(.minutes(3)))
struct MobileRecordTests {
    typealias Page = ConsoleClient
    static let year = AppHarness.recordYear

    /// A candidate who signs in by phone (so the same account signs in on /m), verified and bound to
    /// the unit of `p`; answers their API token, account and their /m browser.
    static func phoneCandidate(_ h: AppHarness, _ p: AppHarness.TrialParties, phone: String, serial: Int) async throws -> (token: String, account: String, browser: ConsoleBrowser) {
        let (token, account) = try await h.loginBySMS(phone)
        let front = try #require(try await h.upload(Samples.jpeg(seed: UInt8(serial % 200)), purpose: "id_document_front", token: token).json["id"] as? String)
        let back = try #require(try await h.upload(Samples.jpeg(seed: UInt8(serial % 200) &+ 1), purpose: "id_document_back", token: token).json["id"] as? String)
        #expect(try await h.startVerification(token, name: "李华", number: AppHarness.residentID(serial: serial)).status == .created)
        #expect(try await h.scan(token, front, back).json["status"] as? String == "verified")
        let bound = try await h.bind(token, to: p.unit, code: try await h.confirmationCode(of: p.unit, token: p.unitToken))
        #expect(bound.status == .ok, "\(bound.text)")
        h.clock.advance(by: 300)  // past the SMS resend interval: the pages send their own code
        return (token, account, try await Page.candidatePages(h, phone: phone))
    }

    /// The unit saves the candidate's record through the API (as the console or the import would).
    @discardableResult
    static func unitSaves(_ h: AppHarness, _ p: AppHarness.TrialParties, account: String, _ body: String) async throws -> TestResponse {
        let saved = try await h.request(.put, "/api/v1/units/\(p.unit)/exam-records/\(year)/\(account)", json: body, token: p.unitToken)
        #expect(saved.status == .created || saved.status == .ok, "\(saved.text)")
        return saved
    }

    static let corrected = AppHarness.educationJSON.replacingOccurrences(of: "华中科技大学", with: "武汉大学")

    @Test func theCandidateReadsEverySectionTheUnitEnteredAndConfirmsTheVersionShown() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let c = try await Self.phoneCandidate(h, p, phone: "13700137001", serial: 951)
            let home = try await Page.get(h, "/m/", browser: c.browser)
            #expect(home.text.contains("id=\"home-records\""))
            #expect(home.text.contains("单位未填报"), "the home says where the exam year's record stands")

            // Nothing entered yet: the list says what to do, and the year is no page.
            let empty = try await Page.get(h, "/m/records", browser: c.browser)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("id=\"record-pending\""))
            #expect(!empty.text.contains("/m/records/\(Self.year)\""))
            #expect(try await Page.get(h, "/m/records/\(Self.year)", browser: c.browser).status == .notFound)

            try await Self.unitSaves(
                h, p, account: c.account,
                AppHarness.recordBody(title: AppHarness.titleJSON, qualifications: [AppHarness.qualificationJSON()], trial: AppHarness.trialJSON)
            )
            let list = try await Page.get(h, "/m/records", browser: c.browser)
            #expect(list.text.contains("href=\"/m/records/\(Self.year)\""))
            #expect(list.text.contains("待确认"))
            #expect(!list.text.contains("id=\"record-pending\""))
            #expect(try await Page.get(h, "/m/", browser: c.browser).text.contains("待确认"))

            let page = try await Page.get(h, "/m/records/\(Self.year)", browser: c.browser)
            #expect(page.status == .ok, "\(page.text)")
            for heading in ["基本信息", "学历信息", "专业技术职称", "医师资格证（执业医师）", "医师执业证", "护士执业证", "试用期单位（当前工作单位）", "附件图片"] {
                #expect(page.text.contains("<h2>\(heading)</h2>"), "\(heading)")
            }
            #expect(page.text.contains("<dt class=\"required\">毕业学校</dt><dd>华中科技大学</dd>"))
            #expect(page.text.contains("<dt>所学专业</dt><dd>内科学</dd>"), "an optional member is not starred")
            #expect(!page.text.contains("<dd>master</dd>") && !page.text.contains("<dd>full_time</dd>"), "codes as their labels")
            #expect(page.text.contains("<dt class=\"required\">申报单位</dt><dd>\(p.unitName)</dd>"))
            #expect(page.text.contains("id=\"section-practiceCertificate\"") && page.text.contains("无此信息"))
            #expect(page.text.contains("<input type=\"hidden\" name=\"version\" value=\"1\">"))
            #expect(page.text.contains("accept=\"image/*\" capture=\"environment\""))

            let confirmed = try await Page.post(
                h, "/m/records/\(Self.year)/confirm", [("_csrf", try #require(Page.csrf(in: page))), ("version", "1")], browser: c.browser
            )
            #expect(confirmed.status == .seeOther, "\(confirmed.text)")
            #expect(confirmed.headers[.location] == "/m/records/\(Self.year)")
            let mine = try await h.myRecord(c.token).json
            #expect(mine["status"] as? String == "confirmed")
            #expect(mine["confirmedVersion"] as? Int == 1)
            let after = try await Page.get(h, "/m/records/\(Self.year)", browser: c.browser)
            #expect(after.text.contains("您已确认第 1 版信息"))
            #expect(!after.text.contains("id=\"confirm-button\""))
        }
    }

    @Test func aStaleVersionIsRefusedWithNothingChangedAndTheNewVersionShown() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let c = try await Self.phoneCandidate(h, p, phone: "13700137002", serial: 952)
            try await Self.unitSaves(h, p, account: c.account, AppHarness.recordBody())
            let seen = try await Page.get(h, "/m/records/\(Self.year)", browser: c.browser)
            let csrf = try #require(Page.csrf(in: seen))
            // The unit saves a second version while the candidate reads the first.
            try await Self.unitSaves(h, p, account: c.account, AppHarness.recordBody(version: 1, education: Self.corrected))

            let refused = try await Page.post(h, "/m/records/\(Self.year)/confirm", [("_csrf", csrf), ("version", "1")], browser: c.browser)
            #expect(refused.status == .conflict, "\(refused.text)")
            #expect(refused.text.contains("id=\"form-error\""))
            #expect(refused.text.contains("信息已有更新的版本"))
            #expect(refused.text.contains("<input type=\"hidden\" name=\"version\" value=\"2\">"), "the page shows the new version")
            #expect(refused.text.contains("<dd>武汉大学</dd>"))
            let mine = try await h.myRecord(c.token).json
            #expect(mine["status"] as? String == "awaiting_confirmation")
            #expect(mine["confirmedVersion"] is NSNull)

            // A version that is no number is refused too, without a 500.
            let garbage = try await Page.post(h, "/m/records/\(Self.year)/confirm", [("_csrf", csrf), ("version", "二")], browser: c.browser)
            #expect(garbage.status == .unprocessableContent, "\(garbage.text)")
            #expect(try await h.myRecord(c.token).json["status"] as? String == "awaiting_confirmation")
        }
    }

    @Test func aDisputeNeedsAMessageAndTheCorrectionShowsWhatChanged() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let c = try await Self.phoneCandidate(h, p, phone: "13700137003", serial: 953)
            try await Self.unitSaves(h, p, account: c.account, AppHarness.recordBody())
            let page = try await Page.get(h, "/m/records/\(Self.year)", browser: c.browser)
            let csrf = try #require(Page.csrf(in: page))
            let path = "/m/records/\(Self.year)/dispute"

            let blank = try await Page.post(h, path, [("_csrf", csrf), ("fields", "education"), ("message", "  ")], browser: c.browser)
            #expect(blank.status == .unprocessableContent, "\(blank.text)")
            #expect(blank.text.contains("id=\"message-error\""))
            #expect(blank.text.contains("value=\"education\" checked"), "the parts chosen stay chosen")
            #expect(try await h.myRecord(c.token).json["status"] as? String == "awaiting_confirmation")

            let long = String(repeating: "错", count: 501)
            let tooLong = try await Page.post(h, path, [("_csrf", csrf), ("message", long)], browser: c.browser)
            #expect(tooLong.status == .unprocessableContent)
            #expect(tooLong.text.contains(">\(long)</textarea>"), "what was typed stays")

            let message = "毕业学校应为武汉大学"
            let disputed = try await Page.post(h, path, [("_csrf", csrf), ("fields", "education"), ("message", message)], browser: c.browser)
            #expect(disputed.status == .seeOther, "\(disputed.text)")
            let mine = try await h.myRecord(c.token).json
            #expect(mine["status"] as? String == "disputed")
            #expect((mine["lastDispute"] as? [String: Any])?["fields"] as? [String] == ["education"])
            let waiting = try await Page.get(h, "/m/records/\(Self.year)", browser: c.browser)
            #expect(waiting.text.contains("id=\"open-dispute\""))
            #expect(waiting.text.contains(message))
            #expect(waiting.text.contains("有误的部分：学历信息"))

            // The unit corrects it; the candidate sees what changed, and confirms the corrected version.
            try await Self.unitSaves(h, p, account: c.account, AppHarness.recordBody(version: 1, note: "已按考生意见更正", education: Self.corrected))
            let corrected = try await Page.get(h, "/m/records/\(Self.year)", browser: c.browser)
            #expect(corrected.text.contains("id=\"latest-changes\""))
            #expect(corrected.text.contains("<dt>学历信息 · 毕业学校</dt><dd><del>华中科技大学</del> → <ins>武汉大学</ins></dd>"), "\(corrected.text)")
            #expect(corrected.text.contains("已按考生意见更正"))
            #expect(corrected.text.contains("id=\"version-1\"") && corrected.text.contains("id=\"version-2\""))
            #expect(!corrected.text.contains("id=\"open-dispute\""))
            let confirmed = try await Page.post(
                h, "/m/records/\(Self.year)/confirm", [("_csrf", try #require(Page.csrf(in: corrected))), ("version", "2")], browser: c.browser
            )
            #expect(confirmed.status == .seeOther, "\(confirmed.text)")
            #expect(try await h.myRecord(c.token).json["confirmedVersion"] as? Int == 2)
        }
    }

    @Test func aPhotoGoesIntoAnEmptySlotAndAnotherCandidateCannotOpenIt() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let c = try await Self.phoneCandidate(h, p, phone: "13700137004", serial: 954)
            try await Self.unitSaves(h, p, account: c.account, AppHarness.recordBody(title: AppHarness.titleJSON))
            let page = try await Page.get(h, "/m/records/\(Self.year)", browser: c.browser)
            #expect(page.text.contains("id=\"photo-title-frontAttachmentId\""))
            let csrf = try #require(Page.csrf(in: page))
            let path = "/m/records/\(Self.year)/photos"
            func send(_ slot: String, _ bytes: [UInt8]) async throws -> TestResponse {
                let (type, body) = ConsoleRecordPhotoTests.multipart([("_csrf", csrf), ("path", slot)], files: [("photo", bytes)])
                var headers = c.browser.header
                headers[.contentType] = type
                return try await h.client.execute(uri: path, method: .post, headers: headers, body: .init(bytes: body))
            }

            let wrong = try await send("title.frontAttachmentId", Array("not a photo".utf8))
            #expect(wrong.status == .unprocessableContent, "\(wrong.text)")
            #expect(wrong.text.contains("id=\"photo-title-frontAttachmentId-error\""))
            let noSlot = try await send("trial.frontAttachmentId", Samples.jpeg(seed: 41))
            #expect(noSlot.status == .unprocessableContent, "a slot the record does not have")
            #expect((try await h.myRecord(c.token).json["candidateAttachments"] as? [Any])?.isEmpty == true, "nothing attached")

            let stored = try await send("title.frontAttachmentId", Samples.jpeg(seed: 42))
            #expect(stored.status == .seeOther, "\(stored.text)")
            let faces = try #require(try await h.myRecord(c.token).json["candidateAttachments"] as? [[String: Any]])
            #expect(faces.count == 1)
            #expect(faces.first?["path"] as? String == "title.frontAttachmentId")
            let id = try #require(faces.first?["attachmentId"] as? String)
            let shown = try await Page.get(h, "/m/records/\(Self.year)", browser: c.browser)
            #expect(shown.text.contains("<img src=\"/m/attachments/\(id)\""))
            #expect(shown.text.contains("已上传（本人）"))
            #expect(try await Page.get(h, "/m/attachments/\(id)", browser: c.browser).status == .ok)

            // Another candidate: neither the photo nor a year without their record is a page.
            let other = try await Self.phoneCandidate(h, p, phone: "13700137005", serial: 955)
            #expect(try await Page.get(h, "/m/attachments/\(id)", browser: other.browser).status == .notFound)
            let missing = try await Page.get(h, "/m/records/\(Self.year)", browser: other.browser)
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("<html"), "a page, not a bare status")
            #expect(try await Page.get(h, "/m/records/abc", browser: other.browser).status == .notFound)
        }
    }

    @Test func aCandidateNotYetVerifiedSeesWhatToDoAndNoRecord() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137009")
            let list = try await Page.get(h, "/m/records", browser: browser)
            #expect(list.status == .ok, "\(list.text)")
            #expect(list.text.contains("id=\"record-pending\""))
            let year = try await Page.get(h, "/m/records/\(Self.year)", browser: browser)
            #expect(year.status.code < 500, "\(year.text)")
            #expect(year.status != .ok)
            #expect(year.text.contains("<html"))
        }
    }

    @Test func aFormWithoutTheTokenIsRefusedAndNothingChanges() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let c = try await Self.phoneCandidate(h, p, phone: "13700137006", serial: 956)
            try await Self.unitSaves(h, p, account: c.account, AppHarness.recordBody())
            let confirm = try await Page.post(h, "/m/records/\(Self.year)/confirm", [("version", "1")], browser: c.browser)
            #expect(confirm.status == .forbidden)
            let dispute = try await Page.post(h, "/m/records/\(Self.year)/dispute", [("message", "有误")], browser: c.browser)
            #expect(dispute.status == .forbidden)
            // A photo form without the token: refused before anything is stored.
            let (type, body) = ConsoleRecordPhotoTests.multipart([("path", "education.certificateAttachmentId")], files: [("photo", Samples.jpeg(seed: 7))])
            var headers = c.browser.header
            headers[.contentType] = type
            let photo = try await h.client.execute(uri: "/m/records/\(Self.year)/photos", method: .post, headers: headers, body: .init(bytes: body))
            #expect(photo.status == .forbidden)
            let mine = try await h.myRecord(c.token).json
            #expect(mine["status"] as? String == "awaiting_confirmation")
            #expect((mine["candidateAttachments"] as? [Any])?.isEmpty == true)
            // And a visitor is sent to sign in.
            let visitor = try await Page.get(h, "/m/records", browser: ConsoleBrowser())
            #expect(visitor.status == .seeOther)
        }
    }
}
