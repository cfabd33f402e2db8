import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 实名认证 on the candidates' pages (`/m/verification`, issue 28), the guide's steps: 信息填写 →
/// 证件扫描 (both sides from the phone's camera) → 认证成功; after failed scans, or for other documents,
/// 人工审核 (审核中, then approved or rejected with the reason); 撤回 and redo. The status is always at
/// the top. Everything goes through `VerificationService`, like `/api/v1/me/verification*`; the photos
/// through `AttachmentUploader`, like `POST /api/v1/attachments` (same purposes, sizes, daily limit).
struct VerificationMobilePages: Sendable {
    let service: VerificationService
    let uploader: any AttachmentUploader
    let settings: IdentitySettings
    let mobile: MobileRoutes
    let templates: ConsoleTemplates

    init(service: VerificationService, uploader: any AttachmentUploader, settings: IdentitySettings, mobile: MobileRoutes) throws {
        self.service = service
        self.uploader = uploader
        self.settings = settings
        self.mobile = mobile
        templates = try ConsoleTemplates(VerificationMobileTemplates.all)
    }

    func register() {
        let settings = settings
        mobile.home.add("实名认证", at: IdentityPaths.mobileVerification, section: .services, order: 10, id: "home-verification") { caller in
            // The verification rode in with the session, as for `GET /me`: no statement.
            guard let (_, state) = try SessionStore.preloaded(caller, settings: settings) else { return nil }
            return VerificationStatusText.label(state.status)
        }
        mobile.signedIn.get(IdentityPaths.mobileVerification.route, use: show)
        mobile.signedIn.post(IdentityPaths.mobileVerification.route, use: start)
        mobile.signedIn.post(IdentityPaths.mobileVerificationScan.route, use: scan)
        mobile.signedIn.post(IdentityPaths.mobileVerificationWithdraw.route, use: withdraw)
    }

    func page(_ model: VerificationMobilePageModel, context: AppRequestContext, status: HTTPResponse.Status = .ok) -> ConsolePage {
        mobile.layout.page("实名认证", body: templates.render("verification", model), context: context, status: status)
    }

    func model(_ account: AccountID, editing: Bool = false, context: AppRequestContext) async throws -> VerificationMobilePageModel {
        VerificationMobilePageModel(state: try await service.state(of: account), editing: editing, csrf: context.consoleCSRF ?? "")
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        return page(try await model(caller.accountID, editing: request.uri.queryParameters["edit"] == "1", context: context), context: context)
    }

    /// Step 1 (信息填写), and the switch to 人工审核 (the same step with the method changed).
    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await FormBody.read(request)
        let input = VerificationStartRequest(
            realName: form["realName"] ?? "", documentType: form["documentType"] ?? "", documentNumber: form["documentNumber"] ?? "",
            method: form["method"] ?? ""
        )
        do {
            try await service.start(caller.accountID, input, origin: context.origin)
        } catch let problem as Problem {
            var refused = try await model(caller.accountID, editing: true, context: context)
            refused.refused(input, problem)
            return try page(refused, context: context, status: HTTPResponse.Status(code: problem.status)).response(from: request, context: context)
        }
        return ConsolePage.redirect(to: IdentityPaths.mobileVerification.link())
    }

    /// Step 2 (证件扫描): each chosen photo is stored first, as an upload of its side's purpose; a photo
    /// stored on an earlier try (`frontId`, `backId`) stands when no new one is chosen. Then the service
    /// checks both and verifies (automatic) or submits them for review (manual).
    @Sendable func scan(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await MultipartForm.read(request)
        var ids = ["front": form["frontId"] ?? "", "back": form["backId"] ?? ""]
        var problems: [FieldProblem] = []
        for (field, purpose) in [("front", AttachmentPurpose.idDocumentFront), ("back", .idDocumentBack)] {
            guard let file = form.file(field), !file.content.isEmpty else { continue }
            guard let type = Self.photoType(of: file.content) else {
                problems.append(VerificationProblems.unreadablePhoto(field))
                continue
            }
            do {
                let id = try await uploader.upload(file.content, declaredType: type, purpose: purpose, owner: caller.accountID, origin: context.origin)
                ids[field] = id.description
            } catch let problem as Problem {
                problems.append(VerificationProblems.refusedPhoto(field, problem))
            }
        }
        let front = ids["front"] ?? "", back = ids["back"] ?? ""
        var summary = Problem.validation(problems).title
        var status = HTTPResponse.Status.unprocessableContent
        if problems.isEmpty {
            do {
                try await service.scan(caller.accountID, VerificationScanRequest(frontAttachmentId: front, backAttachmentId: back), origin: context.origin)
                return ConsolePage.redirect(to: IdentityPaths.mobileVerification.link())
            } catch let problem as Problem {
                // The service names the API's fields; the form's are `front` and `back`.
                problems = problem.errors.map { VerificationProblems.photoField($0) }
                summary = problem.pageSummary
                status = HTTPResponse.Status(code: problem.status)
                if problems.isEmpty {
                    // A failed scan, a limit, a state that moved on: the candidate takes new photos.
                    var refused = try await model(caller.accountID, context: context)
                    refused.refused(front: "", back: "", [], summary: summary)
                    return try page(refused, context: context, status: status).response(from: request, context: context)
                }
            }
        }
        var refused = try await model(caller.accountID, context: context)
        refused.refused(front: front, back: back, problems, summary: summary)
        return try page(refused, context: context, status: status).response(from: request, context: context)
    }

    /// 撤回: a verification waiting for photos or for review; the candidate starts again.
    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return try await ConsoleAction.run(request, context: context) { _ in
            try await service.withdraw(caller.accountID, origin: context.origin)
        } refused: { message, status in
            var refused = try await model(caller.accountID, context: context)
            refused.error = message
            return page(refused, context: context, status: status)
        } then: {
            IdentityPaths.mobileVerification.link()
        }
    }

    /// JPEG or PNG by the first bytes (what a phone's camera gives); Attachments checks them again.
    static func photoType(of bytes: [UInt8]) -> AttachmentMediaType? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        return nil
    }
}
