import Web

/// The operations pages' paths (exports and the audit viewer, ADR 0015): every route registers with
/// these and every link is built from them.
enum OperationsPaths {
    /// 数据导出: the views of the `export` schema.
    static let exports = RoutePath.platformConsole("/exports")
    /// One view as CSV (`?year=`).
    static let export = exports.appending("/:view")
    /// 审计日志.
    static let audit = RoutePath.platformConsole("/audit")
}
