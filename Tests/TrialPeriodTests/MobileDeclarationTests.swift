import AppTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Issue 28, 试用期申报 on the candidates' pages (`/m/declarations…`), over HTTP as a phone browser
/// would drive them, through the same service as `/api/v1/trial/applications…`.
@Suite("Mobile: the candidate's trial declaration", .timeLimit(.minutes(3)))
struct MobileDeclarationTests {
    typealias Page = ConsoleClient

    /// A candidate signed in on `/m` with `phone`, verified (ethnicity set) and bound to `p`'s unit;
    /// answers the browser and the session's bearer token (the cookie holds the same session).
    /// With `passport`, a foreign candidate verified by the platform's manual review instead.
    static func phoneCandidate(
        _ h: AppHarness, _ p: AppHarness.TrialParties, phone: String, serial: Int, passport: Bool = false
    ) async throws -> (ConsoleBrowser, String) {
        let browser = try await Page.candidatePages(h, phone: phone)
        let token = try #require(browser.cookies["ht_m"])
        let front = try await h.upload(Samples.jpeg(seed: UInt8(serial % 250)), purpose: "id_document_front", token: token)
        let back = try await h.upload(Samples.jpeg(seed: UInt8(serial % 250) &+ 1), purpose: "id_document_back", token: token)
        let started = passport
            ? try await h.startVerification(token, name: "John Smith", type: "passport", number: "E1234\(serial)", method: "manual")
            : try await h.startVerification(token, name: "李华", number: AppHarness.residentID(serial: serial))
        #expect(started.status == .created, "\(started.text)")
        let scanned = try await h.scan(token, try #require(front.json["id"] as? String), try #require(back.json["id"] as? String))
        if passport {
            #expect(scanned.json["status"] as? String == "pending_review", "\(scanned.text)")
            let queue = try await h.request(.get, "/api/v1/admin/verifications", token: p.admin)
            // The only manual verification waiting in this test's database.
            let item = try #require((queue.json["items"] as? [[String: Any]])?.first, "\(queue.text)")
            let verification = try #require(item["id"] as? String)
            #expect(try await h.request(.post, "/api/v1/admin/verifications/\(verification)/approve", token: p.admin).status == .noContent)
        } else {
            #expect(scanned.json["status"] as? String == "verified", "\(scanned.text)")
        }
        #expect(try await h.request(.put, "/api/v1/me/profile", json: #"{"ethnicity":"01"}"#, token: token).status == .ok)
        let bound = try await h.bind(token, to: p.unit, code: try await h.confirmationCode(of: p.unit, token: p.unitToken))
        #expect(bound.status == .ok, "\(bound.text)")
        return (browser, token)
    }

    /// A `multipart/form-data` POST, as the 填报信息 form sends it (files as `(name, bytes)`).
    static func multipart(
        _ h: AppHarness, _ path: String, _ fields: [(String, String)], files: [(String, [UInt8])] = [], browser: ConsoleBrowser
    ) async throws -> TestResponse {
        let boundary = "----mobiletest\(UUID().uuidString.prefix(8))"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (index, (name, bytes)) in files.enumerated() {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"photo\(index).jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8)
            body += bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers = browser.header
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await h.client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    /// The complete 学历信息 of `AppHarness.declarationBody`.
    static let education: [(String, String)] = [
        ("level", "physician"), ("category", "clinical"), ("tcmSubtype", ""),
        ("education.level", "bachelor"), ("education.studyForm", "full_time"), ("education.school", "武汉大学"), ("education.major", "临床医学"),
        ("education.enrolledOn", "2019-09-01"), ("education.graduatedOn", "2024-06-30"), ("education.diplomaNumber", "104861202405000123"),
        ("assistantUpgrade", "no"), ("freshGraduate", "false"),
    ]

    static func entry(_ index: Int, _ name: String, start: String, end: String) -> [(String, String)] {
        let path = "trialInstitutions[\(index)]"
        return [
            ("\(path).name", name), ("\(path).department", "内科"), ("\(path).position", "住院医师"), ("\(path).startDate", start),
            ("\(path).endDate", end), ("\(path).supervisorName", "李医生"),
        ]
    }

    static func value(_ name: String, in page: TestResponse) -> String? {
        guard let range = page.text.range(of: #"name="\#(name)" value=""#) else { return nil }
        return String(page.text[range.upperBound...].prefix { $0 != "\"" })
    }

    static func declaration(_ h: AppHarness, _ id: String, token: String) async throws -> [String: Any] {
        let response = try await h.request(.get, "/api/v1/trial/applications/\(id)", token: token)
        #expect(response.status == .ok, "\(response.text)")
        return response.json
    }

    @Test func theWizardTakesTheCandidateFromTheListThroughTwoInstitutionsAndFilesToSubmission() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (browser, token) = try await Self.phoneCandidate(h, p, phone: "13700137001", serial: 851)

            let home = try await Page.get(h, "/m/", browser: browser)
            #expect(home.text.contains(#"id="home-declarations""#))
            let list = try await Page.get(h, "/m/declarations", browser: browser)
            #expect(list.status == .ok)
            #expect(list.text.contains(#"id="start-declaration""#), "\(list.text)")
            #expect(list.text.contains("暂无申报记录"))

            // 选择申报 → 申报须知
            let choice = try await Page.get(h, "/m/declarations/new", browser: browser)
            #expect(choice.status == .ok)
            #expect(choice.text.contains(p.unitName))
            let csrf = try #require(Page.csrf(in: choice))
            let chosen = try await Page.post(h, "/m/declarations/new", [("_csrf", csrf), ("level", "physician"), ("category", "clinical")], browser: browser)
            #expect(chosen.status == .seeOther, "\(chosen.text)")
            let noticePath = try #require(chosen.headers[.location])
            #expect(noticePath.hasPrefix("/m/declarations/new/notice?"))
            let notice = try await Page.get(h, noticePath, browser: browser)
            #expect(notice.text.contains("请如实填写试用期信息。"))
            let unacknowledged = try await Page.post(
                h, "/m/declarations/new/notice", [("_csrf", csrf), ("level", "physician"), ("category", "clinical")], browser: browser
            )
            #expect(unacknowledged.status == .unprocessableContent)
            #expect(unacknowledged.text.contains(#"id="noticeAcknowledged-error""#))
            #expect((try await h.request(.get, "/api/v1/trial/applications", token: token).json["items"] as? [Any])?.count == 0)
            let created = try await Page.post(
                h, "/m/declarations/new/notice", [("_csrf", csrf), ("level", "physician"), ("category", "clinical"), ("noticeAcknowledged", "true")],
                browser: browser
            )
            #expect(created.status == .seeOther, "\(created.text)")
            let formPath = try #require(created.headers[.location])
            let id = String(try #require(formPath.split(separator: "/").dropLast().last))
            #expect(formPath == "/m/declarations/\(id)/form")

            // 填报信息: the previous institution and a proof, then 添加一条.
            let form = try await Page.get(h, formPath, browser: browser)
            #expect(form.status == .ok, "\(form.text)")
            #expect(form.text.contains(#"capture="environment""#))
            let added = try await Self.multipart(
                h, formPath,
                [("_csrf", csrf), ("version", try #require(Self.value("version", in: form))), ("entryCount", "1"), ("action", "add-entry")]
                    + Self.education + Self.entry(0, "武汉市中心医院", start: "2024-07-01", end: "2025-04-30"),
                files: [("upload-other_proof", Samples.jpeg(seed: 41))], browser: browser
            )
            #expect(added.status == .seeOther, "\(added.text)")
            #expect(added.headers[.location] == "\(formPath)?saved=1#entry-1")
            var saved = try await Self.declaration(h, id, token: token)
            #expect((saved["trialInstitutions"] as? [Any])?.count == 2)
            let files = try #require(saved["attachments"] as? [[String: Any]])
            #expect(files.map { $0["purpose"] as? String } == ["other_proof"])
            let proof = try #require(files.first?["attachmentId"] as? String)

            // The second entry, the current unit; 下一步 goes on to 申报确认.
            let again = try await Page.get(h, "\(formPath)?saved=1", browser: browser)
            #expect(again.text.contains("已保存草稿"))
            #expect(again.text.contains(#"value="武汉市中心医院""#))
            #expect(again.text.contains(#"id="entry-1""#))
            let next = try await Self.multipart(
                h, formPath,
                [("_csrf", csrf), ("version", try #require(Self.value("version", in: again))), ("entryCount", "2"), ("currentEntry", "1"),
                 ("attachment", "other_proof:\(proof)"), ("action", "next")]
                    + Self.education + Self.entry(0, "武汉市中心医院", start: "2024-07-01", end: "2025-04-30")
                    + Self.entry(1, p.unitName, start: "2025-05-01", end: ""),
                files: [("upload-other_proof", Samples.png(seed: 42))], browser: browser
            )
            #expect(next.status == .seeOther, "\(next.text)")
            #expect(next.headers[.location] == "/m/declarations/\(id)/confirm")

            // 申报确认 shows every field; 确定 submits.
            let confirm = try await Page.get(h, "/m/declarations/\(id)/confirm", browser: browser)
            #expect(confirm.status == .ok)
            for text in ["武汉市中心医院", p.unitName, "武汉大学", "104861202405000123", "返回修改", "李华"] { #expect(confirm.text.contains(text), "\(text)") }
            let submitted = try await Page.post(
                h, "/m/declarations/\(id)/confirm", [("_csrf", csrf), ("version", try #require(Self.value("version", in: confirm)))], browser: browser
            )
            #expect(submitted.status == .seeOther, "\(submitted.text)")
            #expect(submitted.headers[.location] == "/m/declarations/\(id)/done")
            #expect(try await Page.get(h, "/m/declarations/\(id)/done", browser: browser).text.contains("提交成功"))
            saved = try await Self.declaration(h, id, token: token)
            #expect(saved["status"] as? String == "submitted")
            #expect((saved["attachments"] as? [Any])?.count == 2)
            let entries = try #require(saved["trialInstitutions"] as? [[String: Any]])
            #expect(entries.map { $0["current"] as? Bool } == [false, true])

            let detail = try await Page.get(h, "/m/declarations/\(id)", browser: browser)
            #expect(detail.text.contains("待审核"))
            #expect(detail.text.contains(#"id="withdraw-declaration""#))
            #expect(detail.text.contains("提交申报"))
            let listed = try await Page.get(h, "/m/declarations", browser: browser)
            #expect(listed.text.contains("/m/declarations/\(id)"))
            #expect(!listed.text.contains(#"id="start-declaration""#))
            #expect(try await Page.get(h, "/m/", browser: browser).text.contains("2026年度：待审核"))
        }
    }

    @Test(arguments: [
        // What the edit refuses: a date that is no date.
        ("education.graduatedOn", "2024-13-45", "education-graduatedOn-error"),
        // What submitting refuses: the current entry is not the unit.
        ("trialInstitutions[0].name", "某某医院", "trialInstitutions-0-name-error"),
    ])
    func aProblemIsShownNextToItsFieldWithWhatWasTypedKept(field: String, typed: String, errorID: String) async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (browser, token) = try await Self.phoneCandidate(h, p, phone: "13700137002", serial: 852)
            let id = try await h.createDeclaration(token)
            let formPath = "/m/declarations/\(id)/form"
            let form = try await Page.get(h, formPath, browser: browser)
            let csrf = try #require(Page.csrf(in: form))
            var fields = [("_csrf", csrf), ("version", "1"), ("entryCount", "1"), ("currentEntry", "0"), ("action", "next")]
                + Self.education + Self.entry(0, p.unitName, start: "2025-05-01", end: "")
            fields.removeAll { $0.0 == field }
            fields.append((field, typed))
            let refused = try await Self.multipart(h, formPath, fields, browser: browser)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(refused.text.contains(#"id="\#(errorID)""#), "\(refused.text)")
            #expect(refused.text.contains(#"value="\#(typed)""#))
            #expect(refused.text.contains(#"aria-describedby="\#(errorID)""#))
            #expect(refused.text.contains(#"value="武汉大学""#))
            #expect(try await Self.declaration(h, id, token: token)["status"] as? String == "draft")
        }
    }

    @Test func removingAnEntryAndAFileSavesTheDraftWithoutThem() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (browser, token) = try await Self.phoneCandidate(h, p, phone: "13700137003", serial: 853)
            let id = try await h.createDeclaration(token)
            let formPath = "/m/declarations/\(id)/form"
            let csrf = try #require(Page.csrf(in: try await Page.get(h, formPath, browser: browser)))
            let saved = try await Self.multipart(
                h, formPath,
                [("_csrf", csrf), ("version", "1"), ("entryCount", "2"), ("currentEntry", "1"), ("action", "save")] + Self.education
                    + Self.entry(0, "武汉市中心医院", start: "2024-07-01", end: "2025-04-30") + Self.entry(1, p.unitName, start: "2025-05-01", end: ""),
                files: [("upload-other_proof", Samples.jpeg(seed: 51)), ("upload-other_proof", Samples.pdf(seed: 52))], browser: browser
            )
            #expect(saved.status == .seeOther, "\(saved.text)")
            let before = try await Self.declaration(h, id, token: token)
            let kept = try #require(before["attachments"] as? [[String: Any]]).map { "\($0["purpose"] as? String ?? ""):\($0["attachmentId"] as? String ?? "")" }
            #expect(kept.count == 2)
            let removed = try await Self.multipart(
                h, formPath,
                [("_csrf", csrf), ("version", "\(before["version"] as? Int ?? 0)"), ("entryCount", "2"), ("currentEntry", "1"), ("action", "remove-entry-0"),
                 ("attachment", kept[0]), ("attachment", kept[1])] + Self.education
                    + Self.entry(0, "武汉市中心医院", start: "2024-07-01", end: "2025-04-30") + Self.entry(1, p.unitName, start: "2025-05-01", end: ""),
                browser: browser
            )
            #expect(removed.status == .seeOther, "\(removed.text)")
            let after = try await Self.declaration(h, id, token: token)
            let entries = try #require(after["trialInstitutions"] as? [[String: Any]])
            #expect(entries.map { $0["name"] as? String } == [p.unitName])
            #expect(entries.first?["current"] as? Bool == true)
            let detached = try await Self.multipart(
                h, formPath,
                [("_csrf", csrf), ("version", "\(after["version"] as? Int ?? 0)"), ("entryCount", "1"), ("currentEntry", "0"), ("action", "remove-attachment-0"),
                 ("attachment", kept[0]), ("attachment", kept[1])] + Self.education + Self.entry(0, p.unitName, start: "2025-05-01", end: ""),
                browser: browser
            )
            #expect(detached.status == .seeOther, "\(detached.text)")
            let last = try await Self.declaration(h, id, token: token)
            #expect(try #require(last["attachments"] as? [[String: Any]]).map { "\($0["purpose"] as? String ?? ""):\($0["attachmentId"] as? String ?? "")" } == [kept[1]])
        }
    }

    @Test func withdrawingBeforeTheUnitDecidesMakesItADraftAgain() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (browser, token) = try await Self.phoneCandidate(h, p, phone: "13700137004", serial: 854)
            let id = try await h.submittedDeclaration(token, unitName: p.unitName)
            let detail = try await Page.get(h, "/m/declarations/\(id)", browser: browser)
            #expect(detail.text.contains(#"id="withdraw-declaration""#))
            let withdrawn = try await Page.post(
                h, "/m/declarations/\(id)/withdraw", [("_csrf", try #require(Page.csrf(in: detail))), ("version", try #require(Self.value("version", in: detail)))],
                browser: browser
            )
            #expect(withdrawn.status == .seeOther, "\(withdrawn.text)")
            #expect(try await Self.declaration(h, id, token: token)["status"] as? String == "draft")
            let after = try await Page.get(h, "/m/declarations/\(id)", browser: browser)
            #expect(after.text.contains("撤回申报"))
            #expect(after.text.contains("继续申报"))
            #expect(!after.text.contains(#"id="withdraw-declaration""#))
        }
    }

    @Test func aReturnedDeclarationShowsTheReasonAndIsModifiedAndResubmitted() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (browser, token) = try await Self.phoneCandidate(h, p, phone: "13700137005", serial: 855)
            let id = try await h.submittedDeclaration(token, unitName: p.unitName)
            let returned = try await h.request(
                .post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/return", json: #"{"reason":"毕业学校填写有误"}"#, token: p.unitToken
            )
            #expect(returned.status == .ok, "\(returned.text)")

            let detail = try await Page.get(h, "/m/declarations/\(id)", browser: browser)
            #expect(detail.text.contains("已退回"))
            #expect(detail.text.contains("退回原因：毕业学校填写有误"))
            // The reason belongs to the return only, not to the earlier steps of 进度详情.
            #expect(detail.text.components(separatedBy: "毕业学校填写有误").count == 3)
            #expect(detail.text.contains(#"id="modify-declaration""#))
            #expect(!detail.text.contains(#"id="withdraw-declaration""#))

            let form = try await Page.get(h, "/m/declarations/\(id)/form", browser: browser)
            #expect(form.status == .ok)
            #expect(form.text.contains(#"value="武汉大学""#))
            let csrf = try #require(Page.csrf(in: form))
            var fields = [("_csrf", csrf), ("version", try #require(Self.value("version", in: form))), ("entryCount", "1"), ("currentEntry", "0"), ("action", "next")]
                + Self.education + Self.entry(0, p.unitName, start: "2025-05-01", end: "")
            fields.removeAll { $0.0 == "education.school" }
            fields.append(("education.school", "华中科技大学"))
            let next = try await Self.multipart(h, "/m/declarations/\(id)/form", fields, browser: browser)
            #expect(next.status == .seeOther, "\(next.text)")
            let confirm = try await Page.get(h, "/m/declarations/\(id)/confirm", browser: browser)
            #expect(confirm.text.contains("华中科技大学"))
            let resubmitted = try await Page.post(
                h, "/m/declarations/\(id)/confirm", [("_csrf", csrf), ("version", try #require(Self.value("version", in: confirm)))], browser: browser
            )
            #expect(resubmitted.status == .seeOther, "\(resubmitted.text)")
            let saved = try await Self.declaration(h, id, token: token)
            #expect(saved["status"] as? String == "submitted")
            #expect((saved["education"] as? [String: Any])?["school"] as? String == "华中科技大学")
        }
    }

    @Test func aFormWithoutTheTokenIsRefusedAndChangesNothing() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (browser, token) = try await Self.phoneCandidate(h, p, phone: "13700137006", serial: 856)
            let id = try await h.submittedDeclaration(token, unitName: p.unitName)
            let before = try await Self.declaration(h, id, token: token)
            let withdrawn = try await Page.post(h, "/m/declarations/\(id)/withdraw", [("version", "\(before["version"] as? Int ?? 0)")], browser: browser)
            #expect(withdrawn.status == .forbidden)
            let created = try await Page.post(
                h, "/m/declarations/new/notice", [("level", "physician"), ("category", "clinical"), ("noticeAcknowledged", "true")], browser: browser
            )
            #expect(created.status == .forbidden)
            let saved = try await Self.declaration(h, id, token: token)
            #expect(saved["status"] as? String == "submitted")
            #expect(saved["version"] as? Int == before["version"] as? Int)
            #expect((try await h.request(.get, "/api/v1/trial/applications", token: token).json["items"] as? [Any])?.count == 1)
        }
    }

    @Test func anotherCandidatesDeclarationIsANotFoundPage() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (_, owner) = try await Self.phoneCandidate(h, p, phone: "13700137007", serial: 857)
            let id = try await h.submittedDeclaration(owner, unitName: p.unitName)
            let (other, _) = try await Self.phoneCandidate(h, p, phone: "13700137008", serial: 858)
            for path in ["/m/declarations/\(id)", "/m/declarations/\(id)/form", "/m/declarations/\(id)/confirm", "/m/declarations/\(id)/done"] {
                let page = try await Page.get(h, path, browser: other)
                #expect(page.status == .notFound, "\(path)")
                #expect(page.text.contains("<html"), "\(path)")
            }
            let csrf = try #require(Page.csrf(in: try await Page.get(h, "/m/declarations", browser: other)))
            let withdrawn = try await Page.post(h, "/m/declarations/\(id)/withdraw", [("_csrf", csrf)], browser: other)
            #expect(withdrawn.status == .notFound)
            #expect(try await Self.declaration(h, id, token: owner)["status"] as? String == "submitted")
        }
    }

    @Test func aCandidateNotYetVerifiedOrBoundIsToldWhatIsMissing() async throws {
        try await AppHarness.run { h in
            let admin = try await h.platformAdmin()
            try await h.openCycle(admin: admin)
            let browser = try await Page.candidatePages(h, phone: "13700137009")
            let list = try await Page.get(h, "/m/declarations", browser: browser)
            #expect(list.status == .ok)
            #expect(list.text.contains("请先完成实名认证"))
            #expect(list.text.contains(#"href="/m/verification""#))
            #expect(list.text.contains("请先绑定工作单位"))
            #expect(list.text.contains(#"href="/m/employment""#))
            #expect(!list.text.contains(#"id="start-declaration""#))
            let start = try await Page.get(h, "/m/declarations/new", browser: browser)
            #expect(start.status == .seeOther)
            #expect(start.headers[.location] == "/m/declarations")
        }
    }
    @Test func aFreshGraduateIsToldToUploadTheCommitmentLetterAndThenGoesOn() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (browser, token) = try await Self.phoneCandidate(h, p, phone: "13700137010", serial: 860)
            let id = try await h.createDeclaration(token)
            let formPath = "/m/declarations/\(id)/form"
            let csrf = try #require(Page.csrf(in: try await Page.get(h, formPath, browser: browser)))
            var fields = [("_csrf", csrf), ("entryCount", "1"), ("currentEntry", "0"), ("action", "next")]
                + Self.education.filter { $0.0 != "freshGraduate" } + [("freshGraduate", "true")] + Self.entry(0, p.unitName, start: "2025-05-01", end: "")
            let refused = try await Self.multipart(h, formPath, fields + [("version", "1")], browser: browser)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(refused.text.contains(#"id="attachments-error""#))
            #expect(refused.text.contains("应届毕业生须上传承诺书"))
            #expect(refused.text.contains(#"id="freshGraduate-yes" name="freshGraduate" value="true" checked"#))
            fields.append(("version", try #require(Self.value("version", in: refused))))
            let next = try await Self.multipart(h, formPath, fields, files: [("upload-commitment_letter", Samples.jpeg(seed: 61))], browser: browser)
            #expect(next.status == .seeOther, "\(next.text)")
            #expect(next.headers[.location] == "/m/declarations/\(id)/confirm")
            let saved = try await Self.declaration(h, id, token: token)
            #expect(saved["freshGraduate"] as? Bool == true)
            #expect((saved["attachments"] as? [[String: Any]])?.map { $0["purpose"] as? String } == ["commitment_letter"])
        }
    }

    @Test func theAssistantUpgradeRouteAsksForItsCertificatesBesideTheirFields() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (browser, token) = try await Self.phoneCandidate(h, p, phone: "13700137011", serial: 861)
            let id = try await h.createDeclaration(token)
            let formPath = "/m/declarations/\(id)/form"
            let csrf = try #require(Page.csrf(in: try await Page.get(h, formPath, browser: browser)))
            let fields = [("_csrf", csrf), ("version", "1"), ("entryCount", "1"), ("currentEntry", "0"), ("action", "next")]
                + Self.education.filter { $0.0 != "assistantUpgrade" }
                + [("assistantUpgrade", "yes"), ("assistantUpgrade.qualificationCertificateNumber", "201942110420102199605180")]
                + Self.entry(0, p.unitName, start: "2025-05-01", end: "")
            let refused = try await Self.multipart(h, formPath, fields, browser: browser)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(refused.text.contains(#"id="assistantUpgrade-practiceCertificateNumber-error""#))
            #expect(refused.text.contains(#"value="201942110420102199605180""#))
            #expect(refused.text.contains(#"id="assistantUpgrade-yes" name="assistantUpgrade" value="yes" checked"#))
            #expect(refused.text.contains("执业助理医师报考执业医师须上传执业期考核证明"))
            let saved = try await Self.declaration(h, id, token: token)
            #expect((saved["assistantUpgrade"] as? [String: Any])?["qualificationCertificateNumber"] as? String == "201942110420102199605180")
        }
    }

    @Test func anApprovedDeclarationTheUnitReopensIsModifiedAndResubmitted() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (browser, token) = try await Self.phoneCandidate(h, p, phone: "13700137012", serial: 862)
            let id = try await h.submittedDeclaration(token, unitName: p.unitName)
            let api = "/api/v1/units/\(p.unit)/trial-applications/\(id)"
            #expect(try await h.request(.post, api + "/approve", token: p.unitToken).status == .ok)
            let approved = try await Page.get(h, "/m/declarations/\(id)", browser: browser)
            #expect(approved.text.contains("审核通过"))
            #expect(!approved.text.contains(#"id="modify-declaration""#))
            #expect(try await Page.get(h, "/m/declarations/\(id)/form", browser: browser).status == .seeOther)
            #expect(try await h.request(.post, api + "/allow-modification", json: #"{"reason":"专业填写有误"}"#, token: p.unitToken).status == .ok)

            let reopened = try await Page.get(h, "/m/declarations/\(id)", browser: browser)
            #expect(reopened.text.contains("允许修改原因：专业填写有误"))
            #expect(reopened.text.contains(#"id="modify-declaration""#))
            let form = try await Page.get(h, "/m/declarations/\(id)/form", browser: browser)
            #expect(form.status == .ok)
            let csrf = try #require(Page.csrf(in: form))
            let fields = [("_csrf", csrf), ("version", try #require(Self.value("version", in: form))), ("entryCount", "1"), ("currentEntry", "0"), ("action", "next")]
                + Self.education.filter { $0.0 != "education.major" } + [("education.major", "临床医学（五年制）")]
                + Self.entry(0, p.unitName, start: "2025-05-01", end: "")
            #expect(try await Self.multipart(h, "/m/declarations/\(id)/form", fields, browser: browser).status == .seeOther)
            let confirm = try await Page.get(h, "/m/declarations/\(id)/confirm", browser: browser)
            let resubmitted = try await Page.post(
                h, "/m/declarations/\(id)/confirm", [("_csrf", csrf), ("version", try #require(Self.value("version", in: confirm)))], browser: browser
            )
            #expect(resubmitted.status == .seeOther, "\(resubmitted.text)")
            let saved = try await Self.declaration(h, id, token: token)
            #expect(saved["status"] as? String == "submitted")
            #expect((saved["education"] as? [String: Any])?["major"] as? String == "临床医学（五年制）")
        }
    }
    @Test func aForeignCandidateUploadsTheApplicationFormTheRulesAskFor() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let (browser, token) = try await Self.phoneCandidate(h, p, phone: "13700137013", serial: 863, passport: true)
            let id = try await h.createDeclaration(token)
            let formPath = "/m/declarations/\(id)/form"
            let form = try await Page.get(h, formPath, browser: browser)
            #expect(form.text.contains(#"name="upload-foreign_application_form""#))
            #expect(!form.text.contains(#"name="upload-hmt_application_form""#))
            let csrf = try #require(Page.csrf(in: form))
            var fields = [("_csrf", csrf), ("entryCount", "1"), ("currentEntry", "0"), ("action", "next")]
                + Self.education + Self.entry(0, p.unitName, start: "2025-05-01", end: "")
            let refused = try await Self.multipart(h, formPath, fields + [("version", "1")], browser: browser)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(refused.text.contains("外籍人员须上传《外籍人员参加中国医师资格考试实习申请审核表》"))
            fields.append(("version", try #require(Self.value("version", in: refused))))
            let next = try await Self.multipart(h, formPath, fields, files: [("upload-foreign_application_form", Samples.pdf(seed: 71))], browser: browser)
            #expect(!next.text.contains("外籍人员须上传"))
            let saved = try await Self.declaration(h, id, token: token)
            #expect((saved["attachments"] as? [[String: Any]])?.map { $0["purpose"] as? String } == ["foreign_application_form"])
        }
    }
}
