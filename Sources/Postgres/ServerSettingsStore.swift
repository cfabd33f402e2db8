extension Database {
    /// The value of one of PostgreSQL's run-time settings for this role's sessions (`current_setting`).
    public func currentSetting(_ name: String) async throws -> String? {
        guard let row = try await query("SELECT current_setting($1) AS value", [name]).first else { return nil }
        return try row.decode(String.self, "value")
    }
}
