/// The 机构注册审核 pages' templates (HTML; `{{…}}` escapes), rendering `RegistrationPageModels`.
enum RegistrationTemplates {
    static let all: [String: String] = ["queue": queue, "review": review]

    static let queue = """
        <h1>机构注册审核</h1>
        <form method="get" action="{{action}}" class="filters card">
          <label>状态 <select name="status">{{#statuses}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></label>
          <button type="submit">筛选</button>
        </form>
        {{#list}}
        {{> list-empty}}
        {{^isEmpty}}
        <table class="list">
          <thead><tr><th>单位名称</th><th>统一社会信用代码</th><th>地区</th><th>提交时间</th></tr></thead>
          <tbody>{{#rows}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{uscc}}</td><td>{{region}}</td><td>{{submittedAt}}</td></tr>{{/rows}}</tbody>
        </table>
        {{/isEmpty}}
        {{> list-next}}
        {{/list}}
        """

    static let review = """
        <p><a href="{{back}}">← 返回列表</a></p>
        <h1>机构注册：{{name}}</h1>
        {{#error}}<p class="error" id="action-error">{{error}}</p>{{/error}}
        <div class="review">
          <section class="photos">
            <figure class="attachment"><a href="{{licence}}" target="_blank" rel="noopener">执业许可证（在新窗口打开）</a>
            <img src="{{licence}}" alt="执业许可证"></figure>
          </section>
          <section>
            <table>{{#fields}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/fields}}</table>
            {{#waiting}}
            <form method="post" action="{{approveAction}}">
              <input type="hidden" name="_csrf" value="{{csrf}}">
              {{#checkFailed}}<p><label><input type="checkbox" name="acceptFailedUsccCheck" value="true"> 已核实：接受校验位不符的统一社会信用代码</label></p>{{/checkFailed}}
              <p><button type="submit" id="approve">审核通过</button></p>
            </form>
            <form method="post" action="{{rejectAction}}" class="stacked">
              <input type="hidden" name="_csrf" value="{{csrf}}">
              <label for="reject-reason">驳回原因</label>
              <textarea id="reject-reason" name="reason" maxlength="200" required></textarea>
              <p><button type="submit" id="reject" class="danger">驳回</button></p>
            </form>
            {{/waiting}}
          </section>
        </div>
        """
}
