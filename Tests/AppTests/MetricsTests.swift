import App
import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

/// `/metrics`: what a season's dashboards read. Each harness has its own registry, so the counts below
/// are exactly what this test did.
@Suite("Metrics", .timeLimit(.minutes(3)))
struct MetricsTests {
    /// The value of one series (`name{labels}`), or nil when it was never recorded.
    static func value(_ series: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func countsRequestsLoginsLimitsUploadsAndDeclarationTransitions() async throws {
        try await AppHarness.run { h in
            let p = try await h.trialParties()
            let id = try await h.submittedDeclaration(p)
            let returned = try await h.request(
                .post, "/api/v1/units/\(p.unit)/trial-applications/\(id)/return", json: #"{"reason":"学历证书不清晰"}"#, token: p.unitToken
            )
            #expect(returned.status == .ok, "\(returned.text)")
            // A second code to the same phone within the interval is refused by its limit.
            #expect(try await h.sendCode(to: "13700137001").status == .accepted)
            #expect(try await h.sendCode(to: "13700137001").status == .tooManyRequests)
            // A wrong code is a refused phone login.
            #expect(try await h.submitCode("000000", for: "13700137001").status == .unauthorized)
            let uploaded = try await h.upload(Samples.jpeg(seed: 99), purpose: "education_certificate", token: p.candidate)
            #expect(uploaded.status == .created)
            let stored = try await h.database.query(
                "SELECT sum(size)::bigint AS bytes FROM attachments.attachments WHERE purpose = 'education_certificate'"
            )[0].decode(Int.self, "bytes")
            for _ in 0..<3 { #expect(try await h.request(.get, "/api/v1/me", token: p.candidate).status == .ok) }
            _ = try await h.request(.get, "/api/v1/me/nothing-here", token: p.candidate)

            let text = String(decoding: await h.metrics.scrape(database: h.database), as: UTF8.self)
            func value(_ series: String) -> Double? { Self.value(series, in: text) }

            #expect(value(#"health_talent_http_requests_total{method="GET",route="/api/v1/me",status="200"}"#) == 3, "\(text)")
            #expect(value(#"health_talent_http_request_duration_seconds_count{method="GET",route="/api/v1/me"}"#) == 3)
            #expect(value(#"health_talent_http_requests_total{method="POST",route="/api/v1/units/{institutionId}/trial-applications/{appId}/return",status="200"}"#) == 1)
            // Route templates only: no id a client sent becomes a label.
            #expect(!text.contains(id) && !text.contains(p.unit))
            #expect(!text.contains("nothing-here"))

            #expect(value(#"health_talent_logins_total{method="phone",outcome="sms_code_invalid"}"#) == 1)
            #expect((value(#"health_talent_logins_total{method="wechat",outcome="success"}"#) ?? 0) >= 1)
            #expect((value(#"health_talent_logins_total{method="phone",outcome="success"}"#) ?? 0) >= 1)
            #expect(value(#"health_talent_rate_limited_total{limit="sms_rate_limited"}"#) == 1)
            #expect(value(#"health_talent_upload_bytes_total{purpose="education_certificate"}"#) == Double(stored))
            #expect(value(#"health_talent_declaration_transitions_total{from="none",to="draft"}"#) == 1)
            #expect(value(#"health_talent_declaration_transitions_total{from="draft",to="submitted"}"#) == 1)
            #expect(value(#"health_talent_declaration_transitions_total{from="submitted",to="returned"}"#) == 1)

            #expect(value("health_talent_db_pool_size") == Double(await h.database.poolStatistics.size))
            #expect(value(#"health_talent_db_pool_connections{state="in_use"}"#) == 0)
            #expect((value(#"health_talent_db_pool_connections{state="idle"}"#) ?? 0) >= 1)
            #expect(value("health_talent_db_pool_waiting") == 0)
            #expect(value("health_talent_db_pool_acquire_timeouts_total") == 0)
            // The traffic counters reach the pool's own counts as of the scrape (nothing ran since).
            let pool = await h.database.poolStatistics
            #expect(value("health_talent_db_round_trips_total") == Double(pool.roundTrips))
            #expect(value("health_talent_db_statements_total") == Double(pool.statements))
            #expect(pool.statements > pool.roundTrips)  // BEGIN, audit inserts and COMMIT shared round trips
        }
    }

    /// The listener itself: only `/metrics`, in Prometheus' text format.
    @Test func theListenerServesPrometheusText() async throws {
        let metrics = ServerMetrics()
        let app = makeMetricsApplication(metrics: metrics, database: TestApp.noDatabase, host: "127.0.0.1", port: 0, logger: TestApp().logger)
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(response.text.contains("# TYPE health_talent_db_pool_waiting gauge"))
            #expect(try await client.execute(uri: "/api/v1/me", method: .get).status == .notFound)
        }
    }
}
