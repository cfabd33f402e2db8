/// Asks an identity-document service whether a photo, a name and a resident ID number belong together.
public protocol IDVerifier: Sendable {
    func verify(name: String, residentID: String, portraitImage: [UInt8]) async throws(IDVerifierError) -> IDVerification
}

public enum IDVerification: Sendable, Equatable {
    case match
    /// The service says they do not belong together, or the photo is unusable; the reason is Chinese,
    /// for the candidate. Counts as a failed attempt.
    case mismatch(reason: String)
}

public enum IDVerifierError: Error, Equatable {
    /// The service failed or refused us; not the candidate's doing, so it does not count as an attempt.
    case unavailable(String)
}
