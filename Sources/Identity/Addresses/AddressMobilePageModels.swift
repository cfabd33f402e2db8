import Console
import Contracts
import Foundation
import Web

/// `/m/addresses` (我的地址): every address, the default first, each with 编辑, 设为默认 and 删除.
struct AddressListPageModel: Sendable {
    struct Row: Sendable {
        let id: String
        let recipient: String
        let phone: String
        let region: String
        let detail: String
        let isDefault: Bool
        let editHref: String
        let deleteAction: String
        let defaultAction: String
    }

    let rows: [Row]
    let isEmpty: Bool
    let newHref = IdentityPaths.mobileNewAddress.link()
    var error: String?
    var notice: String?
    let csrf: String

    init(_ addresses: [Address], csrf: String) {
        rows = addresses.map { address in
            Row(
                id: address.id.uuidString.lowercased(), recipient: address.recipient, phone: address.phone, region: address.region,
                detail: address.detail, isDefault: address.isDefault, editHref: IdentityPaths.mobileAddress.link(address.id),
                deleteAction: IdentityPaths.mobileAddressDelete.link(address.id), defaultAction: IdentityPaths.mobileAddressDefault.link(address.id)
            )
        }
        isEmpty = addresses.isEmpty
        self.csrf = csrf
    }
}

/// 新增地址 and 编辑地址: the fields `POST`/`PUT /api/v1/me/addresses…` take, each problem beside its field.
struct AddressFormPageModel: Sendable {
    var recipient = ""
    var phone = ""
    var region = ""
    var detail = ""
    var isDefault = false
    var recipientError: String?
    var phoneError: String?
    var regionError: String?
    var detailError: String?
    var error: String?
    let action: String
    let cancel = IdentityPaths.mobileAddresses.link()
    let csrf: String

    init(action: String, csrf: String) {
        self.action = action
        self.csrf = csrf
    }

    init(_ address: Address, csrf: String) {
        self.init(action: IdentityPaths.mobileAddress.link(address.id), csrf: csrf)
        recipient = address.recipient
        phone = address.phone
        region = address.region
        detail = address.detail
        isDefault = address.isDefault
    }

    /// What the candidate typed, from the form.
    init(typed form: FormBody, action: String, csrf: String) {
        self.init(action: action, csrf: csrf)
        recipient = form["recipient"] ?? ""
        phone = form["phone"] ?? ""
        region = form["region"] ?? ""
        detail = form["detail"] ?? ""
        isDefault = form["isDefault"] == "1"
    }

    var request: AddressRequest {
        AddressRequest(recipient: recipient, phone: phone, region: region, detail: detail, isDefault: isDefault)
    }

    mutating func refused(_ problem: Problem) {
        recipientError = problem.message(for: "recipient")
        phoneError = problem.message(for: "phone")
        regionError = problem.message(for: "region")
        detailError = problem.message(for: "detail")
        error = problem.pageSummary
    }
}
