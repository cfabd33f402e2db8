import Console
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Web

/// 实名认证人工审核 in the console: the queue, one verification with its document photos beside the
/// name and number the candidate entered, approve or reject with a reason, then the next one. Through
/// `VerificationReviewService`, like `/api/v1/admin/verifications`: nobody decides their own case, and
/// the events are the same.
struct VerificationReviewPages: Sendable {
    let reviews: VerificationReviewService
    let layout: ConsoleLayout
    let templates: ConsoleTemplates

    static let base = "/console/platform/verifications"

    init(reviews: VerificationReviewService, layout: ConsoleLayout) throws {
        self.reviews = reviews
        self.layout = layout
        templates = try ConsoleTemplates(["queue": Self.queueTemplate, "review": Self.reviewTemplate])
    }

    func register(on console: ConsoleRoutes) {
        let group = console.platformAdmin.group("/verifications")
        group.get("", use: queue)
        group.get("/:id", use: show)
        group.post("/:id/approve", use: approve)
        group.post("/:id/reject", use: reject)
    }

    struct Row {
        let href: String
        let name: String
        let documentType: String
        let number: String
        let method: String
        let submittedAt: String
    }

    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        let page = try PageRequest.consolePage(request)
        let found = try await reviews.queue(page)
        let rows = found.items.map { item in
            let verification = item.verification
            return Row(
                href: Self.base + "/" + verification.id.uuidString.lowercased(), name: verification.realName,
                documentType: verification.documentType.label, number: DocumentNumber.masked(verification.documentNumber),
                method: verification.method.rawValue, submittedAt: verification.submittedAt.map(ConsoleFormat.minute) ?? ""
            )
        }
        var object: [String: Any] = ["rows": rows, "empty": rows.isEmpty]
        if let next = found.nextCursor { object["next"] = Self.base + "?cursor=" + next }
        return layout.page("实名认证人工审核", body: templates.render("queue", object), context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ConsolePage {
        try await review(try context.uuidParameter("id"), context: context)
    }

    struct Photo {
        let label: String
        let href: String
    }

    func review(_ id: UUID, context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> ConsolePage {
        let verification = try await reviews.waiting(id)
        var photos: [Photo] = []
        if let front = verification.frontAttachment { photos.append(Photo(label: "证件正面（人像面）", href: "/console/attachments/\(front)")) }
        if let back = verification.backAttachment { photos.append(Photo(label: "证件反面", href: "/console/attachments/\(back)")) }
        let here = Self.base + "/" + id.uuidString.lowercased()
        var object: [String: Any] = [
            "name": verification.realName, "documentType": verification.documentType.label,
            // The reviewer compares the whole number with the photo; only platform administrators see it.
            "number": verification.documentNumber,
            "submittedAt": verification.submittedAt.map(ConsoleFormat.minute) ?? "", "photos": photos,
            "approveAction": here + "/approve", "rejectAction": here + "/reject", "csrf": context.consoleCSRF ?? "",
        ]
        if let error { object["error"] = error }
        return layout.page("实名认证审核 · " + verification.realName, body: templates.render("review", object), context: context, status: status)
    }

    private func decide(_ request: Request, context: AppRequestContext, _ decision: (UUID, FormBody) async throws -> Void) async throws -> Response {
        let id = try context.uuidParameter("id")
        let caller = try context.requireCaller()
        return try await ConsoleAction.run(request, context: context) { form in
            try await decision(id, form)
        } refused: { message, status in
            try await review(id, context: context, error: message, status: status)
        } then: {
            // The next one waiting that is not the reviewer's own.
            let next = try await reviews.queue(PageRequest(limit: 20)).items.first { $0.verification.account != caller.accountID }
            return next.map { Self.base + "/" + $0.verification.id.uuidString.lowercased() } ?? Self.base
        }
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await decide(request, context: context) { id, _ in try await reviews.approve(id, origin: context.origin) }
    }

    @Sendable func reject(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await decide(request, context: context) { id, form in try await reviews.reject(id, reason: form["reason"] ?? "", origin: context.origin) }
    }

    static let queueTemplate = """
        <h1>实名认证人工审核</h1>
        {{#empty}}<p class="muted">没有等待审核的实名认证。</p>{{/empty}}
        {{^empty}}
        <table class="list">
          <thead><tr><th>姓名</th><th>证件类型</th><th>证件号码</th><th>提交时间</th></tr></thead>
          <tbody>{{#rows}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{documentType}}</td><td>{{number}}</td><td>{{submittedAt}}</td></tr>{{/rows}}</tbody>
        </table>
        {{/empty}}
        {{#next}}<p><a class="button secondary" href="{{next}}" id="next-page">下一页</a></p>{{/next}}
        """

    static let reviewTemplate = """
        <p><a href="/console/platform/verifications">← 返回队列</a></p>
        <h1>实名认证审核</h1>
        {{#error}}<p class="error" id="action-error">{{error}}</p>{{/error}}
        <div class="review">
          <section class="photos">
            {{#photos}}<figure class="attachment"><a href="{{href}}" target="_blank" rel="noopener"><img src="{{href}}" alt="{{label}}"></a><figcaption>{{label}}</figcaption></figure>{{/photos}}
          </section>
          <section class="entered">
            <h2>填写的信息</h2>
            <table>
              <tr><th>姓名</th><td id="entered-name">{{name}}</td></tr>
              <tr><th>证件类型</th><td>{{documentType}}</td></tr>
              <tr><th>证件号码</th><td id="entered-number">{{number}}</td></tr>
              <tr><th>提交时间</th><td>{{submittedAt}}</td></tr>
            </table>
            <form method="post" action="{{approveAction}}">
              <input type="hidden" name="_csrf" value="{{csrf}}">
              <p><button type="submit" id="approve">审核通过</button></p>
            </form>
            <form method="post" action="{{rejectAction}}" class="stacked">
              <input type="hidden" name="_csrf" value="{{csrf}}">
              <label for="reject-reason">不通过的原因</label>
              <textarea id="reject-reason" name="reason" maxlength="200" required></textarea>
              <p><button type="submit" id="reject" class="danger">审核不通过</button></p>
            </form>
          </section>
        </div>
        """
}
