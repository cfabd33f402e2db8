import Dispatch
import Foundation
import Postgres
import Synchronization
import TestSupport
import Testing

/// COPY runs on threads of its own (issue 24): a COPY whose reader is slow holds its thread for as long
/// as the reader takes, and must not hold the threads that open connections.
@Suite("COPY", .timeLimit(.minutes(2)))
struct CopyTests {
    @Test func stalledCopiesDoNotStopNewConnectionsFromOpening() async throws {
        try await TestDatabase.with(poolSize: 4, acquireTimeout: .seconds(60)) { setup async throws in
            let db = setup.database
            let stalled = 2  // as many as the database has threads for blocking calls
            let release = DispatchSemaphore(value: 0)
            let started = DispatchSemaphore(value: 0)
            let copies = (0..<stalled).map { _ in
                Task {
                    let first = Flag()
                    return try await db.withConnection { connection in
                        // Each copy's reader stops at its first chunk until the test lets it go, as a
                        // console export waits for a client that does not read.
                        try await connection.copyOut("COPY (SELECT generate_series(1, 10)) TO STDOUT") { _ in
                            if first.set() {
                                started.signal()
                                release.wait()
                            }
                        }
                    }
                }
            }
            for _ in 0..<stalled {
                await withCheckedContinuation { continuation in
                    DispatchQueue.global().async { started.wait(); continuation.resume() }
                }
            }
            #expect(await db.openConnections == stalled)

            // Two connections in use by the stalled copies and none idle: this one must be opened.
            let answered = Flag()
            let opened = Task {
                let one = try await db.withConnection { try await $0.query("SELECT 1 AS one")[0].decode(Int.self, "one") }
                answered.set()
                return one
            }
            let deadline = ContinuousClock.now + .seconds(30)
            while !answered.isSet, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let openedWhileStalled = answered.isSet
            // Let the copies finish either way, so a failure does not leave the test hanging.
            for _ in 0..<stalled { release.signal() }
            #expect(openedWhileStalled, "no connection could be opened while the copies waited for their readers")
            #expect(try await opened.value == 1)
            for copy in copies { #expect(try await copy.value > 0) }
        }
    }
}

/// Set once; `set` answers whether this call set it.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)

    @discardableResult
    func set() -> Bool { !value.exchange(true, ordering: .acquiringAndReleasing) }

    var isSet: Bool { value.load(ordering: .acquiring) }
}
