import Foundation

/// Development only (`ID_VERIFIER=development`, refused in production): any well-formed resident ID
/// matches, so `make run` can walk the whole automatic path without the real service, except for the
/// name 李四, which never matches (as in the test stubs of the real service), so the failed scans and
/// the manual review that follows them can be walked too (the browser tests do).
public struct DevelopmentIDVerifier: IDVerifier {
    /// The name whose scans always fail.
    public static let mismatchingName = "李四"

    public init() {}

    public func verify(name: String, residentID: String, portraitImage: [UInt8]) async throws(IDVerifierError) -> IDVerification {
        if name == Self.mismatchingName { return .mismatch(reason: "姓名和身份证号不一致") }
        return DocumentNumber.problem(with: residentID, type: .residentID) == nil ? .match : .mismatch(reason: "身份证号码无效")
    }
}
