import Web

/// `PUT /admin/institutions/{id}` and the console's edit form: the details and optionally the status.
struct InstitutionEditRequest: Decodable, Sendable {
    let name: String
    let uscc: String
    let superiorUnit: String?
    let category: String
    let region: String
    let address: String
    let acceptFailedUsccCheck: Bool?
    /// May be left out (unchanged); `null` is refused rather than read as "not sent".
    let status: String?

    enum CodingKeys: String, CodingKey { case name, uscc, superiorUnit, category, region, address, acceptFailedUsccCheck, status }

    /// The console's form, read field by field.
    init(
        name: String, uscc: String, superiorUnit: String?, category: String, region: String, address: String, acceptFailedUsccCheck: Bool?,
        status: String?
    ) {
        (self.name, self.uscc, self.superiorUnit, self.category, self.region, self.address) = (name, uscc, superiorUnit, category, region, address)
        (self.acceptFailedUsccCheck, self.status) = (acceptFailedUsccCheck, status)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        uscc = try container.decode(String.self, forKey: .uscc)
        superiorUnit = try container.decodeIfPresent(String.self, forKey: .superiorUnit)
        category = try container.decode(String.self, forKey: .category)
        region = try container.decode(String.self, forKey: .region)
        address = try container.decode(String.self, forKey: .address)
        acceptFailedUsccCheck = try container.decodeIfPresentNotNull(Bool.self, forKey: .acceptFailedUsccCheck)
        status = try container.decodeIfPresentNotNull(String.self, forKey: .status)
    }
}
