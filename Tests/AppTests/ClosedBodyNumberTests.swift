import AppTestSupport
import Foundation
import HTTPTypes
import Testing

/// A body holding a number beyond `Decimal`'s range (or any Swift number's) is still closed: its
/// unknown members are refused, not let through because the body could not be walked. Schemathesis
/// found `POST /auth/wechat` answering 200 to `{"code":…, "x": 2.00548170299034e+297}`.
@Suite("Request bodies: huge numbers do not open a closed body", .timeLimit(.minutes(3)))
struct ClosedBodyNumberTests {
    @Test(arguments: ["2.00548170299034e+297", "1e400", "-1e400"])
    func anUnknownMemberBesideAHugeNumberIsRefused(_ number: String) async throws {
        try await AppHarness.run { h in
            let refused = try await h.request(.post, "/api/v1/auth/wechat", json: #"{"code":"abc","surprise":\#(number)}"#)
            #expect(refused.status == .unprocessableContent, "\(number): \(refused.text)")
            #expect(AppHarness.codes(refused) == ["unknown_field"], "\(number)")
            #expect(AppHarness.fields(refused) == ["surprise"], "\(number)")
        }
    }
}
