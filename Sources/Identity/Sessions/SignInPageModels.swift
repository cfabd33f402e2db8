import Console
import Contracts
import Web

/// The sign-in page: the phone entered, whether a code was sent, what to tell the user.
struct SignInPageModel: Encodable, Sendable {
    var phone = ""
    var codeSent = false
    var notice: String?
    var error: String?
    var csrf: String
    let sendCodeAction = IdentityPaths.consoleLoginCode.link()
    let signInAction = IdentityPaths.consoleLogin.link()
}

/// The console's home: the units the caller administers and, for platform administrators, their pages.
struct HomePageModel: Encodable, Sendable {
    struct UnitLink: Encodable, Sendable {
        let name: String
        let href: String
    }

    struct PlatformLink: Encodable, Sendable {
        let label: String
        let href: String
    }

    let units: [UnitLink]
    let hasUnits: Bool
    let platform: Bool
    let platformLinks: [PlatformLink]

    /// `units`: each administered unit with its name.
    init(units: [(InstitutionID, String)], isPlatformAdmin: Bool) {
        self.units = units.map { UnitLink(name: $0.1, href: ConsolePaths.unitHome.link($0.0)) }
        hasUnits = !units.isEmpty
        platform = isPlatformAdmin
        platformLinks = [
            PlatformLink(label: "实名认证人工审核", href: IdentityPaths.reviewQueue.link()),
            PlatformLink(label: "机构注册审核", href: ConsolePaths.registrations.link()),
        ]
    }
}
