import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import TestSupport
import Testing
import Web

@testable import App

@Suite("HTTP behaviour shared by every endpoint", .timeLimit(.minutes(3)))
struct HTTPBehaviourTests {
    @Test func healthAndReadiness() async throws {
        try await TestDatabase.with { setup async throws in
            let app = try TestApp().make(database: setup.database)
            try await app.test(.router) { client in
                let health = try await client.execute(uri: "/healthz", method: .get)
                #expect(health.status == .ok)
                #expect(health.json["status"] as? String == "ok")
                let ready = try await client.execute(uri: "/readyz", method: .get)
                #expect(ready.status == .ok)
                #expect(ready.json["status"] as? String == "ready")
            }
        }
    }

    @Test func notReadyWhenTheDatabaseIsUnreachable() async throws {
        let unreachable = Database(
            settings: ConnectionSettings(url: "postgres://nobody@127.0.0.1:1/none", connectTimeoutSeconds: 2),
            poolSize: 1, logger: TestDatabase.logger
        )
        let app = try TestApp().make(database: unreachable)
        try await app.test(.router) { client in
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(ready.json["code"] as? String == "service_unavailable")
            // Liveness does not depend on the database.
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
        await unreachable.close()
    }

    @Test func unknownRoutesAre404Problems() async throws {
        do {
            let app = try TestApp().make(database: TestApp.noDatabase)
            try await app.test(.router) { client in
                let response = try await client.execute(uri: "/api/v1/nothing-here", method: .get)
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json; charset=utf-8")
                let body = response.json
                #expect(body["status"] as? Int == 404)
                #expect(body["code"] as? String == "not_found")
                #expect(body["title"] as? String == "未找到请求的资源")
                #expect((body["requestId"] as? String)?.isEmpty == false)
                #expect(body["requestId"] as? String == response.headers[.xRequestID])
            }
        }
    }

    @Test func wrongMethodsAre405WithAllow() async throws {
        do {
            let app = try TestApp().make(database: TestApp.noDatabase) { $0.addTestRoutes() }
            try await app.test(.router) { client in
                let response = try await client.execute(uri: "/healthz", method: .delete)
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
                #expect(response.json["code"] as? String == "method_not_allowed")
                let echo = try await client.execute(uri: "/test/echo", method: .get)
                #expect(echo.status == .methodNotAllowed)
                #expect(echo.headers[.allow] == "POST")
            }
        }
    }

    @Test func malformedAndMistypedBodies() async throws {
        do {
            let app = try TestApp().make(database: TestApp.noDatabase) { $0.addTestRoutes() }
            try await app.test(.router) { client in
                let headers: HTTPFields = [.contentType: "application/json"]
                let malformed = try await client.execute(uri: "/test/echo", method: .post, headers: headers, body: .json(#"{"name": "张三", "#))
                #expect(malformed.status == .badRequest)
                #expect(malformed.json["code"] as? String == "malformed_json")
                #expect(malformed.headers[.contentType]?.hasPrefix("application/problem+json") == true)

                let mistyped = try await client.execute(uri: "/test/echo", method: .post, headers: headers, body: .json(#"{"name": "张三", "age": "thirty"}"#))
                #expect(mistyped.status == .unprocessableContent)
                let errors = mistyped.json["errors"] as? [[String: Any]]
                #expect(errors?.first?["field"] as? String == "age")
                #expect(errors?.first?["code"] as? String == "type_mismatch")

                let missing = try await client.execute(uri: "/test/echo", method: .post, headers: headers, body: .json(#"{"age": 30}"#))
                #expect(missing.status == .unprocessableContent)
                #expect((missing.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "name")

                let fine = try await client.execute(uri: "/test/echo", method: .post, headers: headers, body: .json(#"{"name": "张三", "age": 30}"#))
                #expect(fine.status == .ok)
                #expect(fine.json["name"] as? String == "张三")
            }
        }
    }

    @Test func bodiesOverTheLimitAre413() async throws {
        do {
            let app = try TestApp().make(database: TestApp.noDatabase) { $0.addTestRoutes() }
            try await app.test(.router) { client in
                let huge = #"{"name": ""# + String(repeating: "a", count: JSONCoding.maximumBodyBytes) + #"", "age": 1}"#
                let response = try await client.execute(uri: "/test/echo", method: .post, headers: [.contentType: "application/json"], body: .json(huge))
                #expect(response.status == .contentTooLarge)
                #expect(response.json["code"] as? String == "payload_too_large")
            }
        }
    }

    @Test func internalErrorsShowNothingAndAreLoggedWithTheRequestID() async throws {
        do {
            let testApp = TestApp()
            let app = try testApp.make(database: TestApp.noDatabase) { $0.addTestRoutes() }
            try await app.test(.router) { client in
                let response = try await client.execute(uri: "/test/boom", method: .get)
                #expect(response.status == .internalServerError)
                #expect(response.json["code"] as? String == "internal_error")
                #expect(response.json["title"] as? String == "服务器内部错误，请稍后重试")
                #expect(!response.text.contains("LeakyFailure"))
                #expect(!response.text.contains("LibPQConnection"))

                let requestID = try #require(response.headers[.xRequestID])
                let errorLines = testApp.logRecords.filter { $0["level"] as? String == "error" }
                #expect(errorLines.count == 1)
                #expect(errorLines.first?["request_id"] as? String == requestID)
                #expect((errorLines.first?["error_type"] as? String)?.hasSuffix("LeakyFailure") == true)
                #expect((errorLines.first?["error"] as? String)?.contains("LibPQConnection.swift:42") == true)
            }
        }
    }

    @Test func oneAccessLogLinePerRequestWithoutTheQueryString() async throws {
        do {
            let testApp = TestApp()
            let app = try testApp.make(database: TestApp.noDatabase)
            try await app.test(.router) { client in
                let response = try await client.execute(uri: "/healthz?token=secret-value", method: .get)
                let requestID = try #require(response.headers[.xRequestID])
                let accessLines = testApp.logRecords.filter { $0["msg"] as? String == "request" }
                #expect(accessLines.count == 1)
                let line = try #require(accessLines.first)
                #expect(line["method"] as? String == "GET")
                #expect(line["route"] as? String == "/healthz")
                #expect(line["status"] as? String == "200")
                #expect(line["request_id"] as? String == requestID)
                #expect(line["duration_ms"] != nil)
                #expect(line["hb.request.id"] == nil)  // one request id per line, ours
                #expect(!testApp.sink.lines.joined().contains("secret-value"))
            }
        }
    }

    @Test func aSlowRequestIsItsOneLineAtWarningLevelNamingTheRoute() async throws {
        let testApp = TestApp()
        let app = try testApp.make(environment: ["SLOW_REQUEST_MS": "30"], database: TestApp.noDatabase) { routes in
            routes.modules.open.get("/test/slow/:id") { _, _ -> String in
                try await Task.sleep(for: .milliseconds(80))
                return "done"
            }
        }
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/test/slow/42", method: .get)
            #expect(response.status == .ok)
            let lines = testApp.logRecords.filter { ($0["route"] as? String)?.contains("/test/slow/") == true }
            #expect(lines.count == 1, "one line per request, slow or not")
            #expect(lines.first?["msg"] as? String == "slow request")
            #expect(lines.first?["level"] as? String == "warning")
            #expect(lines.first?["route"] as? String == "/api/v1/test/slow/{id}")
        }
    }
}
