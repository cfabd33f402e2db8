import App
import ArgumentParser
import Contracts
import Foundation
import Identity
import Postgres

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
    var phone: String

    @Option(help: "The institution a unit_admin administers (its id).")
    var institution: String?

    func validate() throws {
        guard PhoneNumber(phone) != nil else { throw ValidationError("--phone must be an 11-digit mainland mobile number") }
        switch role {
        case .unitAdmin:
            guard let institution, UUID(uuidString: institution) != nil else {
                throw ValidationError("unit_admin needs --institution with the institution's id (a UUID)")
            }
        case .platformAdmin:
            guard institution == nil else { throw ValidationError("platform_admin takes no --institution") }
        }
    }

    /// What `validate()` checked, as values (no force-unwrapping of what was typed).
    func resolved() throws -> (Role, PhoneNumber) {
        let institutionID = institution.flatMap { UUID(uuidString: $0) }.map(InstitutionID.init)
        guard let phone = PhoneNumber(phone), let role = Role(code: role.rawValue, institution: institutionID) else {
            throw ValidationError("invalid role, institution or phone")
        }
        return (role, phone)
    }
}

struct GrantRole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grant-role", abstract: "Give an account a role.")
    @OptionGroup var options: RoleOptions

    func run() async throws {
        try await withRoles { roles in
            let (role, phone) = try options.resolved()
            let granted = try await roles.grant(role, toPhone: phone, origin: .commandLine)
            print(granted ? "granted \(options.role.rawValue) to \(phone.masked)" : "\(phone.masked) already has \(options.role.rawValue)")
        }
    }
}

struct RevokeRole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke-role", abstract: "Take a role away from an account.")
    @OptionGroup var options: RoleOptions

    func run() async throws {
        try await withRoles { roles in
            let (role, phone) = try options.resolved()
            let revoked = try await roles.revoke(role, fromPhone: phone, origin: .commandLine)
            print(revoked ? "revoked \(options.role.rawValue) from \(phone.masked)" : "\(phone.masked) did not have \(options.role.rawValue)")
        }
    }
}

/// Runs `body` with the role administration of the configured database, closing the pool afterwards.
private func withRoles(_ body: (RoleAdministration) async throws -> Void) async throws {
    let environment = try CommandEnvironment.load()
    let database = environment.openDatabase()
    do {
        try await body(RoleAdministration(database: database))
        await database.close()
    } catch {
        await database.close()
        environment.logger.error("admin command failed: \(error)")
        throw ExitCode.failure
    }
}
