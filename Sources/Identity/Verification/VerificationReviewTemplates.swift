/// The templates of 实名认证人工审核 in the console.
enum VerificationReviewTemplates {
    static let all = ["queue": queue, "review": review]

    static let queue = """
        <h1>实名认证人工审核</h1>
        {{#list}}
        {{> list-empty}}
        {{^isEmpty}}
        <table class="list">
          <thead><tr><th>姓名</th><th>证件类型</th><th>证件号码</th><th>提交时间</th></tr></thead>
          <tbody>{{#rows}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{documentType}}</td><td>{{number}}</td><td>{{submittedAt}}</td></tr>{{/rows}}</tbody>
        </table>
        {{/isEmpty}}
        {{> list-next}}
        {{/list}}
        """

    static let review = """
        <p><a href="{{queue}}">← 返回队列</a></p>
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
