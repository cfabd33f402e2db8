import CLibPQ
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// Something waiting for a database socket: called on the reactor's thread when the socket is ready,
/// it reads what arrived (libpq's non-blocking calls) and answers what to wait for next, or nil when
/// it is done and has resumed whoever waited for it.
protocol SocketWaiter: AnyObject, Sendable {
    /// The socket waited on, for re-arming it.
    var socket: Int32 { get }
    func ready(readable: Bool, writable: Bool) -> SocketInterest?
    /// The reactor is stopping: give up and resume the waiting task with an error.
    func abandon()
}

struct SocketInterest: OptionSet, Sendable {
    let rawValue: UInt32
    static let read = SocketInterest(rawValue: 1)
    static let write = SocketInterest(rawValue: 2)
}

/// One thread that sleeps in `epoll_wait` on the sockets of every pooled connection that has a
/// statement in flight, and on readiness runs libpq's non-blocking input processing for it
/// (docs/adr/0013-libpq-without-a-thread-per-statement.md).
///
/// A task sends its statements itself (a non-blocking write on whatever thread it runs), registers a
/// waiter and suspends; registering is an `epoll_ctl` call, which adds the socket to the set the
/// reactor already sleeps on without waking it. The reactor wakes when the server's answer arrives,
/// not before, and resumes the task: one hand-off per round trip instead of four (a pool thread woken
/// to send, asleep in `poll`, woken by the answer, then the task's thread woken).
final class SocketReactor: Sendable {
    private let epoll: Int32
    private let wakeup: Int32
    /// Who waits for which socket, and whether the reactor still takes waits. One lock for both: a wait
    /// is either registered before the shutdown drain takes the table (and is abandoned by it) or refused
    /// after; with the flag outside the lock, a wait could pass the check, miss the drain and never be
    /// resumed. The epoll calls on behalf of callers are made under it too, so none reaches the epoll
    /// descriptor after the reactor closed it (its number may by then belong to another file).
    private let table = Mutex(Table())
    private let nextToken = Atomic<UInt64>(1)
    /// The thread's exit, for `stop()` to wait on.
    private let finished = Mutex<CheckedContinuation<Void, Never>?>(nil)
    private let hasFinished = Atomic<Bool>(false)

    /// The token reserved for the stop signal.
    private static let wakeToken: UInt64 = 0

    /// Test seam: called in `watch` before the reactor decides whether to take the wait, so a test can
    /// stop the reactor at that moment. Nil in the application.
    private let beforeRegistering: (@Sendable () -> Void)?

    private struct Table {
        var waiters: [UInt64: any SocketWaiter] = [:]
        var isStopped = false
    }

    init(beforeRegistering: (@Sendable () -> Void)? = nil) {
        self.beforeRegistering = beforeRegistering
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(epoll >= 0, "epoll_create1 failed: errno \(errno)")
        wakeup = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        precondition(wakeup >= 0, "eventfd failed: errno \(errno)")
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = Self.wakeToken
        precondition(epoll_ctl(epoll, EPOLL_CTL_ADD, wakeup, &event) == 0, "epoll_ctl failed: errno \(errno)")
        let thread = Thread { [self] in run() }
        thread.name = "postgres-reactor"
        thread.start()
    }

    /// A token that names one socket's registration for as long as its connection lives.
    func makeToken() -> UInt64 {
        nextToken.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// Waits (one shot) for `fd` to become ready for `interest`, then calls `waiter` on the reactor's
    /// thread. `registered` tells whether the socket is already in the epoll set (after the first wait).
    /// Answers false when the reactor has stopped; the caller then fails the wait itself.
    func watch(fd: Int32, token: UInt64, registered: Bool, interest: SocketInterest, waiter: any SocketWaiter) -> Bool {
        beforeRegistering?()
        var event = epoll_event()
        event.events = Self.events(for: interest)
        event.data.u64 = token
        return table.withLock { table in
            guard !table.isStopped else { return false }
            // Stored before the socket is armed, so its readiness always finds it.
            table.waiters[token] = waiter
            if epoll_ctl(epoll, registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event) != 0 {
                table.waiters.removeValue(forKey: token)
                return false
            }
            return true
        }
    }

    /// Takes a socket out of the set before its connection closes (a closed descriptor's number can be
    /// reused by the next connection).
    func forget(fd: Int32, token: UInt64) {
        table.withLock { table in
            table.waiters.removeValue(forKey: token)
            // Once stopped, the epoll descriptor is closed or about to be: nothing to take the socket out of.
            guard !table.isStopped else { return }
            var event = epoll_event()
            _ = epoll_ctl(epoll, EPOLL_CTL_DEL, fd, &event)
        }
    }

    /// Stops the thread; waiters still registered are abandoned (their tasks get an error).
    func stop() async {
        let first = table.withLock { table in
            defer { table.isStopped = true }
            return !table.isStopped
        }
        guard first else { return }
        var one: UInt64 = 1
        _ = write(wakeup, &one, 8)
        await withCheckedContinuation { continuation in
            let done = finished.withLock { slot -> Bool in
                if hasFinished.load(ordering: .acquiring) { return true }
                slot = continuation
                return false
            }
            if done { continuation.resume() }
        }
    }

    private static func events(for interest: SocketInterest) -> UInt32 {
        var events = EPOLLONESHOT.rawValue
        if interest.contains(.read) { events |= EPOLLIN.rawValue }
        if interest.contains(.write) { events |= EPOLLOUT.rawValue }
        return events
    }

    private func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        var stopping = false
        while !stopping {
            let count = events.withUnsafeMutableBufferPointer { epoll_wait(epoll, $0.baseAddress, Int32($0.count), -1) }
            if count < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in 0..<Int(count) {
                let token = events[index].data.u64
                let flags = events[index].events
                if token == Self.wakeToken {
                    stopping = true
                    continue
                }
                guard let waiter = table.withLock({ $0.waiters.removeValue(forKey: token) }) else { continue }
                let failed = flags & (EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0
                let readable = flags & EPOLLIN.rawValue != 0 || failed
                let writable = flags & EPOLLOUT.rawValue != 0 || failed
                guard let again = waiter.ready(readable: readable, writable: writable) else { continue }
                // Not done: wait again. The waiter is stored before the socket is re-armed, so the next
                // readiness always finds it.
                table.withLock { $0.waiters[token] = waiter }
                var event = epoll_event()
                event.events = Self.events(for: again)
                event.data.u64 = token
                // The socket is registered (its one shot fired): re-arm it.
                if epoll_ctl(epoll, EPOLL_CTL_MOD, waiter.socket, &event) != 0 {
                    table.withLock { _ = $0.waiters.removeValue(forKey: token) }
                    waiter.abandon()
                }
            }
        }
        // `stop` set the flag under this lock, so no wait is registered after this drain.
        let remaining = table.withLock { table in
            table.isStopped = true
            defer { table.waiters.removeAll() }
            return Array(table.waiters.values)
        }
        remaining.forEach { $0.abandon() }
        close(wakeup)
        close(epoll)
        let continuation = finished.withLock { slot -> CheckedContinuation<Void, Never>? in
            hasFinished.store(true, ordering: .releasing)
            defer { slot = nil }
            return slot
        }
        continuation?.resume()
    }
}
