import CLibPQ
import Foundation

/// Turning libpq's results into rows, counts and errors.
extension LibPQConnection {
    func rows(of result: OpaquePointer, statement: String? = nil) -> [Row] {
        let columnCount = PQnfields(result)
        let rowCount = PQntuples(result)
        let columns: Columns
        if let statement, let known = columnsByStatement[statement], known.names.count == Int(columnCount) {
            columns = known
        } else {
            var names: [String] = []
            var types: [PostgresType] = []
            for column in 0..<columnCount {
                names.append(String(cString: PQfname(result, column)))
                types.append(PostgresType(oid: PQftype(result, column)))
            }
            columns = Columns(names: names, types: types)
            if let statement { columnsByStatement[statement] = columns }
        }
        var rows: [Row] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, row, column)))
                }
            }
            rows.append(Row(columns: columns, values: values))
        }
        return rows
    }

    func affectedRows(_ result: OpaquePointer) -> Int {
        Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    func serverError(_ result: OpaquePointer) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field("C")
        let message = field("M") ?? String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
        if PQstatus(handle) != CONNECTION_OK {
            isBroken = true
            return PostgresError(.connectionLost, "the database connection was lost: \(message)", sqlState: sqlState)
        }
        return PostgresError(
            .server, message, sqlState: sqlState, detail: field("D"),
            constraint: field("n"), table: field("t"), column: field("c")
        )
    }

    func connectionError(_ message: String) -> PostgresError {
        isBroken = PQstatus(handle) != CONNECTION_OK || isBroken
        return PostgresError(.connectionLost, "the database connection failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
}
