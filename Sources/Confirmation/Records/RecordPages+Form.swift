import Console
import Contracts
import Foundation
import Hummingbird
import Web

/// Reading the entry form: each input is named by the JSON path of the member it fills
/// (`education.school`, `qualificationCertificates[1].number`, from `ExamRecordFields`), so the form
/// becomes the very `ExamRecordInput` a `PUT` body decodes to, and every problem the service reports by
/// path lands next to its input.
extension RecordPages {
    /// The entry form's fields; a file chosen for a photo slot is stored first (the API's checks and
    /// limits, owned by the administrator) and its id takes the slot's place.
    func readForm(_ request: Request, by saver: AccountID, origin: RequestOrigin, problems: inout [FieldProblem]) async throws -> FormBody {
        guard request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true else { return try await FormBody.read(request) }
        let multipart = try await MultipartForm.read(request)
        var fields: [(name: String, value: String)] = multipart.parts.filter { $0.filename == nil }.compactMap { part in
            String(validating: part.content, as: UTF8.self).map { (part.name, $0) }
        }
        for part in multipart.parts where part.filename != nil && !part.content.isEmpty {
            guard let purpose = ExamRecordFields.purpose(of: part.name) else { continue }
            guard let type = Self.sniff(part.content) else {
                problems.append(ConfirmationProblems.unsupportedPhoto(field: part.name))
                continue
            }
            do {
                let id = try await uploader.upload(part.content, declaredType: type, purpose: purpose, owner: saver, origin: origin)
                fields.removeAll { $0.name == part.name }
                fields.append((part.name, id.description))
            } catch let problem as Problem {
                problems.append(ConfirmationProblems.refusedPhoto(field: part.name, problem))
            }
        }
        return FormBody(fields: fields)
    }

    /// The type a file's first bytes say it is: JPEG, PNG or PDF, the types attachments accept.
    static func sniff(_ bytes: [UInt8]) -> AttachmentMediaType? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .png }
        if bytes.starts(with: Array("%PDF".utf8)) { return .pdf }
        return nil
    }

    /// The input a submitted form stands for; `problems` gets what cannot even be read (a length that
    /// is not a whole number); `slots` maps each certificate's index in the input back to its form slot.
    static func input(from form: FormBody, problems: inout [FieldProblem], slots: inout [Int]) -> ExamRecordInput {
        func text(_ name: String) -> String? {
            guard let value = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        var present: [(section: ExamRecordFields.Section, members: [String: JSONValue])] = []
        // An optional section is present when any of its inputs is filled in (its photos alone do not count).
        for form in ExamRecordFields.formSections where !form.optional || form.fields.contains(where: { text($0.name) != nil }) {
            var members: [String: JSONValue] = [:]
            for field in form.fields {
                guard let raw = text(field.name) else { continue }
                switch field.kind {
                case .yesNo where raw == "true" || raw == "false": members[field.member] = .bool(raw == "true")
                case .yesNo: break
                case .number:
                    // Left out, so the service reports the rest too; its word for this field is replaced by this one.
                    if let value = Int(raw) { members[field.member] = .integer(value) } else { problems.append(ConfirmationProblems.invalidNumber(formField: field.name)) }
                case .text, .date, .code: members[field.member] = .string(raw)
                }
            }
            for photo in form.photos { if let id = text(photo.path) { members[photo.member] = .string(id) } }
            present.append((form.section, members))
            if let slot = form.slot { slots.append(slot) }
        }
        return ExamRecordFields.input(present)
    }

    /// A problem's path as the form names it: certificate indexes back to their slots.
    static func formPath(_ path: String, slots: [Int]) -> String {
        let prefix = "qualificationCertificates["
        guard path.hasPrefix(prefix), let close = path.firstIndex(of: "]"),
              let index = Int(path[path.index(path.startIndex, offsetBy: prefix.count)..<close]), slots.indices.contains(index)
        else { return path }
        return prefix + "\(slots[index])" + path[close...]
    }
}
