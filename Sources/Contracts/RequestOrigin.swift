/// Where a state change came from, for the audit trail: the acting account (nil for the system or an
/// anonymous caller), the request id and the client address.
public struct RequestOrigin: Sendable, Equatable {
    public var actor: AccountID?
    public var requestID: String?
    public var clientIP: String?

    public init(actor: AccountID?, requestID: String?, clientIP: String?) {
        self.actor = actor
        self.requestID = requestID
        self.clientIP = clientIP
    }

    /// A change made by an operator's command rather than a request.
    public static let commandLine = RequestOrigin(actor: nil, requestID: nil, clientIP: nil)
}
