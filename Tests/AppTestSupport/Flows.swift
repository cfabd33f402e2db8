import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Testing

/// Steps many suites take on the way to what they test, written once: uploads, a candidate with both
/// document photos, the verification steps, a platform administrator.
extension AppHarness {
    public static let residentID = "420106199003074519"

    public func upload(_ bytes: [UInt8], purpose: String = "education_certificate", type: String = "image/jpeg", token: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/attachments?purpose=\(purpose)", method: .post,
            headers: [.contentType: type, .authorization: "Bearer \(token)"], body: ByteBuffer(bytes: bytes)
        )
    }

    /// Logs in by WeChat and uploads both sides of a document. Photos are seeded from the code's bytes,
    /// so every run uploads the same content (`hashValue` would change per run).
    public func candidate(_ code: String) async throws -> (token: String, account: String, front: String, back: String) {
        let (token, account) = try await loginByWeChat(code)
        let seed = code.utf8.reduce(UInt8(7)) { $0 &* 31 &+ $1 }
        let front = try await upload(Samples.jpeg(seed: seed), purpose: "id_document_front", token: token)
        let back = try await upload(Samples.jpeg(seed: seed &+ 1), purpose: "id_document_back", token: token)
        return (token, account, try #require(front.json["id"] as? String), try #require(back.json["id"] as? String))
    }

    public func startVerification(
        _ token: String, name: String = "张三", type: String = "resident_id", number: String = AppHarness.residentID, method: String = "auto"
    ) async throws -> TestResponse {
        try await request(
            .post, "/api/v1/me/verification",
            json: #"{"realName":"\#(name)","documentType":"\#(type)","documentNumber":"\#(number)","method":"\#(method)"}"#, token: token
        )
    }

    public func scan(_ token: String, _ front: String, _ back: String) async throws -> TestResponse {
        try await request(.post, "/api/v1/me/verification/scan", json: #"{"frontAttachmentId":"\#(front)","backAttachmentId":"\#(back)"}"#, token: token)
    }

    /// A platform administrator logged in by SMS; answers the token.
    public func platformAdmin(phone: String = "13100131000") async throws -> String {
        try await RoleAdministration(database: database).grant(.platformAdmin, toPhone: try #require(PhoneNumber(phone)), origin: .commandLine)
        return try await loginBySMS(phone).token
    }

    /// A candidate whose manual verification waits for review; answers the candidate and the verification id.
    public func pendingReview(_ code: String, adminToken: String) async throws -> (candidate: (token: String, account: String, front: String, back: String), id: String) {
        let c = try await candidate(code)
        _ = try await startVerification(c.token, name: "John Smith", type: "passport", number: "E12345678", method: "manual")
        #expect(try await scan(c.token, c.front, c.back).json["status"] as? String == "pending_review")
        let queue = try await request(.get, "/api/v1/admin/verifications", token: adminToken)
        let item = try #require((queue.json["items"] as? [[String: Any]])?.first { $0["accountId"] as? String == c.account })
        return (c, try #require(item["id"] as? String))
    }
}

extension AppHarness {
    /// A valid resident ID (MOD 11-2 computed here, independently of the code under test) for serial
    /// numbers 1–999, so each verified test account can have its own.
    public static func residentID(serial: Int) -> String {
        let body = "420106199003" + "07" + String(format: "%03d", serial % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// A candidate with a verified real name (automatic path), answering the token and account id.
    public func verifiedCandidate(_ code: String, serial: Int, name: String = "张三") async throws -> (token: String, account: String) {
        let c = try await candidate(code)
        let started = try await startVerification(c.token, name: name, number: Self.residentID(serial: serial))
        #expect(started.status == .created, "\(started.text)")
        let scanned = try await scan(c.token, c.front, c.back)
        #expect(scanned.json["status"] as? String == "verified", "\(scanned.text)")
        return (c.token, c.account)
    }
}
