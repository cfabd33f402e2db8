import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 我的地址 on the candidates' pages (`/m/addresses`, issue 28): list, add, edit, delete, make default,
/// through the same `AddressService` as `/api/v1/me/addresses` (its checks, its limit of addresses, one
/// default, another account's address a 404).
struct AddressMobilePages: Sendable {
    let addresses: AddressService
    let mobile: MobileRoutes
    let templates: ConsoleTemplates

    init(addresses: AddressService, mobile: MobileRoutes) throws {
        self.addresses = addresses
        self.mobile = mobile
        templates = try ConsoleTemplates(AddressMobileTemplates.all)
    }

    func register() {
        mobile.home.add("我的地址", at: IdentityPaths.mobileAddresses, section: .personal, order: 20, id: "home-addresses")
        mobile.signedIn.get(IdentityPaths.mobileAddresses.route, use: list)
        mobile.signedIn.post(IdentityPaths.mobileAddresses.route, use: create)
        mobile.signedIn.get(IdentityPaths.mobileNewAddress.route, use: newForm)
        mobile.signedIn.get(IdentityPaths.mobileAddress.route, use: editForm)
        mobile.signedIn.post(IdentityPaths.mobileAddress.route, use: update)
        mobile.signedIn.post(IdentityPaths.mobileAddressDelete.route, use: delete)
        mobile.signedIn.post(IdentityPaths.mobileAddressDefault.route, use: makeDefault)
    }

    func listPage(_ account: AccountID, error: String? = nil, notice: String? = nil, status: HTTPResponse.Status = .ok, context: AppRequestContext) async throws -> ConsolePage {
        var model = AddressListPageModel(try await addresses.list(account), csrf: context.consoleCSRF ?? "")
        model.error = error
        model.notice = notice
        return mobile.layout.page("我的地址", body: templates.render("list", model), context: context, status: status)
    }

    func formPage(_ model: AddressFormPageModel, title: String, context: AppRequestContext, status: HTTPResponse.Status = .ok) -> ConsolePage {
        mobile.layout.page(
            title, body: templates.render("form", model), context: context, status: status, back: ("我的地址", IdentityPaths.mobileAddresses.link())
        )
    }

    /// One of the caller's addresses; another's (or none) is a 404 page.
    func address(_ id: UUID, of account: AccountID) async throws -> Address {
        guard let found = try await addresses.list(account).first(where: { $0.id == id }) else { throw Problem.notFound }
        return found
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let notice = request.uri.queryParameters["saved"] == "1" ? "已保存" : nil
        return try await listPage(try context.requireCaller().accountID, notice: notice, context: context)
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        formPage(AddressFormPageModel(action: IdentityPaths.mobileAddresses.link(), csrf: context.consoleCSRF ?? ""), title: "新增地址", context: context)
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let caller = try context.requireCaller()
        let found = try await address(try context.uuidParameter("id"), of: caller.accountID)
        return formPage(AddressFormPageModel(found, csrf: context.consoleCSRF ?? ""), title: "编辑地址", context: context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return try await save(request, context: context, action: IdentityPaths.mobileAddresses.link(), title: "新增地址") { input in
            _ = try await addresses.create(caller.accountID, input, origin: context.origin)
        }
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("id")
        return try await save(request, context: context, action: IdentityPaths.mobileAddress.link(id), title: "编辑地址") { input in
            _ = try await addresses.update(caller.accountID, id, input, origin: context.origin)
        }
    }

    /// Reads the form, checks it as the API does, saves; a refusal shows the form again with what was
    /// typed and each problem beside its field (a 404 stays a "not found" page).
    private func save(
        _ request: Request, context: AppRequestContext, action: String, title: String, _ store: (AddressInput) async throws -> Void
    ) async throws -> Response {
        var model = AddressFormPageModel(typed: try await FormBody.read(request), action: action, csrf: context.consoleCSRF ?? "")
        do {
            try await store(try AddressService.validate(model.request))
        } catch let problem as Problem where problem.status != 404 {
            model.refused(problem)
            return try formPage(model, title: title, context: context, status: HTTPResponse.Status(code: problem.status)).response(from: request, context: context)
        }
        return ConsolePage.redirect(to: IdentityPaths.mobileAddresses.link(query: QueryString([("saved", "1")])))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("id")
        return try await ConsoleAction.run(request, context: context) { _ in
            try await addresses.delete(caller.accountID, id, origin: context.origin)
        } refused: { message, status in
            try await listPage(caller.accountID, error: message, status: status, context: context)
        } then: {
            IdentityPaths.mobileAddresses.link()
        }
    }

    /// 设为默认: the address saved again as it is, as the default (as `PUT` with `isDefault: true`).
    @Sendable func makeDefault(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("id")
        return try await ConsoleAction.run(request, context: context) { _ in
            let found = try await address(id, of: caller.accountID)
            let input = try AddressService.validate(
                AddressRequest(recipient: found.recipient, phone: found.phone, region: found.region, detail: found.detail, isDefault: true)
            )
            _ = try await addresses.update(caller.accountID, id, input, origin: context.origin)
        } refused: { message, status in
            try await listPage(caller.accountID, error: message, status: status, context: context)
        } then: {
            IdentityPaths.mobileAddresses.link()
        }
    }
}
