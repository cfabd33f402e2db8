import CLibPQ

/// The answers of one pipeline, collected on the reactor's thread as they arrive: one result per
/// statement (and per `PQsendPrepare`), up to the pipeline's sync. The task that sent the pipeline is
/// suspended until `continuation` resumes it, and does not touch the connection meanwhile.
final class PipelineWait: SocketWaiter, @unchecked Sendable {
    let handle: OpaquePointer
    let socket: Int32
    var flushing: Bool
    var results: [OpaquePointer] = []
    var continuation: CheckedContinuation<[OpaquePointer], any Error>?

    init(handle: OpaquePointer, socket: Int32, flushing: Bool) {
        self.handle = handle
        self.socket = socket
        self.flushing = flushing
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
        // which cannot happen before the sync unless the connection broke.
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
                let answers = results
                results = []
                // Last: once resumed, the task may use the connection on another thread at once.
                continuation.take()?.resume(returning: answers)
                return nil
            }
            results.append(result)
            if PQstatus(handle) != CONNECTION_OK { return fail() }
        }
        return PQstatus(handle) == CONNECTION_OK ? .read : fail()
    }

    func abandon() {
        results.forEach { PQclear($0) }
        results = []
        continuation.take()?.resume(throwing: PostgresError(.poolClosed, "the database connection pool is closed"))
    }

    private func fail() -> SocketInterest? {
        // A server error that ended the connection (a terminated backend) says more than libpq's message.
        let serverMessage = results.lazy.compactMap { result -> String? in
            guard PQresultStatus(result) == PGRES_FATAL_ERROR, let text = PQresultErrorField(result, 77 /* 'M' */) else { return nil }
            return String(cString: text)
        }.first
        let message = serverMessage ?? String(cString: PQerrorMessage(handle)).trimmingWhitespace()
        results.forEach { PQclear($0) }
        results = []
        continuation.take()?.resume(throwing: PostgresError(.connectionLost, "the database connection was lost: \(message)"))
        return nil
    }
}
