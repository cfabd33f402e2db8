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

import App
import Blocking

/// Builds the real application (configuration, dependencies, middleware, routes) around a test database,
/// with its logs captured. `extraRoutes` lets a test add endpoints that exercise shared behaviour.
public struct TestApp: Sendable {
    public let sink = CapturedLogSink()
    /// A fresh attachment store per app.
    public let attachmentsDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("attachments-\(UUID())").path

    /// One pool of file threads for the whole test process, so no test starts threads it leaves behind.
    public static let fileIO = BlockingExecutor(threadCount: 2)

    public init() {}

    /// For tests of HTTP behaviour that never reach the database: nothing listens at its address, and no
    /// test database is cloned for them. One for the whole process.
    public static let noDatabase = Database(
        settings: ConnectionSettings(url: "postgres://nobody@127.0.0.1:1/none", connectTimeoutSeconds: 2), poolSize: 1,
        logger: Logger(label: "no-database") { _ in SwiftLogNoOpLogHandler() }
    )

    /// The logger whose lines land in `sink`.
    public var logger: Logger {
        let sink = sink
        return Logger(label: "health-talent") { label in
            StructuredLogHandler(label: label, format: .json, level: .debug, sink: sink)
        }
    }

    /// The application around `database`. Outside services are in-process fakes unless `dependencies`
    /// says otherwise.
    public func make(
        environment: [String: String] = [:], database: Database, clock: any WallClock = SystemClock(),
        extraRoutes: (BuiltRoutes) -> Void = { _ in },
        dependencies makeDependencies: (AppConfiguration) -> Dependencies = { _ in TestApp.fakeDependencies() }
    ) throws -> some ApplicationProtocol {
        let configuration = try AppConfiguration.load(from: ["ATTACHMENTS_DIR": attachmentsDirectory].merging(environment) { _, new in new })
        let logger = logger
        let dependencies = makeDependencies(configuration)
        let routes = try buildRoutes(configuration: configuration, database: database, dependencies: dependencies, logger: logger)
        extraRoutes(routes)
        return makeApplication(
            routes: routes, host: "127.0.0.1", port: 0, limits: configuration.connectionLimits, services: [], logger: logger
        )
    }

    public static func fakeDependencies(clock: any WallClock = SystemClock()) -> Dependencies {
        Dependencies(clock: clock, wechat: FakeWeChatLoginClient(), sms: FakeSMSGateway(), idVerifier: FakeIDVerifier(), fileIO: fileIO)
    }

    /// Captured log lines parsed as JSON objects.
    public var logRecords: [[String: Any]] {
        sink.lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }
}

/// A clock the test moves by hand.
public final class ManualClock: WallClock {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_780_000_000)) { current = Mutex(start) }

    public func now() -> Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

extension TestResponse {
    public var json: [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else { return [:] }
        return object
    }

    public var text: String { String(buffer: body) }
}

/// A JSON body for the test echo route.
public struct EchoInput: Decodable {
    public let name: String
    public let age: Int
}

public struct EchoOutput: ResponseEncodable {
    let name: String
    let age: Int
    let clientIP: String?
    let requestID: String
}

/// An internal failure whose text must never reach the client (it belongs in the log).
public struct LeakyFailure: Error, CustomStringConvertible {
    public var description: String { "socket closed while reading in LibPQConnection.swift:42" }
}

extension BuiltRoutes {
    public func addTestRoutes() {
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
    public static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}
