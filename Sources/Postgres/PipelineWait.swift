import CLibPQ
import Foundation

/// The answers of one pipeline, collected on the reactor's thread as they arrive: for each of its
/// `syncs` segments, one result per statement (and per `PQsendPrepare`), up to that segment's sync.
/// Whoever sent the pipeline does not touch the connection until `completion` has been called, once,
/// with every segment's results (or the reason they cannot come).
final class PipelineWait: SocketWaiter, @unchecked Sendable {
    typealias Completion = @Sendable (Result<Answers, PostgresError>) -> Void

    /// Each segment's results. `@unchecked Sendable`: libpq's results are read-only once made, and are
    /// handed from the reactor's thread to exactly one reader, who clears them.
    struct Answers: @unchecked Sendable {
        let segments: [[OpaquePointer]]
    }

    let handle: OpaquePointer
    let socket: Int32
    var flushing: Bool
    private let syncs: Int
    private var segments: [[OpaquePointer]] = []
    private var results: [OpaquePointer] = []
    private var completion: Completion?

    init(handle: OpaquePointer, socket: Int32, flushing: Bool, syncs: Int, completion: @escaping Completion) {
        self.handle = handle
        self.socket = socket
        self.flushing = flushing
        self.syncs = syncs
        self.completion = completion
        segments.reserveCapacity(syncs)
    }

    func ready(readable: Bool, writable: Bool) -> SocketInterest? {
        if PQconsumeInput(handle) == 0 { return fail() }
        if flushing {
            switch PQflush(handle) {
            case 0: flushing = false
            case 1: return [.read, .write]
            default: return fail()
            }
        }
        // Between statements libpq answers one NULL; two in a row would mean nothing more is coming,
        // which cannot happen before the last sync unless the connection broke.
        var nulls = 0
        while PQisBusy(handle) == 0 {
            guard let result = PQgetResult(handle) else {
                nulls += 1
                if nulls > 1 || PQstatus(handle) != CONNECTION_OK { return fail() }
                continue
            }
            nulls = 0
            if PQresultStatus(result) == PGRES_PIPELINE_SYNC {
                PQclear(result)
                segments.append(results)
                results = []
                if segments.count == syncs {
                    let answers = segments
                    segments = []
                    // Last: once called, the sender may use the connection at once, on any thread.
                    completion.take()?(.success(Answers(segments: answers)))
                    return nil
                }
                continue
            }
            results.append(result)
            if PQstatus(handle) != CONNECTION_OK { return fail() }
        }
        return PQstatus(handle) == CONNECTION_OK ? (flushing ? [.read, .write] : .read) : fail()
    }

    func abandon() {
        clear()
        completion.take()?(.failure(PostgresError(.poolClosed, "the database connection pool is closed")))
    }

    private func fail() -> SocketInterest? {
        // A server error that ended the connection (a terminated backend) says more than libpq's message.
        let serverMessage = (segments.joined() + results).lazy.compactMap { result -> String? in
            guard PQresultStatus(result) == PGRES_FATAL_ERROR, let text = PQresultErrorField(result, 77 /* 'M' */) else { return nil }
            return String(cString: text)
        }.first
        let message = serverMessage ?? String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
        clear()
        completion.take()?(.failure(PostgresError(.connectionLost, "the database connection was lost: \(message)")))
        return nil
    }

    private func clear() {
        (segments.joined() + results).forEach { PQclear($0) }
        segments = []
        results = []
    }
}
