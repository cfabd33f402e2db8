import AppTestSupport
import Foundation
import LibCrypto
import Testing
import Web

/// Issue 14: an authenticated request that needs only the caller costs one statement in one round trip
/// (docs/adr/0013), and what `/me` answers from that statement's row is what a fresh read answers.
@Suite("The cost of an authenticated request", .timeLimit(.minutes(3)))
struct AuthenticatedRequestCostTests {
    @Test func meIsOneStatementAndAnswersWhatAFreshReadAnswers() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            // A candidate bound to a unit, verified, with a profile; the unit's administrator has a role.
            for token in [p.candidate, p.unitToken, p.admin] {
                _ = try await h.request(.get, "/api/v1/me", token: token)  // statements prepared on the connection
                let before = await h.database.poolStatistics
                let me = try await h.request(.get, "/api/v1/me", token: token)
                let after = await h.database.poolStatistics
                #expect(me.status == .ok, "\(me.text)")
                #expect(after.statements - before.statements == 1)
                #expect(after.roundTrips - before.roundTrips == 1)

                // PUT /me/profile with no change answers /me read afresh, statement by statement.
                let fresh = try await h.request(.put, "/api/v1/me/profile", json: "{}", token: token)
                #expect(fresh.status == .ok, "\(fresh.text)")
                #expect(me.text == fresh.text)
            }
            let candidate = try await h.request(.get, "/api/v1/me", token: p.candidate).json
            #expect((candidate["employment"] as? [String: Any])?["institutionId"] as? String == p.unit)
            #expect((candidate["verification"] as? [String: Any])?["status"] as? String == "verified")
            #expect((candidate["examRecord"] as? [String: Any])?["status"] as? String == "not_entered")
            let admin = try await h.request(.get, "/api/v1/me", token: p.unitToken).json
            #expect((admin["roles"] as? [[String: Any]])?.first?["institutionId"] as? String == p.unit)
        }
    }

    @Test func aRevokedOrUnknownTokenCostsTheSameOneStatementAndIsRefused() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            #expect(try await h.request(.post, "/api/v1/auth/logout", token: p.candidate).status == .noContent)
            let before = await h.database.poolStatistics
            #expect(try await h.request(.get, "/api/v1/me", token: p.candidate).status == .unauthorized)
            let after = await h.database.poolStatistics
            #expect(after.statements - before.statements == 1)
        }
    }

    @Test(arguments: [
        "plain", "", "引号\"和\\反斜杠/斜杠", "控制\u{01}\u{08}\u{0C}\n\r\t\u{1F}\u{7F}", "emoji 🏥 and \u{2028}",
    ])
    func theWriterWritesStringsAsTheEncoderDoes(_ text: String) throws {
        var json = JSONWriter()
        json.beginArray()
        json.string(text)
        json.string(nil)
        json.int(-42)
        json.bool(false)
        json.date(Date(timeIntervalSince1970: 1_790_000_000.9))
        json.beginObject()
        json.key("a"); json.string(text)
        json.key("b"); json.null()
        json.endObject()
        json.endArray()
        struct Sample: Encodable {
            let a: String
            let b: String?
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(a, forKey: .a)
                try container.encode(b, forKey: .b)
            }
            enum CodingKeys: String, CodingKey { case a, b }
        }
        struct Everything: Encodable {
            let text: String
            func encode(to encoder: any Encoder) throws {
                var container = encoder.unkeyedContainer()
                try container.encode(text)
                try container.encodeNil()
                try container.encode(-42)
                try container.encode(false)
                try container.encode(Date(timeIntervalSince1970: 1_790_000_000.9))
                try container.encode(Sample(a: text, b: nil))
            }
        }
        let expected = try JSONCoding.encoder.encode(Everything(text: text))
        #expect(String(decoding: json.bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    @Test func base64URLMatchesFoundationAndRefusesWhatIsNotBase64URL() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let foundation = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == foundation)
            #expect(Base64URL.decode(foundation) == bytes)
        }
        for bad in ["a", "ab+c", "ab/c", "ab=c", "abcde", "ab c", "好的", "AB"] {  // "AB": leftover bits set
            #expect(Base64URL.decode(bad) == nil, "\(bad)")
        }
        #expect(Base64URL.decode("") == [])
        #expect(Base64URL.decode("AA") == [0])
    }

    @Test func requestIDsAreRandomVersion4UUIDs() async throws {
        try await AppHarness.run { h in
            var seen = Set<String>()
            for _ in 0..<20 {
                let id = try await h.request(.get, "/healthz").headers[.xRequestID] ?? ""
                let uuid = try #require(UUID(uuidString: id))
                #expect(id == uuid.uuidString.lowercased())
                #expect(Array(id)[14] == "4")
                #expect("89ab".contains(Array(id)[19]))
                seen.insert(id)
            }
            #expect(seen.count == 20)
        }
    }

    @Test func submitAndWithdrawTakeTheCandidateFromTheAuthenticatingRowAndTheCycleFromTheLock() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.createDeclaration(p.candidate)
            let saved = try await h.request(
                .put, "/api/v1/trial/applications/\(id)", json: AppHarness.declarationBody(version: 1, unitName: p.unitName), token: p.candidate
            )
            let version = try #require(saved.json["version"] as? Int)

            let before = await h.database.poolStatistics
            let submitted = try await h.request(.post, "/api/v1/trial/applications/\(id)/submit", json: #"{"version":\#(version)}"#, token: p.candidate)
            let afterSubmit = await h.database.poolStatistics
            #expect(submitted.status == .ok, "\(submitted.text)")
            #expect(submitted.json["status"] as? String == "submitted")
            #expect((submitted.json["applicant"] as? [String: Any])?["realName"] as? String == "王小明")
            // Round trips: authenticate, BEGIN + the declaration locked, its cycle, the status, the audit
            // event + the unit's administrators, the message to the one administrator (issue 27), the read
            // back, COMMIT. Identity and unit cost nothing; the cycle is read once.
            #expect(afterSubmit.roundTrips - before.roundTrips == 8)

            let withdrawn = try await h.request(
                .post, "/api/v1/trial/applications/\(id)/withdraw", json: #"{"version":\#(version + 1)}"#, token: p.candidate
            )
            let afterWithdraw = await h.database.poolStatistics
            #expect(withdrawn.status == .ok, "\(withdrawn.text)")
            #expect(withdrawn.json["status"] as? String == "draft")
            #expect(withdrawn.json["allowedActions"] as? [String] == ["edit", "submit"])
            #expect((withdrawn.json["applicant"] as? [String: Any])?["realName"] as? String == "王小明")
            // authenticate, BEGIN + lock, cycle, status, audit + read back, COMMIT, the unit for the answer.
            #expect(afterWithdraw.roundTrips - afterSubmit.roundTrips == 7)
        }
    }

    @Test func theReviewListIsItsPageAndItsCountsInOneRoundTrip() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            _ = try await h.submittedDeclaration(p)
            let path = "/api/v1/units/\(p.unit)/trial-applications?status=submitted"
            _ = try await h.request(.get, path, token: p.unitToken)
            let before = await h.database.poolStatistics
            let list = try await h.request(.get, path, token: p.unitToken)
            let after = await h.database.poolStatistics
            #expect(list.status == .ok, "\(list.text)")
            #expect((list.json["items"] as? [[String: Any]])?.count == 1)
            #expect((list.json["counts"] as? [String: Any])?["submitted"] as? Int == 1)
            // authenticate; then the page and the counts pipelined.
            #expect(after.roundTrips - before.roundTrips == 2)
            #expect(after.statements - before.statements == 3)
        }
    }
}
