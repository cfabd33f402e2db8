import Audit
import Contracts
import CoreMetrics
import Foundation
import Logging
import Postgres

/// Both ways in: WeChat authorization (微信授权登录) and phone + SMS code (手机快捷登录). Each login makes a
/// new session token and writes `auth.login` in the same transaction.
struct LoginService: Sendable {
    let database: Database
    let wechat: any WeChatLoginClient
    let sessions: SessionStore
    let verifier: SMSCodeVerifier
    let clock: any WallClock
    let metrics: any MetricsFactory

    struct Result: Sendable {
        let account: AccountID
        let issued: SessionStore.Issued
    }

    func loginWithWeChat(code: String, origin: RequestOrigin) async throws -> Result {
        try await counted(.wechat) { try await wechatLogin(code: code, origin: origin) }
    }

    func loginWithPhone(_ phone: PhoneNumber, code: String, origin: RequestOrigin) async throws -> Result {
        try await counted(.phone) { try await phoneLogin(phone, code: code, origin: origin) }
    }

    /// `health_talent_logins_total{method, outcome}`: `success`, or the refusal's problem code (a bounded
    /// set), or `error` for a failure that is not the caller's.
    private func counted(_ method: LoginMethod, _ login: () async throws -> Result) async throws -> Result {
        let outcome: String
        defer { Counter(label: "health_talent_logins_total", dimensions: [("method", method.rawValue), ("outcome", outcome)], factory: metrics).increment() }
        do {
            let result = try await login()
            outcome = "success"
            return result
        } catch let problem as Problem {
            outcome = problem.code
            throw problem
        } catch {
            outcome = "error"
            throw error
        }
    }

    private func wechatLogin(code: String, origin: RequestOrigin) async throws -> Result {
        let identity: WeChatIdentity
        do {
            identity = try await wechat.exchange(code: code)
        } catch {
            switch error {
            case .invalidCode: throw IdentityProblems.wechatCodeInvalid
            case .rateLimited: throw IdentityProblems.wechatRateLimited
            case .highRisk: throw IdentityProblems.wechatLoginRefused
            case .unavailable: throw IdentityProblems.upstreamUnavailable
            }
        }
        let now = clock.now()
        return try await database.transaction { connection in
            let (account, created) = try await AccountStore.upsert(wechat: identity, loginAt: now, on: connection)
            return try await finishLogin(account, created: created, method: .wechat, at: now, origin: origin, on: connection)
        }
    }

    private func phoneLogin(_ phone: PhoneNumber, code: String, origin: RequestOrigin) async throws -> Result {
        let now = clock.now()
        let committed: Committed<Result> = try await database.transaction { connection in
            let verdict = try await verifier.consume(code, for: phone, at: now, origin: origin, on: connection)
            if let problem = verdict.problem { return .refused(problem) }
            let (account, created) = try await AccountStore.upsert(phone: phone, loginAt: now, on: connection)
            return .done(try await finishLogin(account, created: created, method: .phone, at: now, origin: origin, on: connection))
        }
        return try committed.get()
    }

    /// The console's sign-in (管理端登录): phone and SMS code as for the API, with the same limits,
    /// metrics and audit, but only for an existing account holding a unit or platform administrator's
    /// role; anyone else is refused (the code is used up all the same) and no account is created.
    func loginToConsole(_ phone: PhoneNumber, code: String, origin: RequestOrigin) async throws -> Result {
        try await counted(.phone) {
            let now = clock.now()
            let committed: Committed<Result> = try await database.transaction { connection in
                let verdict = try await verifier.consume(code, for: phone, at: now, origin: origin, on: connection)
                if let problem = verdict.problem { return .refused(problem) }
                guard let account = try await AccountStore.account(withPhone: phone, on: connection) else {
                    return .refused(IdentityProblems.consoleRefused)
                }
                guard let loaded = try await AccountStore.load(account, on: connection),
                      loaded.roles.contains(where: { $0.kind == .platformAdmin || $0.kind == .unitAdmin })
                else {
                    try await connection.record(AuditEvent(action: "auth.console_refused", about: account), origin: origin)
                    return .refused(IdentityProblems.consoleRefused)
                }
                _ = try await AccountStore.upsert(phone: phone, loginAt: now, on: connection)
                return .done(try await finishLogin(account, created: false, method: .phone, at: now, origin: origin, on: connection))
            }
            return try committed.get()
        }
    }

    /// Binds a phone to the caller's account after checking a code sent to it, so a WeChat user can also
    /// log in by phone and reach the same account.
    func bindPhone(_ phone: PhoneNumber, code: String, to account: AccountID, origin: RequestOrigin) async throws {
        let now = clock.now()
        let committed: Committed<Void> = try await database.transaction { connection in
            let verdict = try await verifier.consume(code, for: phone, at: now, origin: origin, on: connection)
            if let problem = verdict.problem { return .refused(problem) }
            if let owner = try await AccountStore.account(withPhone: phone, on: connection) {
                return owner == account ? .done(()) : .refused(IdentityProblems.phoneTaken)
            }
            try await AccountStore.setPhone(phone, of: account, on: connection)
            try await connection.record(
                AuditEvent(action: "account.phone.bind", about: account, details: ["phone": phone.masked]),
                origin: origin
            )
            return .done(())
        }
        try committed.get()
    }

    private func finishLogin(
        _ account: AccountID, created: Bool, method: LoginMethod, at now: Date, origin: RequestOrigin, on connection: Connection
    ) async throws -> Result {
        let actor = RequestOrigin(actor: account, requestID: origin.requestID, clientIP: origin.clientIP)
        if created {
            try await connection.record(
                AuditEvent(action: "account.create", about: account, details: ["via": method.rawValue]),
                origin: actor
            )
        }
        let issued = try await sessions.issue(for: account, method: method, at: now, on: connection)
        try await connection.record(
            AuditEvent(action: "auth.login", about: account, details: ["method": method.rawValue]),
            origin: actor
        )
        return Result(account: account, issued: issued)
    }
}
