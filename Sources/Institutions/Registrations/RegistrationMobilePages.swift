import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 机构注册 on the candidates' pages (`/m/employment/register`, issue 28; the guide's 附件2): a unit that
/// search does not find is registered by its responsible person, with the 医疗机构执业许可证 photographed
/// on the phone; their registrations and each decision are listed below the form. Through
/// `RegistrationService` (the same as `POST /api/v1/institution-registrations`) and the API's uploads.
struct RegistrationMobilePages: Sendable {
    let registrations: RegistrationService
    let uploader: any AttachmentUploader
    let mobile: MobileRoutes
    let templates: ConsoleTemplates

    init(registrations: RegistrationService, uploader: any AttachmentUploader, mobile: MobileRoutes) throws {
        self.registrations = registrations
        self.uploader = uploader
        self.mobile = mobile
        templates = try ConsoleTemplates(RegistrationMobileTemplates.all)
    }

    func register() {
        mobile.signedIn.get(InstitutionsPaths.mobileRegister.route, use: show)
        mobile.signedIn.post(InstitutionsPaths.mobileRegister.route, use: submit)
    }

    func page(_ form: RegistrationMobileModel.Form, context: AppRequestContext, notice: String? = nil, status: HTTPResponse.Status = .ok) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let mine = try await registrations.mine(caller.accountID)
        let model = RegistrationMobileModel(form: form, mine: mine, notice: notice, csrf: context.consoleCSRF ?? "")
        return mobile.layout.page("机构注册", body: templates.render("register", model), context: context, status: status, back: ("工作单位", InstitutionsPaths.mobileEmployment.link()))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let submitted = request.uri.queryParameters["done"] == "submitted"
        return try await page(RegistrationMobileModel.Form(), context: context, notice: submitted ? "注册申请已提交，请等待平台审核。" : nil)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        var form: RegistrationMobileModel.Form
        var problems: [FieldProblem] = []
        if request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true {
            let multipart = try await MultipartForm.read(request)
            form = RegistrationMobileModel.Form { multipart[$0] }
            // The licence photo is stored first (the API's checks and limits); its id rides in the form
            // from then on, so a refused form does not ask for the photo again.
            if let file = multipart.file("licence"), !file.content.isEmpty {
                if let type = file.sniffedType {
                    do {
                        form.licenceAttachmentId = try await uploader.upload(
                            file.content, declaredType: type, purpose: .institutionLicence, owner: caller.accountID, origin: context.origin
                        ).description
                    } catch let problem as Problem {
                        problems.append(InstitutionsProblems.refusedLicence(problem))
                    }
                } else {
                    problems.append(InstitutionsProblems.unreadableLicence)
                }
            }
        } else {
            let body = try await FormBody.read(request)
            form = RegistrationMobileModel.Form { body[$0] }
        }
        do {
            guard problems.isEmpty else { throw Problem.validation(problems) }
            _ = try await registrations.submit(form.request, by: caller.accountID, origin: context.origin)
        } catch let problem as Problem where problem.status != 404 {
            form.refused(problem, alsoFrom: problems)
            return try await page(form, context: context, status: HTTPResponse.Status(code: problem.status)).response(from: request, context: context)
        }
        return ConsolePage.redirect(to: InstitutionsPaths.mobileRegister.link(query: QueryString().adding("done", "submitted")))
    }
}
