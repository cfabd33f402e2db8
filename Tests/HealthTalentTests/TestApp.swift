import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import Synchronization
import TestSupport
import Web

@testable import App

/// Builds the real application (configuration, dependencies, middleware, routes) around a test database,
/// with its logs captured. `extraRoutes` lets a test add endpoints that exercise shared behaviour.
struct TestApp {
    let sink = CapturedLogSink()
    /// A fresh attachment store per app.
    let attachmentsDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("attachments-\(UUID())").path

    func make(
        environment: [String: String] = [:], database: Database, clock: any WallClock = SystemClock(),
        extraRoutes: (BuiltRoutes) -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let configuration = try AppConfiguration.load(from: ["ATTACHMENTS_DIR": attachmentsDirectory].merging(environment) { _, new in new })
        let sink = sink
        let logger = Logger(label: "health-talent") { label in
            StructuredLogHandler(label: label, format: .json, level: .debug, sink: sink)
        }
        let dependencies = Dependencies.live(configuration: configuration, clock: clock, logger: logger)
        let routes = try buildRoutes(configuration: configuration, database: database, dependencies: dependencies, logger: logger)
        extraRoutes(routes)
        return makeApplication(
            routes: routes, host: "127.0.0.1", port: 0, limits: configuration.connectionLimits, services: [], logger: logger
        )
    }

    /// Captured log lines parsed as JSON objects.
    var logRecords: [[String: Any]] {
        sink.lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }
}

/// A clock the test moves by hand.
final class ManualClock: WallClock {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_780_000_000)) { current = Mutex(start) }

    func now() -> Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

extension TestResponse {
    var json: [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else { return [:] }
        return object
    }

    var text: String { String(buffer: body) }
}

/// A JSON body for the test echo route.
struct EchoInput: Decodable {
    let name: String
    let age: Int
}

struct EchoOutput: ResponseEncodable {
    let name: String
    let age: Int
    let clientIP: String?
    let requestID: String
}

/// An internal failure whose text must never reach the client (it belongs in the log).
struct LeakyFailure: Error, CustomStringConvertible {
    var description: String { "socket closed while reading in LibPQConnection.swift:42" }
}

extension BuiltRoutes {
    func addTestRoutes() {
        registry.post("/test/echo") { request, context in
            let input = try await request.decodeJSON(as: EchoInput.self, context: context)
            return EchoOutput(name: input.name, age: input.age, clientIP: context.clientIP, requestID: context.requestID)
        }
        registry.get("/test/boom") { _, _ -> HTTPResponse.Status in
            throw LeakyFailure()
        }
    }
}

extension ByteBuffer {
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}
