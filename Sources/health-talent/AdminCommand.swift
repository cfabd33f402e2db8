import App
import ArgumentParser
import Contracts
import Foundation
import Identity

struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administration tasks for operators.",
        subcommands: [GrantRole.self, RevokeRole.self]
    )
}

extension Role.Kind: ExpressibleByArgument {}

/// The role and account named on the command line.
struct RoleOptions: ParsableArguments {
    @Argument(help: "platform_admin or unit_admin")
    var role: Role.Kind

    @Option(help: "The account's phone number (the account is created if its owner has not logged in yet).")
    var phone: String?

    @Option(help: "Instead of --phone: the id of an existing account (e.g. one that logs in by WeChat only).")
    var account: String?

    @Option(help: "The institution a unit_admin administers (its id).")
    var institution: String?

    func validate() throws {
        switch (phone, account) {
        case (let phone?, nil):
            guard PhoneNumber(phone) != nil else { throw ValidationError("--phone must be an 11-digit mainland mobile number") }
        case (nil, let account?):
            guard UUID(uuidString: account) != nil else { throw ValidationError("--account must be an account id (a UUID)") }
        default:
            throw ValidationError("name the account with exactly one of --phone and --account")
        }
        switch role {
        case .unitAdmin:
            guard let institution, UUID(uuidString: institution) != nil else {
                throw ValidationError("unit_admin needs --institution with the institution's id (a UUID)")
            }
        case .platformAdmin:
            guard institution == nil else { throw ValidationError("platform_admin takes no --institution") }
        }
    }

    enum Target {
        case phone(PhoneNumber)
        case account(AccountID)
    }

    /// What `validate()` checked, as values (no force-unwrapping of what was typed).
    func resolved() throws -> (Role, Target) {
        let institutionID = institution.flatMap { UUID(uuidString: $0) }.map(InstitutionID.init)
        guard let role = Role(code: role.rawValue, institution: institutionID) else { throw ValidationError("invalid role or institution") }
        if let phone = phone.flatMap(PhoneNumber.init) { return (role, .phone(phone)) }
        if let account = account.flatMap({ UUID(uuidString: $0) }) { return (role, .account(AccountID(account))) }
        throw ValidationError("invalid phone or account")
    }
}

struct GrantRole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grant-role", abstract: "Give an account a role.")
    @OptionGroup var options: RoleOptions

    func run() async throws {
        try await withRoles { roles in
            switch try options.resolved() {
            case (let role, .phone(let phone)):
                let granted = try await roles.grant(role, toPhone: phone, origin: .commandLine)
                print(granted ? "granted \(options.role.rawValue) to \(phone.masked)" : "\(phone.masked) already has \(options.role.rawValue)")
            case (let role, .account(let account)):
                switch try await roles.grant(role, toAccount: account, origin: .commandLine) {
                case true?: print("granted \(options.role.rawValue) to account \(account)")
                case false?: print("account \(account) already has \(options.role.rawValue)")
                case nil:
                    FileHandle.standardError.write(Data("health-talent: no account \(account)\n".utf8))
                    throw ExitCode.failure
                }
            }
        }
    }
}

struct RevokeRole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke-role", abstract: "Take a role away from an account.")
    @OptionGroup var options: RoleOptions

    func run() async throws {
        try await withRoles { roles in
            guard case (let role, .phone(let phone)) = try options.resolved() else {
                throw ValidationError("revoke-role takes --phone")
            }
            let revoked = try await roles.revoke(role, fromPhone: phone, origin: .commandLine)
            print(revoked ? "revoked \(options.role.rawValue) from \(phone.masked)" : "\(phone.masked) did not have \(options.role.rawValue)")
        }
    }
}

/// Runs `body` with the role administration of the configured database, closing the pool afterwards.
private func withRoles(_ body: (RoleAdministration) async throws -> Void) async throws {
    try await CommandEnvironment.load().withModules("admin command") { modules in
        try await body(modules.identity.roles)
    }
}
