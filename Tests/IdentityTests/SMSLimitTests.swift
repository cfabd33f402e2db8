import AppTestSupport
import Foundation
import HTTPTypes
import Postgres
import Web
import Testing

@Suite("SMS sending limits", .timeLimit(.minutes(3)))
struct SMSLimitTests {
    static let phone = "13700137000"

    @Test func onePerMinutePerPhone() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            #expect(try await h.sendCode(to: Self.phone).status == .accepted)
            h.clock.advance(by: 20)
            let early = try await h.sendCode(to: Self.phone)
            #expect(early.status == .tooManyRequests)
            #expect(early.json["code"] as? String == "sms_rate_limited")
            #expect(early.json["limit"] as? String == "phone_interval")
            #expect(early.headers[.retryAfter] == "40")
            h.clock.advance(by: 40)
            #expect(try await h.sendCode(to: Self.phone).status == .accepted)
            #expect(h.sms.sendCount == 2)
        }
    }

    @Test func tenPerDayPerPhone() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            for _ in 0..<10 {
                #expect(try await h.sendCode(to: Self.phone).status == .accepted)
                h.clock.advance(by: 61)
            }
            let eleventh = try await h.sendCode(to: Self.phone)
            #expect(eleventh.status == .tooManyRequests)
            #expect(eleventh.json["limit"] as? String == "phone_daily")
            let wait = try #require(eleventh.headers[.retryAfter].flatMap(Int.init))
            #expect(wait == 86_400 - 10 * 61)
            h.clock.advance(by: TimeInterval(wait))
            #expect(try await h.sendCode(to: Self.phone).status == .accepted)
        }
    }

    @Test func twentyPerFiveMinutesPerClientAddress() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            for index in 0..<20 {
                #expect(try await h.sendCode(to: "1360000\(String(format: "%04d", index))").status == .accepted)
            }
            let blocked = try await h.sendCode(to: "13612345678")
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.json["limit"] as? String == "client_ip")
            #expect(blocked.headers[.retryAfter] == "300")
            h.clock.advance(by: 301)
            #expect(try await h.sendCode(to: "13612345678").status == .accepted)
        }
    }

    @Test func concurrentSendsForOnePhoneSendOnce() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { Int(try await h.sendCode(to: Self.phone).status.code) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 202 }.count == 1)
            #expect(statuses.filter { $0 == 429 }.count == 7)
            #expect(h.sms.sendCount == 1)
        }
    }

    @Test func gatewayRefusalsMapToProblemsAndDoNotCount() async throws {
        try await AppHarness.run(providers: .stubs) { h in
            let limited = try await h.sendCode(to: "13900000001")
            #expect(limited.status == .tooManyRequests)
            let rejected = try await h.sendCode(to: "13900000002")
            #expect(rejected.status == .unprocessableContent)
            #expect(rejected.json["code"] as? String == "sms_number_rejected")
            let broke = try await h.sendCode(to: "13900000003")
            #expect(broke.status == .serviceUnavailable)
            #expect(broke.json["code"] as? String == "upstream_unavailable")
            // A failed delivery is not a send: asking again at once is not refused by our own limit.
            #expect(try await h.sendCode(to: "13900000003").status == .serviceUnavailable)
            let recorded = try await h.database.query("SELECT count(*) AS n FROM identity.sms_sends")[0].decode(Int.self, "n")
            #expect(recorded == 0)
        }
    }

    @Test func theStubRefusesABadSignature() async throws {
        try await AppHarness.run(providers: .stubs, smsSecretKey: "not-the-right-key") { h in
            let response = try await h.sendCode(to: Self.phone)
            #expect(response.status == .serviceUnavailable)
            #expect(h.sms.sendCount == 0)
            let logged = h.app.logRecords.contains { ($0["failure"] as? String)?.contains("AuthFailure.SignatureFailure") == true }
            #expect(logged)
        }
    }

    @Test func theDevelopmentCodeLineCarriesTheRequestID() async throws {
        try await AppHarness.run(providers: .stubs, environment: ["SMS_GATEWAY": "console"]) { h in
            let sent = try await h.sendCode(to: "13800138123")
            #expect(sent.status == .accepted)
            let requestID = try #require(sent.headers[.xRequestID])
            let line = try #require(h.app.logRecords.first { ($0["msg"] as? String)?.contains("development SMS gateway") == true })
            #expect(line["request_id"] as? String == requestID)
        }
    }

    /// The database's bound on wrong entries agrees with the setting's range: the highest allowed
    /// setting counts every wrong entry instead of failing on a CHECK constraint.
    @Test func theHighestAllowedWrongCodeLimitIsCountedToTheEnd() async throws {
        try await AppHarness.run(providers: .stubs, environment: ["SMS_CODE_MAX_FAILURES": "20"]) { h in
            let phone = "13800138777"
            #expect(try await h.sendCode(to: phone).status == .accepted)
            let code = try #require(h.sms.lastCode(to: phone))
            let wrong = code == "000000" ? "111111" : "000000"
            for attemptsLeft in (0...19).reversed() {
                let response = try await h.submitCode(wrong, for: phone)
                #expect(response.status == .unauthorized, "\(response.text)")
                #expect(response.json["attemptsLeft"] as? Int == attemptsLeft)
            }
            #expect(try await h.submitCode(code, for: phone).json["code"] as? String == "sms_code_expired")
        }
    }
}
