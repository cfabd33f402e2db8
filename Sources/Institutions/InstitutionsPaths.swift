import Console
import Web

/// Every route of the Institutions module, API and console: registered from these values, and every
/// link and `Location` built from them.
enum InstitutionsPaths {
    // MARK: API, any signed-in caller (`routes.authenticated`)

    /// `GET`: search the registry (`q`, `region`, `category`, `limit`, `cursor`).
    static let search = RoutePath.api("/institutions")
    /// `GET`, `PUT`, `DELETE`: the caller's own employment.
    static let myEmployment = RoutePath.api("/me/employment")
    /// `POST`: register an institution.
    static let register = RoutePath.api("/institution-registrations")
    static let myRegistrations = register.appending("/mine")

    // MARK: API, a unit's administrators (`routes.unitAdmin("")`)

    static let unit = RoutePath.api("/units/:institutionId")
    static let confirmationCode = unit.appending("/confirmation-code")
    static let rotateCode = confirmationCode.appending("/rotate")
    /// `GET`: the unit's staff (`q`, `limit`, `cursor`).
    static let staff = unit.appending("/staff")
    static let staffMember = staff.appending("/:accountId")
    static let administrators = unit.appending("/admins")
    static let administrator = administrators.appending("/:accountId")

    // MARK: API, platform administrators (`routes.platformAdmin`)

    /// `GET`: registrations by `status` (submitted unless given).
    static let registrationQueue = RoutePath.adminAPI("/institution-registrations")
    static let approveRegistration = registrationQueue.appending("/:id/approve")
    static let rejectRegistration = registrationQueue.appending("/:id/reject")
    /// `PUT`: an administrator's edit of an institution.
    static let institution = RoutePath.adminAPI("/institutions/:id")

    // MARK: Console, a unit's administrators (`console.unit("")`)

    /// The unit's home: the institution and every module's dashboard panel.
    static let consoleUnit = ConsolePaths.unitHome
    /// 单位信息: the code, the staff (`q`, `cursor`), the administrators.
    static let consoleInfo = consoleUnit.appending("/info")
    /// `GET` the confirmation step, `POST` the rotation.
    static let consoleRotateCode = consoleUnit.appending("/confirmation-code/rotate")
    static let consoleEndEmployment = consoleUnit.appending("/staff/:accountId/end")
    static let consoleAdministrators = consoleUnit.appending("/admins")
    static let consoleRevokeAdministrator = consoleAdministrators.appending("/:accountId/revoke")

    // MARK: Console, platform administrators (`console.platformAdmin`)

    /// 机构管理: search (`q`, `cursor`) and the import form.
    static let consoleInstitutions = RoutePath.platformConsole("/institutions")
    static let consoleImport = consoleInstitutions.appending("/import")
    static let consoleImportTemplate = consoleImport.appending("/template.csv")
    /// `GET` the edit form, `POST` the edit.
    static let consoleInstitution = consoleInstitutions.appending("/:id")
    /// 机构注册审核: the queue (`status`, `cursor`).
    static let consoleRegistrations = ConsolePaths.registrations
    static let consoleRegistration = consoleRegistrations.appending("/:id")
    static let consoleApprove = consoleRegistration.appending("/approve")
    static let consoleReject = consoleRegistration.appending("/reject")

    // MARK: Candidate pages (`/m`, issue 28): 工作单位 and 机构注册 (附件2)

    /// The bound unit and its history; 更新工作单位, 解绑.
    static let mobileEmployment = MobilePaths.employment
    /// `GET` the search form and its results (`q`, `cursor`).
    static let mobileSearch = mobileEmployment.appending("/search")
    /// `GET` the unit and the code form, `POST` the binding.
    static let mobileBind = mobileEmployment.appending("/bind/:institutionId")
    /// `POST`: ends the binding.
    static let mobileUnbind = mobileEmployment.appending("/unbind")
    /// `GET` the registration form and the caller's registrations, `POST` a registration.
    static let mobileRegister = mobileEmployment.appending("/register")
    static let mobileVerification = MobilePaths.verification
    static let mobileAttachment = MobilePaths.attachment

    // MARK: Other modules' pages

    /// A stored attachment (owned by Attachments): `ConsolePaths.attachment`.
    static let attachment = ConsolePaths.attachment
}
