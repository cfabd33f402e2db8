import Foundation
import Postgres

/// How the API writes an instant: ISO 8601 in UTC to the second (`2026-11-24T01:30:00Z`). `Web` formats
/// JSON through this, so its code names no `Postgres` type (ADR 0003); the one implementation of the
/// civil-date arithmetic (`CivilDays`) stays with the database's timestamps.
public enum Timestamps {
    public static func iso8601Seconds(_ date: Date) -> String {
        PostgresTimestamp.iso8601Seconds(date)
    }
}
