import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 信息确认 on the candidates' pages (`/m/records`, issue 28; guide 002 section 四): the candidate's
/// records by year; one year's record with every section, 确认 of exactly the version shown, 有误 with
/// a message, what changed and the history, the certificate photos they may add. Through
/// `CandidateRecordService`, like `/api/v1/exam-records/{year}/me…`; photos through `AttachmentUploader`,
/// like `POST /api/v1/attachments` then `PUT …/me/attachments`.
struct RecordMobilePages: Sendable {
    let candidates: CandidateRecordService
    let uploader: any AttachmentUploader
    let mobile: MobileRoutes
    let templates: ConsoleTemplates

    init(candidates: CandidateRecordService, uploader: any AttachmentUploader, mobile: MobileRoutes) throws {
        self.candidates = candidates
        self.uploader = uploader
        self.mobile = mobile
        templates = try ConsoleTemplates(RecordMobileTemplates.all)
    }

    func register() {
        mobile.home.add("信息确认", at: ConfirmationPaths.mobileRecords, section: .services, order: 40, id: "home-records") { caller in
            // The exam year's status rode in with the session (`ExamRecordDirectory.callerPreload`): no statement.
            guard let row = caller.preloaded, let current = try ExamRecordStore.preloadedRecord(in: row) else { return nil }
            return current.status.label
        }
        let pages = mobile.signedIn
        pages.get(ConfirmationPaths.mobileRecords.route, use: list)
        pages.get(ConfirmationPaths.mobileRecord.route, use: show)
        pages.post(ConfirmationPaths.mobileConfirm.route, use: confirm)
        pages.post(ConfirmationPaths.mobileDispute.route, use: dispute)
        pages.post(ConfirmationPaths.mobilePhoto.route, use: photo)
    }

    /// An unknown or out-of-range year in the path is a missing page.
    func year(_ context: AppRequestContext) throws -> Int {
        guard let text = context.parameters.get("year"), let year = Digits.integer(text), ExamRecordService.years.contains(year) else { throw Problem.notFound }
        return year
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let (examYear, records) = try await candidates.years(of: caller.accountID)
        let model = MobileRecordListModel(examYear: examYear, records: records)
        return mobile.layout.page("信息确认", body: templates.render("list", model), context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        try await page(try year(context), context: context)
    }

    /// The year's record as it is now, with what the last action left (a refusal, the typed message).
    func page(
        _ year: Int, context: AppRequestContext, status: HTTPResponse.Status = .ok, error: String? = nil, message: String = "",
        messageError: String? = nil, fieldsError: String? = nil, checked: Set<String> = [], slotErrors: [String: String] = [:]
    ) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let view = try await candidates.view(of: caller.accountID, year: year)
        // A year the unit has entered nothing for is no page (the list explains what to do).
        guard view.record != nil else { throw Problem.notFound }
        let versions = try await candidates.versions(of: caller.accountID, year: year)
        let model = try MobileRecordPageModel(
            view, versions: versions, csrf: context.consoleCSRF ?? "", error: error, message: message, messageError: messageError,
            fieldsError: fieldsError, checked: checked, slotErrors: slotErrors
        )
        return mobile.layout.page(
            "信息确认", body: templates.render("record", model), context: context, status: status,
            back: ("信息确认", ConfirmationPaths.mobileRecords.link())
        )
    }

    /// 确认: the version the form carries, which must still be the current one (a stale one is the
    /// service's 409, shown above the record as it is now).
    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let year = try year(context)
        return try await ConsoleAction.run(request, context: context) { form in
            guard let text = form["version"], let version = Digits.integer(text), version >= 1 else {
                throw Problem.validation([ConfirmationProblems.invalidVersion])
            }
            _ = try await candidates.confirm(caller.accountID, year: year, version: version, origin: context.origin)
        } refused: { message, status in
            try await page(year, context: context, status: status, error: message)
        } then: {
            ConfirmationPaths.mobileRecord.link(year)
        }
    }

    /// 有误: the message and the parts concerned; the message's problems next to it, what was typed kept.
    @Sendable func dispute(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let year = try year(context)
        let form = try await FormBody.read(request)
        let message = form["message"] ?? ""
        let fields = form.all("fields")
        do {
            _ = try await candidates.dispute(caller.accountID, year: year, message: message, fields: fields, origin: context.origin)
        } catch let problem as Problem where problem.status != 404 {
            let messageError = problem.errors.first { $0.field == "message" }?.message
            let fieldsError = problem.errors.first { $0.field.hasPrefix("fields") }?.message
            let error = messageError != nil || fieldsError != nil ? "请按提示修改后重新提交" : problem.consoleMessage
            return try await page(
                year, context: context, status: HTTPResponse.Status(code: problem.status), error: error, message: message, messageError: messageError,
                fieldsError: fieldsError, checked: Set(fields)
            ).response(from: request, context: context)
        }
        return ConsolePage.redirect(to: ConfirmationPaths.mobileRecord.link(year))
    }

    /// A photo into one of the record's certificate slots: stored as `POST /api/v1/attachments` stores
    /// it (the slot's purpose, the type and size limits, the daily count), then attached as
    /// `PUT …/me/attachments` attaches it. A refusal comes back next to the slot.
    @Sendable func photo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let year = try year(context)
        guard request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true else {
            return try await page(year, context: context, status: .unsupportedMediaType, error: "请选择要上传的照片").response(from: request, context: context)
        }
        let form = try await MultipartForm.read(request)
        let path = form["path"] ?? ""
        let view = try await candidates.view(of: caller.accountID, year: year)
        guard view.record != nil else { throw Problem.notFound }
        do {
            guard let slot = view.current?.content.attachmentSlots.first(where: { $0.path == path }) else {
                throw Problem.validation([ConfirmationProblems.unknownPath])
            }
            guard let file = form.file("photo"), !file.content.isEmpty else { throw Problem.validation([ConfirmationProblems.photoRequired(field: path)]) }
            // The types the console's form takes (JPEG, PNG, PDF); the uploader checks the rest.
            guard let type = RecordPages.sniff(file.content) else { throw Problem.validation([ConfirmationProblems.unsupportedPhoto(field: path)]) }
            let id = try await uploader.upload(file.content, declaredType: type, purpose: slot.purpose, owner: caller.accountID, origin: context.origin)
            _ = try await candidates.attach(caller.accountID, year: year, path: path, attachment: id.description, origin: context.origin)
        } catch let problem as Problem where problem.status != 404 {
            // Next to the slot when there is one to show it by; above the record otherwise.
            let known = view.current?.content.attachmentSlots.contains { $0.path == path } == true
            let text = problem.errors.first?.message ?? problem.consoleMessage
            return try await page(
                year, context: context, status: HTTPResponse.Status(code: problem.status), error: known ? "照片未上传，见该照片下方的提示" : text,
                slotErrors: known ? [path: text] : [:]
            ).response(from: request, context: context)
        }
        return ConsolePage.redirect(to: ConfirmationPaths.mobileRecord.link(year) + "#slot-" + RecordFormView.inputID(path))
    }
}
