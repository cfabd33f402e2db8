import Contracts
import Hummingbird
import Web

/// The unit's side, `/units/{id}/exam-records…` on the `unitAdmin` group, and the candidate's,
/// `/exam-records/{year}/me…`.
struct ExamRecordRoutes: Sendable {
    let records: ExamRecordService
    let candidates: CandidateRecordService
    let lists: RecordListService

    func register(on routes: ModuleRoutes) {
        let unit = routes.unitAdmin("")
        unit.get(ConfirmationPaths.records.route, use: list)
        unit.get(ConfirmationPaths.record.route, use: show)
        unit.put(ConfirmationPaths.record.route, use: save)
        unit.get(ConfirmationPaths.prefill.route, use: prefill)
        unit.get(ConfirmationPaths.versions.route, use: versions)
        unit.get(ConfirmationPaths.version.route, use: version)

        let mine = routes.authenticated
        mine.get(ConfirmationPaths.mine.route, use: me)
        mine.post(ConfirmationPaths.confirm.route, use: confirm)
        mine.post(ConfirmationPaths.disputes.route, use: dispute)
        mine.put(ConfirmationPaths.attachments.route, use: attach)
    }

    // MARK: Unit

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> RecordPageResponse {
        let page = try PageRequest(query: request, cursorless: true)
        let cursor = try RecordListService.cursor(in: request)
        let filter = try RecordListService.Filter(query: request, year: try await records.examYears.currentExamYear())
        let (items, next, counts) = try await lists.list(try unit(context), filter, limit: page.limit, after: cursor)
        return RecordPageResponse(
            items: items.map(ListItemResponse.init), nextCursor: next,
            counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
        )
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> RecordResponse {
        RecordResponse(try await records.view(try account(context), year: try year(context), of: try unit(context)), forCandidate: false)
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<RecordResponse> {
        let caller = try context.requireCaller()
        let (unit, year, account) = (try unit(context), try year(context), try account(context))
        let body = try await request.decodeJSON(as: ExamRecordSaveRequest.self, context: context)
        if let version = body.version, version < 1 { throw Problem.validation([ConfirmationProblems.invalidVersion]) }
        let view = try await records.save(
            account, year: year, of: unit, body.record, version: body.version, note: body.note, by: caller.accountID, origin: context.origin
        )
        return EditedResponse(status: view.record?.currentVersion == 1 ? .created : .ok, response: RecordResponse(view, forCandidate: false))
    }

    @Sendable func prefill(_ request: Request, context: AppRequestContext) async throws -> PrefillResponse {
        PrefillResponse(try await records.prefill(try account(context), year: try year(context), of: try unit(context)))
    }

    @Sendable func versions(_ request: Request, context: AppRequestContext) async throws -> VersionListResponse {
        let versions = try await records.versions(try account(context), year: try year(context), of: try unit(context))
        return VersionListResponse(items: versions.map(VersionSummaryResponse.init))
    }

    @Sendable func version(_ request: Request, context: AppRequestContext) async throws -> VersionResponse {
        guard let text = context.parameters.get("version"), let number = Digits.integer(text), number >= 1 else { throw Problem.notFound }
        var other: Int?
        if let text = request.uri.queryParameters["compareTo"] {
            guard let value = Digits.integer(text), value >= 1 else {
                throw Problem.validation([ConfirmationProblems.invalidCompareTo])
            }
            other = value
        }
        let (version, base, changes) = try await records.version(
            try account(context), year: try year(context), of: try unit(context), number: number, comparedTo: other
        )
        return VersionResponse(version, base: base, changes: changes)
    }

    // MARK: Candidate

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> RecordResponse {
        RecordResponse(try await candidates.view(of: try context.requireCaller().accountID, year: try await candidateYear(context)), forCandidate: true)
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> RecordResponse {
        let caller = try context.requireCaller()
        let year = try await candidateYear(context)
        let body = try await request.decodeJSON(as: ConfirmRequest.self, context: context)
        return RecordResponse(try await candidates.confirm(caller.accountID, year: year, version: body.version, origin: context.origin), forCandidate: true)
    }

    @Sendable func dispute(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<RecordResponse> {
        let caller = try context.requireCaller()
        let year = try await candidateYear(context)
        let body = try await request.decodeJSON(as: DisputeRequest.self, context: context)
        let view = try await candidates.dispute(caller.accountID, year: year, message: body.message, fields: body.fields ?? [], origin: context.origin)
        return EditedResponse(status: .created, response: RecordResponse(view, forCandidate: true))
    }

    @Sendable func attach(_ request: Request, context: AppRequestContext) async throws -> RecordResponse {
        let caller = try context.requireCaller()
        let year = try await candidateYear(context)
        let body = try await request.decodeJSON(as: AttachRequest.self, context: context)
        let view = try await candidates.attach(caller.accountID, year: year, path: body.path, attachment: body.attachmentId, origin: context.origin)
        return RecordResponse(view, forCandidate: true)
    }

    // MARK: Parameters

    private func unit(_ context: AppRequestContext) throws -> InstitutionID {
        InstitutionID(try context.uuidParameter("institutionId"))
    }

    private func account(_ context: AppRequestContext) throws -> AccountID {
        AccountID(try context.uuidParameter("accountId"))
    }

    /// The candidate's own record: a year, or `current` for the exam year (`GET /me`'s `examRecord.year`).
    private func candidateYear(_ context: AppRequestContext) async throws -> Int {
        if context.parameters.get("year") == "current" { return try await records.examYears.currentExamYear() }
        return try year(context)
    }

    /// An unknown or out-of-range year in the path is a missing resource.
    private func year(_ context: AppRequestContext) throws -> Int {
        guard let text = context.parameters.get("year"), let year = Digits.integer(text), ExamRecordService.years.contains(year) else { throw Problem.notFound }
        return year
    }
}
