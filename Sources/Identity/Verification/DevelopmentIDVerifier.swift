import Foundation

/// Development only (`ID_VERIFIER=development`, refused in production): any well-formed resident ID
/// matches, so `make run` can walk the whole automatic path without the real service.
public struct DevelopmentIDVerifier: IDVerifier {
    public init() {}

    public func verify(name: String, residentID: String, portraitImage: [UInt8]) async throws(IDVerifierError) -> IDVerification {
        DocumentNumber.problem(with: residentID, type: .residentID) == nil ? .match : .mismatch(reason: "身份证号码无效")
    }
}
