import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Postgres

#if canImport(Glibc)
import Glibc
#endif

/// The reactor's shutdown (issue 24): every wait is either refused or abandoned by the drain, never left
/// registered with nobody to resume it.
@Suite("The socket reactor", .timeLimit(.minutes(1)))
struct ReactorTests {
    /// A wait on one end of a socket pair that nothing writes to, so only the reactor's shutdown ends it.
    final class Probe: SocketWaiter, @unchecked Sendable {
        let socket: Int32
        private let peer: Int32
        let abandoning = DispatchSemaphore(value: 0)
        /// When set, `abandon` holds the reactor's thread (in its drain) until it is signalled.
        let hold: DispatchSemaphore?
        private let abandoned = Atomic<Bool>(false)

        init(holdingTheDrain: Bool = false) {
            var pair: [Int32] = [0, 0]
            precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
            socket = pair[0]
            peer = pair[1]
            hold = holdingTheDrain ? DispatchSemaphore(value: 0) : nil
        }

        deinit {
            close(socket)
            close(peer)
        }

        var wasAbandoned: Bool { abandoned.load(ordering: .acquiring) }

        func ready(readable: Bool, writable: Bool) -> SocketInterest? { .read }

        func abandon() {
            abandoned.store(true, ordering: .releasing)
            abandoning.signal()
            hold?.wait()
        }
    }

    final class Handle: Sendable {
        let reactor = Mutex<SocketReactor?>(nil)
        let stopping = Mutex<Task<Void, Never>?>(nil)
        let armed = Atomic<Bool>(false)
    }

    @Test func aWaitThatArrivesWhileTheReactorStopsIsRefusedNotLost() async throws {
        let handle = Handle()
        let first = Probe(holdingTheDrain: true)
        let late = Probe()
        // The moment `watch` is entered for the late wait, the reactor is stopped and its drain runs to
        // the first waiter's `abandon`, which holds it there (the epoll set still open): the late wait
        // arrives after the drain took the table.
        let reactor = SocketReactor(beforeRegistering: {
            guard handle.armed.exchange(false, ordering: .acquiringAndReleasing) else { return }
            let reactor = handle.reactor.withLock { $0 }!
            handle.stopping.withLock { $0 = Task.detached { await reactor.stop() } }
            first.abandoning.wait()
        })
        handle.reactor.withLock { $0 = reactor }
        #expect(reactor.watch(fd: first.socket, token: reactor.makeToken(), registered: false, interest: .read, waiter: first))

        handle.armed.store(true, ordering: .releasing)
        // On a thread of its own: the seam blocks it until the drain has run.
        let accepted = await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(returning: reactor.watch(fd: late.socket, token: reactor.makeToken(), registered: false, interest: .read, waiter: late))
            }.start()
        }
        first.hold?.signal()
        await handle.stopping.withLock { $0 }?.value
        #expect(first.wasAbandoned)
        // Refused (its caller fails the wait itself) or abandoned by the drain; accepted and never resumed
        // is the defect.
        #expect(!accepted || late.wasAbandoned, "the late wait was registered after the drain and will never be resumed")
    }

    @Test func aWaitAfterTheReactorStoppedIsRefused() async throws {
        let reactor = SocketReactor()
        await reactor.stop()
        let probe = Probe()
        #expect(!reactor.watch(fd: probe.socket, token: reactor.makeToken(), registered: false, interest: .read, waiter: probe))
        #expect(!probe.wasAbandoned)
    }
}
