import Console
import Web

/// Every route path of the Identity module, API and console, used to register its routes and to build
/// every link and redirect.
enum IdentityPaths {
    // MARK: API: signing in and out (`/auth/*`)

    static let wechatLogin = RoutePath.api("/auth/wechat")
    static let smsCode = RoutePath.api("/auth/sms")
    static let phoneLogin = RoutePath.api("/auth/phone")
    static let logout = RoutePath.api("/auth/logout")

    // MARK: API: the caller's own account (`/me*`)

    static let me = RoutePath.api("/me")
    static let profile = RoutePath.api("/me/profile")
    static let phone = RoutePath.api("/me/phone")
    static let addresses = RoutePath.api("/me/addresses")
    static let address = RoutePath.api("/me/addresses/:id")
    static let verification = RoutePath.api("/me/verification")
    static let verificationScan = verification.appending("/scan")
    static let verificationWithdraw = verification.appending("/withdraw")

    // MARK: API: platform administrators' review (`/admin/verifications*`)

    static let verificationQueue = RoutePath.adminAPI("/verifications")
    static let approveVerification = RoutePath.adminAPI("/verifications/:id/approve")
    static let rejectVerification = RoutePath.adminAPI("/verifications/:id/reject")

    // MARK: Console: signing in and out, home (Console names these paths; Identity serves them)

    static let consoleHome = ConsolePaths.home
    static let consoleLogin = ConsolePaths.login
    static let consoleLoginCode = ConsolePaths.loginCode
    static let consoleLogout = ConsolePaths.logout

    // MARK: Candidate pages (`/m`): signing in and out, home (Console names these paths; Identity serves them)

    static let mobileHome = MobilePaths.home
    static let mobileLogin = MobilePaths.login
    static let mobileLoginCode = MobilePaths.loginCode
    static let mobileLogout = MobilePaths.logout

    // MARK: Candidate pages (`/m`): 实名认证, 个人信息, 我的地址 (the shared paths Console names, and their sub-pages)

    static let mobileVerification = MobilePaths.verification
    static let mobileVerificationScan = mobileVerification.appending("/scan")
    static let mobileVerificationWithdraw = mobileVerification.appending("/withdraw")
    static let mobileProfile = MobilePaths.profile
    static let mobileAddresses = MobilePaths.addresses
    static let mobileNewAddress = mobileAddresses.appending("/new")
    static let mobileAddress = mobileAddresses.appending("/:id")
    static let mobileAddressDelete = mobileAddress.appending("/delete")
    static let mobileAddressDefault = mobileAddress.appending("/default")

    // MARK: Console: 实名认证人工审核

    static let reviewQueue = RoutePath.platformConsole("/verifications")
    static let review = reviewQueue.appending("/:id")
    static let reviewApprove = review.appending("/approve")
    static let reviewReject = review.appending("/reject")
}
