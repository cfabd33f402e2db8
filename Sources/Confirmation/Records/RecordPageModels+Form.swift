import Console
import Contracts
import Foundation

/// The entry form's sections as inputs, from the field table (`ExamRecordFields`).
enum RecordFormView {
    struct Field: Sendable {
        let id: String
        let name: String
        let label: String
        let value: String
        let inputType: String
        let isInput: Bool
        let options: [ConsoleOption]
        /// Not `error`: Mustache would find the page's own `error` for a field that has none.
        let fieldError: String?
    }

    struct Section: Sendable {
        let id: String
        let title: String
        let optional: Bool
        let fields: [Field]
        let photos: [Photo]
    }

    struct Photo: Encodable, Sendable {
        let id: String
        let name: String
        let label: String
        /// The file now in the slot, if any.
        let current: String?
        let fieldError: String?
    }

    struct Hidden: Encodable, Sendable {
        let name: String
        let value: String
    }

    /// `qualificationCertificates[0].number` → `qualificationCertificates-0-number`.
    static func inputID(_ path: String) -> String {
        path.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "[", with: "-").replacingOccurrences(of: "]", with: "")
    }

    /// The sections with `values` by path and `errors` by path.
    static func build(values: [String: String], errors: [String: String]) -> (sections: [Section], hidden: [Hidden]) {
        let rendered = ExamRecordFields.formSections.map { section in
            Section(id: section.id, title: section.title, optional: section.optional, fields: section.fields.map { field in
                let value = values[field.name] ?? ""
                let id = inputID(field.name)
                switch field.kind {
                case .code(let codes):
                    return Field(
                        id: id, name: field.name, label: field.label, value: value, inputType: "", isInput: false,
                        options: codes.choices.map { ConsoleOption(code: $0.code, label: $0.label, selected: $0.code == value) }, fieldError: errors[field.name]
                    )
                case .yesNo:
                    return Field(
                        id: id, name: field.name, label: field.label, value: value, inputType: "", isInput: false,
                        options: [ConsoleOption(code: "true", label: "是", selected: value == "true"), ConsoleOption(code: "false", label: "否", selected: value == "false")],
                        fieldError: errors[field.name]
                    )
                case .text, .date, .number:
                    let type = if case .date = field.kind { "date" } else if case .number = field.kind { "number" } else { "text" }
                    return Field(id: id, name: field.name, label: field.label, value: value, inputType: type, isInput: true, options: [], fieldError: errors[field.name])
                }
            }, photos: section.photos.map { slot in
                let current = values[slot.path].flatMap { $0.isEmpty ? nil : ConfirmationPaths.attachment.link($0) }
                return Photo(id: inputID(slot.path), name: slot.path, label: slot.label, current: current, fieldError: errors[slot.path])
            })
        }
        let hidden = values.filter { ExamRecordFields.isAttachment($0.key) && !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { Hidden(name: $0.key, value: $0.value) }
        return (rendered, hidden)
    }
}
