import Contracts

extension ImportColumns {
    /// A saved version as the import's columns (codes as their Chinese labels, yes/no as 是/否, dates as
    /// `YYYY-MM-DD`), so the unit's export can be filled in and imported back unchanged.
    static func values(of content: ExamRecordContent) -> [String: String] {
        var values: [String: String] = [:]
        func put(_ column: String, _ value: String?) { if let value { values[column] = value } }
        func yesNo(_ flag: Bool) -> String { flag ? "是" : "否" }
        let education = content.education
        put("education.level", education.level.label)
        put("education.studyForm", education.studyForm.label)
        put("education.enrolledOn", education.enrolledOn.description)
        put("education.graduatedOn", education.graduatedOn.description)
        put("education.school", education.school)
        put("education.lengthYears", String(education.lengthYears))
        put("education.majorType", education.majorType?.label)
        put("education.major", education.major)
        put("education.diplomaNumber", education.diplomaNumber)
        put("education.verificationReportNumber", education.verificationReportNumber)
        if let title = content.title {
            put("title.series", title.series.label)
            put("title.level", title.level.label)
            put("title.speciality", title.speciality)
            put("title.obtainedBy", title.obtainedBy.label)
            put("title.route", title.route.label)
            put("title.approvedOn", title.approvedOn.description)
            put("title.certificateNumber", title.certificateNumber)
            put("title.provincialLine", yesNo(title.provincialLine))
            put("title.grassrootsSenior", yesNo(title.grassrootsSenior))
            put("title.appointedOn", title.appointedOn?.description)
        }
        for certificate in content.qualificationCertificates {
            let prefix = certificate.level == .physician ? "physicianQualification" : "assistantQualification"
            put("\(prefix).category", certificate.category.label)
            put("\(prefix).issuedOn", certificate.issuedOn.description)
            put("\(prefix).number", certificate.number)
        }
        if let practice = content.practiceCertificate {
            put("practiceCertificate.level", practice.level.label)
            put("practiceCertificate.category", practice.category.label)
            put("practiceCertificate.issuedOn", practice.issuedOn.description)
            put("practiceCertificate.issuingAuthority", practice.issuingAuthority)
            put("practiceCertificate.practicePlace", practice.practicePlace)
            put("practiceCertificate.number", practice.number)
            put("practiceCertificate.scope", practice.scope)
        }
        if let nurse = content.nurseCertificate {
            put("nurseCertificate.number", nurse.number)
            put("nurseCertificate.issuedOn", nurse.issuedOn.description)
            put("nurseCertificate.issuingAuthority", nurse.issuingAuthority)
            put("nurseCertificate.practicePlace", nurse.practicePlace)
        }
        if let trial = content.trial {
            put("trial.position", trial.position)
            put("trial.category", trial.category.label)
            put("trial.assistantUpgrade", yesNo(trial.assistantUpgrade))
            put("trial.freshGraduate", yesNo(trial.freshGraduate))
            put("trial.startDate", trial.startDate.description)
            put("trial.endDate", trial.endDate.description)
            put("trial.supervisorName", trial.supervisorName)
        }
        return values
    }
}
