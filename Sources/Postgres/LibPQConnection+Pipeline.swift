import CLibPQ

/// Sending pipelines and reading their answers: each segment's statements followed by a sync, the
/// answers collected on the reactor's thread (`PipelineWait`) and turned into results or an error.
extension LibPQConnection {
    /// What was sent for one segment of a pipeline (the statements up to one sync): which results
    /// answer a statement (the others answer a `PQsendPrepare`), the prepared names, the prepares.
    struct SentSegment {
        var isStatementResult: [Bool] = []
        var statementNames: [String?] = []
        var prepares: [Int: (sql: String, name: String)] = [:]
    }

    /// Sends each segment's statements followed by a sync, in pipeline mode, and starts flushing.
    /// Answers what was sent and whether libpq still has bytes to write.
    func send(_ segments: [[Statement]]) throws(PostgresError) -> (sent: [SentSegment], flushing: Bool) {
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError(String(cString: PQerrorMessage(handle))) }
        // Statements prepared earlier in this pipeline: later segments execute them without preparing again.
        var preparing: [String: String] = [:]
        var sent: [SentSegment] = []
        sent.reserveCapacity(segments.count)
        var statementCount = 0
        for statements in segments {
            var segment = SentSegment()
            for statement in statements {
                let sentOne: Int32
                if statement.prepared {
                    let name: String
                    if let known = preparedStatements[statement.sql] ?? preparing[statement.sql] {
                        name = known
                    } else {
                        name = "s\(nextStatementNumber)"
                        nextStatementNumber += 1
                        // Parameter types are left to the server to infer from the statement.
                        guard PQsendPrepare(handle, name, statement.sql, Int32(statement.parameters.count), nil) == 1 else {
                            throw abandonPipeline()
                        }
                        preparing[statement.sql] = name
                        segment.prepares[segment.isStatementResult.count] = (statement.sql, name)
                        segment.isStatementResult.append(false)
                        segment.statementNames.append(nil)
                    }
                    sentOne = withOptionalCStrings(statement.parameters) { values in
                        PQsendQueryPrepared(handle, name, Int32(statement.parameters.count), values, nil, nil, 0)
                    }
                    segment.statementNames.append(name)
                } else {
                    sentOne = withOptionalCStrings(statement.parameters) { values in
                        PQsendQueryParams(handle, statement.sql, Int32(statement.parameters.count), nil, values, nil, nil, 0)
                    }
                    segment.statementNames.append(nil)
                }
                guard sentOne == 1 else { throw abandonPipeline() }
                segment.isStatementResult.append(true)
            }
            guard PQpipelineSync(handle) == 1 else { throw abandonPipeline() }
            statementCount += statements.count
            sent.append(segment)
        }
        traffic.count(statements: statementCount)
        let flushed = PQflush(handle)
        guard flushed >= 0 else { throw abandonPipeline() }
        return (sent, flushed == 1)
    }

    /// Every result up to the last sync has been read, so leaving pipeline mode cannot fail; if it did,
    /// the connection's state is not what the next caller expects (scripts and COPY need it left).
    func leavePipeline() {
        if PQexitPipelineMode(handle) != 1 { isBroken = true }
    }

    /// One segment's statements' results, or the first error among them (the statements after it in
    /// the segment did not run).
    func answered(_ segment: SentSegment, _ results: [OpaquePointer]) -> Result<[QueryResult], PostgresError> {
        guard results.count == segment.isStatementResult.count else {
            isBroken = true
            return .failure(PostgresError(.connectionLost, "the database answered \(results.count) results for \(segment.isStatementResult.count) statements"))
        }
        var firstError: PostgresError?
        var answered: [QueryResult] = []
        answered.reserveCapacity(results.count)
        for (index, (result, isStatement)) in zip(results, segment.isStatementResult).enumerated() {
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                // Remembered as soon as the server has it, even if a later statement fails.
                if let prepared = segment.prepares[index] { preparedStatements[prepared.sql] = prepared.name }
                if isStatement { answered.append(QueryResult(rows: [], affectedRows: affectedRows(result))) }
            case PGRES_TUPLES_OK:
                if isStatement {
                    answered.append(QueryResult(rows: rows(of: result, statement: segment.statementNames[index]), affectedRows: affectedRows(result)))
                }
            case PGRES_PIPELINE_ABORTED:
                break  // skipped because of the earlier error
            default:
                if firstError == nil { firstError = serverError(result) }
            }
        }
        if let firstError { return .failure(firstError) }
        return .success(answered)
    }

    /// Waits on the reactor for every answer of the pipeline just sent.
    func answers(syncs: Int, flushing: Bool) async throws -> PipelineWait.Answers {
        try await withCheckedThrowingContinuation { continuation in
            watch(syncs: syncs, flushing: flushing) { outcome in
                switch outcome {
                case .success(let answers): continuation.resume(returning: answers)
                case .failure(let error): continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Hands the pipeline just sent to the reactor, which calls `completion` when its last sync arrives.
    func watch(syncs: Int, flushing: Bool, completion: @escaping PipelineWait.Completion) {
        let wait = PipelineWait(handle: handle, socket: socket, flushing: flushing, syncs: syncs, completion: completion)
        let registered = isRegistered
        isRegistered = true
        if !reactor.watch(fd: socket, token: token, registered: registered, interest: flushing ? [.read, .write] : .read, waiter: wait) {
            wait.abandon()
        }
    }

    /// A send failed half-way: the connection's state is unknown, so it is not used again.
    func abandonPipeline() -> PostgresError {
        let error = connectionError(String(cString: PQerrorMessage(handle)))
        isBroken = true
        return error
    }
}
