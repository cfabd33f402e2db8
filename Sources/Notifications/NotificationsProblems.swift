import Contracts

/// Every problem the Notifications module answers with.
enum NotificationsProblems {
    /// Not a message of the caller's (someone else's, or none): the same answer, so ids reveal nothing.
    static let messageNotFound = Problem(status: 404, code: "not_found", title: "消息不存在")

    /// The most template ids one subscription request may carry (`wx.requestSubscribeMessage` asks for
    /// at most 3 at once; a client collecting several rounds stays far below this).
    static let maximumTemplatesPerRequest = 20

    static let noTemplates = Problem.validation([
        FieldProblem(field: "templateIds", code: "required", message: "请至少提供一个订阅消息模板")
    ])
    static let tooManyTemplates = Problem.validation([
        FieldProblem(field: "templateIds", code: "too_many", message: "一次最多提交\(maximumTemplatesPerRequest)个订阅消息模板")
    ])
    /// Template ids that are none of the platform's configured templates, by position.
    static func unknownTemplates(at positions: [Int]) -> Problem {
        Problem.validation(positions.map {
            FieldProblem(field: "templateIds[\($0)]", code: "unknown_template", message: "不是本平台的订阅消息模板")
        })
    }

    static func unknownKinds(at positions: [Int]) -> Problem {
        Problem.validation(positions.map {
            FieldProblem(field: "preferences[\($0)].kind", code: "unknown_kind", message: "没有这种消息类型")
        })
    }

    static let duplicateKind = Problem.validation([
        FieldProblem(field: "preferences", code: "duplicate_kind", message: "同一消息类型只能出现一次")
    ])

    /// Turning off a decisive kind (a returned declaration, an allowed modification).
    static func essentialKinds(_ kinds: [String]) -> Problem {
        Problem(
            status: 422, code: "essential_kind", title: "退回和允许修改的通知不能关闭",
            detail: "这些消息关系到申报能否按时完成，始终发送：" + kinds.joined(separator: "、")
        )
    }
}
