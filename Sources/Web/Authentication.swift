import Contracts
import Foundation
import HTTPTypes
import Hummingbird

/// Puts the caller on the context for every route registered after it, and answers 401 when the
/// `Authorization: Bearer` token is missing, malformed, unknown, expired or revoked.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    let authenticator: any Authenticator

    public init(authenticator: any Authenticator) {
        self.authenticator = authenticator
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = Self.bearerToken(request.headers[.authorization]),
              let caller = try await authenticator.authenticate(bearerToken: token)
        else { throw Problem.unauthorized }
        var context = context
        context.caller = caller
        return try await next(request, context)
    }

    /// The token of `Bearer <token>` (scheme case-insensitive, RFC 6750), or nil.
    public static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingBlanks(where: \.isHTTPWhitespace)
        return token.isEmpty ? nil : token
    }
}

extension AppRequestContext {
    /// The authenticated caller; routes behind `AuthenticationMiddleware` always have one.
    public func requireCaller() throws(Problem) -> Caller {
        guard let caller else { throw Problem.unauthorized }
        return caller
    }

    /// 403 unless the caller is a platform administrator (`PlatformAdminMiddleware`; handlers rely on
    /// their route group instead of calling this).
    @discardableResult
    public func requirePlatformAdmin() throws(Problem) -> Caller {
        let caller = try requireCaller()
        guard caller.isPlatformAdmin else { throw Problem.forbidden }
        return caller
    }

    /// A UUID path parameter. A malformed one cannot name anything of the caller's, so it is the same 404
    /// as an id that does not exist.
    public func uuidParameter(_ name: String) throws(Problem) -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else { throw Problem.notFound }
        return id
    }

    /// Who and where, for audit events written while handling this request.
    public var origin: RequestOrigin {
        RequestOrigin(actor: caller?.accountID, requestID: requestID, clientIP: clientIP)
    }
}
