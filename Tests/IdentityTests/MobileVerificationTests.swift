import AppTestSupport
import Console
import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Identity
import NIOCore
import Testing
import Web

/// Issue 28: 实名认证 on the candidates' pages (`/m/verification`) over HTTP — the automatic path with
/// photos from the phone's camera, failed scans then 人工审核, 撤回 and redo, problems next to their
/// fields — all through the same service as `/api/v1/me/verification`.
@Suite("Candidate pages: 实名认证", .timeLimit(.minutes(3)))
struct MobileVerificationTests {
    typealias Page = ConsoleClient

    /// A phone's form with both document photos (`multipart/form-data`), as the scan step sends it.
    static func scan(
        _ h: AppHarness, browser: ConsoleBrowser, csrf: String?, front: [UInt8]?, back: [UInt8]?, kept: [(String, String)] = []
    ) async throws -> TestResponse {
        let boundary = "----mobile-scan-boundary"
        var body: [UInt8] = []
        func text(_ name: String, _ value: String) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        func file(_ name: String, _ bytes: [UInt8]?) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(bytes == nil ? "" : "\(name).jpg")\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8)
            body += bytes ?? []
            body += Array("\r\n".utf8)
        }
        if let csrf { text("_csrf", csrf) }
        for (name, value) in kept { text(name, value) }
        file("front", front)
        file("back", back)
        body += Array("--\(boundary)--\r\n".utf8)
        var headers = browser.header
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await h.client.execute(uri: "/m/verification/scan", method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    /// Step 1 with these values; answers the response.
    static func start(
        _ h: AppHarness, _ browser: ConsoleBrowser, name: String = "张三", type: String = "resident_id",
        number: String = AppHarness.residentID, method: String = "auto"
    ) async throws -> TestResponse {
        let page = try await Page.get(h, "/m/verification", browser: browser)
        return try await Page.post(
            h, "/m/verification",
            [("_csrf", try #require(Page.csrf(in: page))), ("realName", name), ("documentType", type), ("documentNumber", number), ("method", method)],
            browser: browser
        )
    }

    static func status(_ page: TestResponse) -> String? {
        guard let range = page.text.range(of: #"id="status">"#) else { return nil }
        return String(page.text[range.upperBound...].prefix { $0 != "<" })
    }

    @Test func theAutomaticPathGoesFromInformationThroughTheCameraPhotosToSuccess() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137001")
            let home = try await Page.get(h, "/m/", browser: browser)
            #expect(home.text.contains(#"id="home-verification""#))
            #expect(home.text.contains("未认证"))

            let first = try await Page.get(h, "/m/verification", browser: browser)
            #expect(first.status == .ok)
            #expect(Self.status(first) == "未认证")
            #expect(first.text.contains(#"id="realName""#))
            #expect(first.text.contains(#"<li class="current" aria-current="step">信息填写</li>"#))

            let started = try await Self.start(h, browser)
            #expect(started.status == .seeOther, "\(started.text)")
            #expect(started.headers[.location] == "/m/verification")
            let scanPage = try await Page.get(h, "/m/verification", browser: browser)
            #expect(Self.status(scanPage) == "待认证")
            #expect(scanPage.text.contains(#"<input type="file" id="front" name="front" accept="image/*" capture="environment">"#))
            #expect(scanPage.text.contains(#"enctype="multipart/form-data""#))
            #expect(scanPage.text.contains("剩余自动核验次数：5"))

            let scanned = try await Self.scan(
                h, browser: browser, csrf: Page.csrf(in: scanPage), front: Samples.jpeg(seed: 11), back: Samples.jpeg(seed: 12)
            )
            #expect(scanned.status == .seeOther, "\(scanned.text)")
            let done = try await Page.get(h, "/m/verification", browser: browser)
            #expect(Self.status(done) == "已认证")
            #expect(done.text.contains("认证成功"))
            #expect(done.text.contains("420106********4519"))
            #expect(!done.text.contains(AppHarness.residentID))
            #expect(!done.text.contains(#"id="withdraw""#))
            // The service's audit events, as through the API.
            #expect(try await h.auditActions().contains("verification.verify"))
            #expect(try await Page.get(h, "/m/", browser: browser).text.contains("已认证"))
        }
    }

    @Test func failedScansLeadToManualReviewWhichShowsTheDecision() async throws {
        try await AppHarness.run(environment: ["VERIFICATION_MAX_FAILURES": "2"]) { h in
            let browser = try await Page.candidatePages(h, phone: "13700137002")
            // 李四: the fake verifier never matches.
            #expect(try await Self.start(h, browser, name: "李四").status == .seeOther)
            for left in [1, 0] {
                let page = try await Page.get(h, "/m/verification", browser: browser)
                let failed = try await Self.scan(h, browser: browser, csrf: Page.csrf(in: page), front: Samples.jpeg(seed: 21), back: Samples.jpeg(seed: 22))
                #expect(failed.status == .unprocessableContent)
                #expect(failed.text.contains("认证未通过：姓名和身份证号不一致"))
                #expect(failed.text.contains("剩余自动核验次数：\(left)"))
                #expect(Self.status(failed) == "待认证")
            }
            let exhausted = try await Page.get(h, "/m/verification", browser: browser)
            #expect(exhausted.text.contains(#"id="suggest-manual""#))
            #expect(!exhausted.text.contains(#"id="scan-submit""#))  // only manual review is offered now
            let again = try await Self.scan(h, browser: browser, csrf: Page.csrf(in: exhausted), front: Samples.jpeg(seed: 23), back: Samples.jpeg(seed: 24))
            #expect(again.status == .tooManyRequests)
            #expect(again.text.contains("扫描失败次数过多，请选择人工审核"))

            // 改为人工审核: the same information, the manual method; then the photos again.
            let switched = try await Page.post(
                h, "/m/verification",
                [("_csrf", try #require(Page.csrf(in: exhausted))), ("realName", "李四"), ("documentType", "resident_id"),
                 ("documentNumber", AppHarness.residentID), ("method", "manual")],
                browser: browser
            )
            #expect(switched.status == .seeOther, "\(switched.text)")
            let manualScan = try await Page.get(h, "/m/verification", browser: browser)
            #expect(manualScan.text.contains("提交人工审核"))
            #expect(manualScan.text.contains("<li class=\"done\">信息填写</li>"))
            #expect(manualScan.text.contains("人工审核</li>"))
            let submitted = try await Self.scan(h, browser: browser, csrf: Page.csrf(in: manualScan), front: Samples.jpeg(seed: 25), back: Samples.jpeg(seed: 26))
            #expect(submitted.status == .seeOther, "\(submitted.text)")
            let waiting = try await Page.get(h, "/m/verification", browser: browser)
            #expect(Self.status(waiting) == "审核中")
            #expect(waiting.text.contains(#"id="under-review""#))
            #expect(try await Page.get(h, "/m/", browser: browser).text.contains("审核中"))

            // The platform rejects with a reason: the candidate sees it and can start again.
            let admin = try await h.platformAdmin()
            let queue = try await h.request(.get, "/api/v1/admin/verifications", token: admin)
            let id = try #require((queue.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            let rejected = try await h.request(.post, "/api/v1/admin/verifications/\(id)/reject", json: #"{"reason":"证件照片模糊"}"#, token: admin)
            #expect(rejected.status == .noContent)
            let refused = try await Page.get(h, "/m/verification", browser: browser)
            #expect(Self.status(refused) == "审核未通过")
            #expect(refused.text.contains("审核未通过原因：证件照片模糊"))
            #expect(refused.text.contains(#"value="李四""#))  // step 1 again, what was entered kept
        }
    }

    @Test func aManualVerificationApprovedByThePlatformShowsVerified() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137003")
            // Other documents than the resident ID go to manual review only.
            let auto = try await Self.start(h, browser, name: "John Smith", type: "passport", number: "E12345678", method: "auto")
            #expect(auto.status == .unprocessableContent)
            #expect(auto.text.contains(#"id="method-error""#))
            #expect(auto.text.contains("仅居民身份证支持自动核验"))
            #expect(try await Self.start(h, browser, name: "John Smith", type: "passport", number: "E12345678", method: "manual").status == .seeOther)
            let page = try await Page.get(h, "/m/verification", browser: browser)
            #expect(try await Self.scan(h, browser: browser, csrf: Page.csrf(in: page), front: Samples.png(seed: 31), back: Samples.png(seed: 32)).status == .seeOther)
            let admin = try await h.platformAdmin()
            let queue = try await h.request(.get, "/api/v1/admin/verifications", token: admin)
            let id = try #require((queue.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await h.request(.post, "/api/v1/admin/verifications/\(id)/approve", token: admin).status == .noContent)
            let done = try await Page.get(h, "/m/verification", browser: browser)
            #expect(Self.status(done) == "已认证")
            #expect(done.text.contains("认证成功"))
            #expect(done.text.contains("护照"))
        }
    }

    @Test func withdrawingUnderReviewLetsTheCandidateStartAgainAutomatically() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137004")
            #expect(try await Self.start(h, browser, method: "manual").status == .seeOther)
            let page = try await Page.get(h, "/m/verification", browser: browser)
            #expect(try await Self.scan(h, browser: browser, csrf: Page.csrf(in: page), front: Samples.jpeg(seed: 41), back: Samples.jpeg(seed: 42)).status == .seeOther)
            let waiting = try await Page.get(h, "/m/verification", browser: browser)
            #expect(Self.status(waiting) == "审核中")
            let withdrawn = try await Page.post(h, "/m/verification/withdraw", [("_csrf", try #require(Page.csrf(in: waiting)))], browser: browser)
            #expect(withdrawn.status == .seeOther)
            let redo = try await Page.get(h, "/m/verification", browser: browser)
            #expect(Self.status(redo) == "已撤回")
            #expect(redo.text.contains(#"id="info-submit""#))
            #expect(!redo.text.contains(#"id="withdraw""#))
            // Withdrawing twice: the service's refusal on the page, nothing else.
            let twice = try await Page.post(h, "/m/verification/withdraw", [("_csrf", try #require(Page.csrf(in: redo)))], browser: browser)
            #expect(twice.status == .conflict)
            #expect(twice.text.contains("当前没有可撤回的认证"))
            // Redo, automatic this time.
            #expect(try await Self.start(h, browser).status == .seeOther)
            let scanPage = try await Page.get(h, "/m/verification", browser: browser)
            #expect(try await Self.scan(h, browser: browser, csrf: Page.csrf(in: scanPage), front: Samples.jpeg(seed: 43), back: Samples.jpeg(seed: 44)).status == .seeOther)
            #expect(Self.status(try await Page.get(h, "/m/verification", browser: browser)) == "已认证")
        }
    }

    @Test func stepOneProblemsStandNextToTheirFieldsWithTheValuesKept() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137005")
            let refused = try await Self.start(h, browser, name: "张三3", number: "420106199003074510")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"id="realName-error""#))
            #expect(refused.text.contains(#"id="documentNumber-error""#))
            #expect(refused.text.contains("证件号码校验位不正确"))
            #expect(refused.text.contains(#"value="张三3" required aria-invalid="true""#))
            #expect(refused.text.contains(#"value="420106199003074510""#))
            #expect(Self.status(refused) == "未认证")
            // Nothing was started.
            #expect(Self.status(try await Page.get(h, "/m/verification", browser: browser)) == "未认证")
        }
    }

    @Test func aMissingOrUnreadablePhotoIsShownBesideItsFieldAndTheOtherIsKept() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137006")
            #expect(try await Self.start(h, browser).status == .seeOther)
            let page = try await Page.get(h, "/m/verification", browser: browser)
            let missing = try await Self.scan(h, browser: browser, csrf: Page.csrf(in: page), front: Samples.jpeg(seed: 51), back: nil)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains(#"id="back-error""#))
            #expect(!missing.text.contains(#"id="front-error""#))
            // The front photo is kept (shown, and sent again with the form).
            let kept = try #require(missing.text.firstMatch(of: /name="frontId" value="([0-9a-f-]{36})"/)?.1)
            #expect(missing.text.contains(#"<img src="/m/attachments/\#(kept)""#))
            let text = try await Self.scan(h, browser: browser, csrf: Page.csrf(in: missing), front: nil, back: Array("not a photo".utf8), kept: [("frontId", String(kept))])
            #expect(text.status == .unprocessableContent)
            #expect(text.text.contains("请拍摄或选择 JPG、PNG 格式的证件照片"))
            let done = try await Self.scan(h, browser: browser, csrf: Page.csrf(in: text), front: nil, back: Samples.jpeg(seed: 52), kept: [("frontId", String(kept))])
            #expect(done.status == .seeOther, "\(done.text)")
            #expect(Self.status(try await Page.get(h, "/m/verification", browser: browser)) == "已认证")
        }
    }

    @Test func aPhotoOverTheUploadLimitIsRefusedBesideItsField() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137009")
            #expect(try await Self.start(h, browser).status == .seeOther)
            let page = try await Page.get(h, "/m/verification", browser: browser)
            // Document photos may be 2 MiB at most, as through `POST /api/v1/attachments`.
            let refused = try await Self.scan(h, browser: browser, csrf: Page.csrf(in: page), front: Samples.jpeg(size: 3 << 20, seed: 81), back: Samples.jpeg(seed: 82))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"id="front-error""#))
            #expect(refused.text.firstMatch(of: /name="backId" value="[0-9a-f-]{36}"/) != nil)
            #expect(refused.text.firstMatch(of: /name="frontId"/) == nil)
            #expect(Self.status(refused) == "待认证")
        }
    }

    @Test func anotherCandidatesPhotoCannotBeUsedOrSeen() async throws {
        try await AppHarness.run { h in
            let other = try await h.candidate("user-mobile-other")
            let browser = try await Page.candidatePages(h, phone: "13700137007")
            #expect(try await Self.start(h, browser).status == .seeOther)
            let page = try await Page.get(h, "/m/verification", browser: browser)
            let refused = try await Self.scan(
                h, browser: browser, csrf: Page.csrf(in: page), front: nil, back: nil, kept: [("frontId", other.front), ("backId", other.back)]
            )
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("未找到上传的证件照片"))
            #expect(!refused.text.contains(other.front))
            let image = try await Page.get(h, "/m/attachments/\(other.front)", browser: browser)
            #expect(image.status == .notFound)
            #expect(image.text.contains("未找到"))
            #expect(image.text.contains(#"<body class="m">"#))
        }
    }

    @Test func aPostWithoutTheTokenIsRefusedAndChangesNothing() async throws {
        try await AppHarness.run { h in
            let browser = try await Page.candidatePages(h, phone: "13700137008")
            let forged = try await Page.post(
                h, "/m/verification", [("realName", "张三"), ("documentType", "resident_id"), ("documentNumber", AppHarness.residentID), ("method", "auto")],
                browser: browser
            )
            #expect(forged.status == .forbidden)
            #expect(Self.status(try await Page.get(h, "/m/verification", browser: browser)) == "未认证")
            #expect(try await Self.start(h, browser).status == .seeOther)
            let scanForged = try await Self.scan(h, browser: browser, csrf: nil, front: Samples.jpeg(seed: 61), back: Samples.jpeg(seed: 62))
            #expect(scanForged.status == .forbidden)
            let withdrawForged = try await Page.post(h, "/m/verification/withdraw", [], browser: browser)
            #expect(withdrawForged.status == .forbidden)
            #expect(Self.status(try await Page.get(h, "/m/verification", browser: browser)) == "待认证")
        }
    }

    @Test func aVisitorIsSentToThePhoneForm() async throws {
        try await AppHarness.run { h in
            let visitor = try await Page.get(h, "/m/verification", browser: ConsoleBrowser())
            #expect(visitor.status == .seeOther)
            #expect(visitor.headers[.location] == "/m/")
        }
    }
}
