import Contracts
import Foundation
import Postgres

/// `IdentityDirectory` for other modules: a verified account's name, document and what follows from it.
public struct IdentityDirectoryService: IdentityDirectory {
    let database: Database

    public init(database: Database) { self.database = database }

    public func verifiedIdentity(of account: AccountID) async throws -> VerifiedIdentity? {
        let rows = try await database.query(
            "SELECT real_name, document_type, document_number FROM identity.verifications WHERE account_id = $1 AND status = 'verified'",
            [account.rawValue]
        )
        guard let row = rows.first, let type = DocumentType(rawValue: try row.decode(String.self, "document_type")) else { return nil }
        let number = try row.decode(String.self, "document_number")
        let derivable = type == .residentID || type == .hmtResidencePermit
        let birth = derivable ? DocumentNumber.birthDate(of: number).map { String(format: "%04d-%02d-%02d", $0.year!, $0.month!, $0.day!) } : nil
        return VerifiedIdentity(
            account: account, realName: try row.decode(String.self, "real_name"), documentType: type.rawValue,
            documentNumber: number, gender: derivable ? DocumentNumber.gender(of: number) : nil, birthDate: birth,
            candidateKind: Self.kind(of: type, number: number)
        )
    }

    /// Which candidate group a document puts its holder in.
    static func kind(of type: DocumentType, number: String) -> CandidateKind {
        switch type {
        case .residentID: .mainland
        case .hkMacauPermit: .hongKongMacau
        case .taiwanPermit: .taiwan
        case .hmtResidencePermit: number.hasPrefix("83") ? .taiwan : .hongKongMacau
        case .foreignPermanentResidentID: .foreign
        // Chinese passports (E…, G…) belong to mainland citizens; any other passport is foreign.
        case .passport: number.range(of: #"^(E[0-9A-F][0-9]{7}|G[0-9]{8})$"#, options: .regularExpression) != nil ? .mainland : .foreign
        case .militaryID: .military
        }
    }
}
