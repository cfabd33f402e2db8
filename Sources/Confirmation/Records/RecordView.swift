import Contracts
import Foundation

/// A record with what its reader is shown beside it.
struct RecordView: Sendable {
    let year: Int
    let candidate: VerifiedIdentity
    /// The candidate's current unit (申报单位).
    let unit: InstitutionSummary?
    let record: ExamRecord?
    let current: RecordVersion?
    /// Newest first.
    let disputes: [Dispute]
    /// The version that answered the last dispute (its note is the unit's reply), if answered.
    let reply: RecordVersion?
    let candidateAttachments: [CandidateAttachment]

    var status: ExamRecordStatus { record?.status ?? .notEntered }

    /// The certificate faces of the present sections that nobody has attached yet: what the candidate
    /// will still upload (the starred text fields are complete in every saved version).
    var missingAttachments: [String] {
        guard let current else { return [] }
        let attached = Set(candidateAttachments.map(\.path))
        return current.content.attachmentSlots.filter { $0.value == nil && !attached.contains($0.path) }.map(\.path)
    }
}

extension RecordView {
    /// The view as a unit that saved only `versions` may see it: another unit's current version, its
    /// note, the disputes about it and the faces attached to it are left out.
    func restricted(to versions: Set<Int>) -> RecordView {
        let shown = current.flatMap { versions.contains($0.version) ? $0 : nil }
        return RecordView(
            year: year, candidate: candidate, unit: unit, record: record, current: shown, disputes: disputes.filter { versions.contains($0.version) },
            reply: reply.flatMap { versions.contains($0.version) ? $0 : nil }, candidateAttachments: shown == nil ? [] : candidateAttachments
        )
    }
}
