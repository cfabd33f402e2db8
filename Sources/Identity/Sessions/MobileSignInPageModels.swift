import Console
import Contracts
import Web

/// The candidates' sign-in page: the phone entered, whether a code was sent, what to tell them, and
/// each field's problem beside it.
struct MobileSignInPageModel: Sendable {
    var phone = ""
    var codeSent = false
    var notice: String?
    var phoneError: String?
    var codeError: String?
    var csrf: String
    let sendCodeAction = IdentityPaths.mobileLoginCode.link()
    let signInAction = IdentityPaths.mobileLogin.link()
}
