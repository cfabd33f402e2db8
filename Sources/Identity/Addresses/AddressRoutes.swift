import Contracts
import Foundation
import Hummingbird
import Web

/// `/me/addresses`: the caller's postal addresses.
struct AddressRoutes: Sendable {
    let addresses: AddressService

    func register(on routes: ModuleRoutes) {
        let me = routes.authenticated
        me.get(IdentityPaths.addresses.route, use: listAddresses)
        me.post(IdentityPaths.addresses.route, use: createAddress)
        me.put(IdentityPaths.address.route, use: updateAddress)
        me.delete(IdentityPaths.address.route, use: deleteAddress)
    }

    @Sendable func listAddresses(_ request: Request, context: AppRequestContext) async throws -> ListResponse<AddressResponse> {
        ListResponse(items: try await addresses.list(try context.requireCaller().accountID).map(AddressResponse.init))
    }

    @Sendable func createAddress(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<AddressResponse> {
        let caller = try context.requireCaller()
        let input = try AddressService.validate(try await request.decodeJSON(as: AddressRequest.self, context: context))
        let address = try await addresses.create(caller.accountID, input, origin: context.origin)
        return EditedResponse(status: .created, response: AddressResponse(address))
    }

    @Sendable func updateAddress(_ request: Request, context: AppRequestContext) async throws -> AddressResponse {
        let caller = try context.requireCaller()
        let id = try context.uuidParameter("id")
        let input = try AddressService.validate(try await request.decodeJSON(as: AddressRequest.self, context: context))
        return AddressResponse(try await addresses.update(caller.accountID, id, input, origin: context.origin))
    }

    @Sendable func deleteAddress(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let caller = try context.requireCaller()
        try await addresses.delete(caller.accountID, try context.uuidParameter("id"), origin: context.origin)
        return .noContent
    }
}
