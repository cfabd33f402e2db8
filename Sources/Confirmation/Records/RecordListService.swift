import Audit
import Contracts
import Foundation
import Hummingbird
import LibCrypto
import Postgres
import Web

/// The unit's list for a year: every verified candidate bound to it, with their record's status
/// (`not_entered` when the unit has saved nothing yet) and open dispute, ordered by name. The staff,
/// their identities and their records live in three modules, so this is three statements and a merge
/// in memory, bounded by the size of one unit's staff.
struct RecordListService: Sendable {
    let database: Database
    let identities: any IdentityDirectory
    let employment: any EmploymentDirectory

    struct Filter: Sendable {
        var year: Int
        var status: ExamRecordStatus?
        var nameContaining: String?

        static let nameFilter = TextInput(field: "q", label: "姓名", maximumScalars: 50)

        init(year: Int, status: ExamRecordStatus? = nil, nameContaining: String? = nil) {
            self.year = year
            self.status = status
            self.nameContaining = nameContaining
        }

        /// The filter from a list's query (`year`, `status`, `q`), the API's and the console's alike;
        /// every problem at once. `year` when none is given. `blankMeansAll` (the console, whose form
        /// sends every input): an empty year is the default one, an empty or unknown status is every
        /// status; otherwise (the API) both are refused.
        init(query request: Request, year: Int, blankMeansAll: Bool = false) throws {
            let parameters = request.uri.queryParameters
            var problems: [FieldProblem] = []
            self.init(year: year)
            if let text = parameters["year"].map(String.init), !(blankMeansAll && text.isEmpty) {
                if let year = Digits.integer(text), ExamRecordService.years.contains(year) { self.year = year } else { problems.append(ConfirmationProblems.invalidYear) }
            }
            if let text = parameters["status"].map(String.init) {
                status = ExamRecordStatus(rawValue: text)
                if status == nil, !blankMeansAll { problems.append(ConfirmationProblems.unsupportedStatus) }
            }
            nameContaining = Self.nameFilter.optional(parameters["q"].map(String.init), into: &problems)
            guard problems.isEmpty else { throw Problem.validation(problems) }
        }

        /// The filter as a list's links keep it.
        var query: QueryString {
            QueryString().adding("year", String(year)).adding("status", status?.rawValue).adding("q", nameContaining)
        }
    }

    /// The list's `cursor` from the query, refused if the server cannot have issued it.
    static func cursor(in request: Request) throws -> NameCursor? {
        guard let text = request.uri.queryParameters["cursor"].map(String.init) else { return nil }
        guard let cursor = NameCursor(encoded: text) else { throw PageRequest.invalidCursor }
        return cursor
    }

    struct Item: Sendable {
        let candidate: VerifiedIdentity
        let listed: ExamRecordStore.ListedRecord?
        var status: ExamRecordStatus { listed?.record.status ?? .notEntered }
    }

    /// A download of the unit's exam information leaves the system: who took which year, and when.
    func recordExport(of unit: InstitutionID, year: Int, origin: RequestOrigin) async throws {
        try await database.withConnection { connection in
            // The file holds the full document numbers of the unit's staff: the download is that read.
            try await connection.record(
                AuditEvent(action: "exam_record.export", about: unit, details: ["year": String(year), "documentNumbers": "full"]), origin: origin
            )
        }
    }

    /// The current versions of the records on a page, in one query.
    func currentVersions(of items: [Item]) async throws -> [UUID: RecordVersion] {
        let ids = items.compactMap { $0.listed?.record.id }
        return try await database.withConnection { try await ExamRecordStore.currentVersions(of: ids, on: $0) }
    }

    func list(_ unit: InstitutionID, _ filter: Filter, limit: Int, after cursor: NameCursor?) async throws -> (items: [Item], nextCursor: String?, counts: [ExamRecordStatus: Int]) {
        let staff = try await employment.staff(of: unit)
        let people = try await identities.verifiedIdentities(of: staff, nameContaining: filter.nameContaining)
        let records = try await database.withConnection { connection in
            try await ExamRecordStore.records(of: Array(people.keys), year: filter.year, on: connection)
        }
        let all = people.values.map { Item(candidate: $0, listed: records[$0.account]) }
        var counts = Dictionary(uniqueKeysWithValues: ExamRecordStatus.allCases.map { ($0, 0) })
        for item in all { counts[item.status, default: 0] += 1 }
        // Each item's key is built once, not at every comparison.
        let keyed = all.filter { filter.status == nil || $0.status == filter.status }.map { (key: NameCursor(of: $0), item: $0) }
        let sorted = keyed.sorted { $0.key < $1.key }
        let rest = cursor.map { position in sorted.filter { $0.key > position } } ?? sorted
        let page = rest.prefix(limit).map(\.item)
        let next = rest.count > limit ? rest[limit - 1].key.encoded : nil
        return (page, next, counts)
    }
}

/// A keyset position `(name, account)` in a list ordered by name, carried as a `KeysetCursor` (the one
/// cursor codec); one the server cannot have issued is refused.
struct NameCursor: Sendable, Comparable {
    let name: String
    let account: AccountID

    /// The name as Unicode scalar values: compared in that order, stable on every instance (not locale collation).
    private let scalars: [UInt32]

    init(of item: RecordListService.Item) {
        self.init(name: item.candidate.realName, account: item.candidate.account)
    }

    private init(name: String, account: AccountID) {
        self.name = name
        self.account = account
        scalars = name.unicodeScalars.map(\.value)
    }

    init?(encoded: String) {
        guard let cursor = KeysetCursor(encoded: encoded), let name = cursor.name else { return nil }
        self.init(name: name, account: AccountID(cursor.id))
    }

    var encoded: String { KeysetCursor(name: name, id: account.rawValue).encoded }

    static func < (lhs: NameCursor, rhs: NameCursor) -> Bool {
        if lhs.scalars != rhs.scalars { return lhs.scalars.lexicographicallyPrecedes(rhs.scalars) }
        return lhs.account.description < rhs.account.description
    }

    static func == (lhs: NameCursor, rhs: NameCursor) -> Bool {
        lhs.scalars == rhs.scalars && lhs.account == rhs.account
    }
}
