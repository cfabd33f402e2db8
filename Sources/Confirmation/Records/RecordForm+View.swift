import Console
import Contracts
import Foundation

extension RecordForm {
    // MARK: Rendering

    struct OptionView {
        let code: String
        let label: String
        let selected: Bool
    }

    struct FieldView {
        let id: String
        let name: String
        let label: String
        let value: String
        let inputType: String
        let isInput: Bool
        let options: [OptionView]
        /// Not `error`: Mustache would find the page's own `error` for a field that has none.
        let fieldError: String?
    }

    struct SectionView {
        let id: String
        let title: String
        let optional: Bool
        let fields: [FieldView]
        let photos: [PhotoView]
    }

    struct PhotoView {
        let id: String
        let name: String
        let label: String
        /// The file now in the slot, if any.
        let current: String?
        let fieldError: String?
    }

    struct Hidden {
        let name: String
        let value: String
    }

    /// The sections with `values` by path and `errors` by path.
    static func view(values: [String: String], errors: [String: String]) -> (sections: [SectionView], hidden: [Hidden]) {
        let rendered = sections.map { section in
            SectionView(id: section.id, title: section.title, optional: section.optional, fields: section.fields.map { field in
                let value = values[field.name] ?? ""
                let id = field.name.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "[", with: "-").replacingOccurrences(of: "]", with: "")
                switch field.kind {
                case .select(let choices):
                    return FieldView(
                        id: id, name: field.name, label: field.label, value: value, inputType: "", isInput: false,
                        options: choices.map { OptionView(code: $0.code, label: $0.label, selected: $0.code == value) }, fieldError: errors[field.name]
                    )
                case .yesNo:
                    return FieldView(
                        id: id, name: field.name, label: field.label, value: value, inputType: "", isInput: false,
                        options: [OptionView(code: "true", label: "是", selected: value == "true"), OptionView(code: "false", label: "否", selected: value == "false")],
                        fieldError: errors[field.name]
                    )
                case .text, .date, .number:
                    let type = if case .date = field.kind { "date" } else if case .number = field.kind { "number" } else { "text" }
                    return FieldView(id: id, name: field.name, label: field.label, value: value, inputType: type, isInput: true, options: [], fieldError: errors[field.name])
                }
            }, photos: photoSlots(of: section.id).map { slot in
                let id = slot.path.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "[", with: "-").replacingOccurrences(of: "]", with: "")
                let current = values[slot.path].flatMap { $0.isEmpty ? nil : "/console/attachments/" + $0 }
                return PhotoView(id: id, name: slot.path, label: slot.label, current: current, fieldError: errors[slot.path])
            })
        }
        let hidden = values.filter { isAttachment($0.key) && !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { Hidden(name: $0.key, value: $0.value) }
        return (rendered, hidden)
    }

    /// `qualificationCertificates[0].frontAttachmentId` → 医师资格证书（1） 正面.
    static func photoLabel(_ path: String) -> String {
        let side = path.hasSuffix("frontAttachmentId") ? " 正面" : path.hasSuffix("backAttachmentId") ? " 反面" : ""
        let section = path.split(separator: ".").first.map(String.init) ?? path
        let title = sections.first { form in form.fields.first?.name.hasPrefix(section + ".") == true }?.title ?? section
        return title + side
    }
}
