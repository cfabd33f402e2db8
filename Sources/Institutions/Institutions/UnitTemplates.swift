/// A unit's own pages' templates (HTML; `{{…}}` escapes), rendering `UnitPageModels`.
enum UnitTemplates {
    static let all: [String: String] = ["home": home, "info": info, "rotate": rotate]

    static let home = """
        <h1>{{name}}</h1>
        <section><table>{{#fields}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/fields}}</table>
          <p><a href="{{info}}">单位信息：确认码、人员、管理员</a></p></section>
        {{#panels}}{{{.}}}{{/panels}}
        """

    static let info = """
        <p><a href="{{home}}">← 单位首页</a></p>
        <h1>单位信息</h1>
        {{#error}}<p class="error" id="action-error">{{error}}</p>{{/error}}
        <section><table>{{#fields}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/fields}}</table></section>
        <section>
          <h2>单位确认码</h2>
          <p>当前确认码：<strong id="confirmation-code">{{code}}</strong> <span class="muted">（{{rotatedAt}} 生成）</span></p>
          <p class="muted">本单位人员绑定工作单位时需输入此确认码。更换后旧确认码立即失效。</p>
          <p><a class="button secondary" href="{{rotate}}" id="rotate-code">更换确认码</a></p>
        </section>
        <section>
          <h2>管理员</h2>
          <ul>{{#admins}}<li>{{name}}
            <form method="post" action="{{revokeAction}}"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="secondary">撤销管理员</button></form>
          </li>{{/admins}}</ul>
        </section>
        <section>
          <h2>本单位人员</h2>
          <form method="get" action="{{search}}" class="filters">
            <label>姓名 <input name="q" value="{{q}}" maxlength="50"></label>
            <button type="submit">搜索</button>
          </form>
          {{#staff}}
          {{> list-empty}}
          {{^isEmpty}}
          <table>
            <thead><tr><th>姓名</th><th>证件号码</th><th>绑定时间</th><th>操作</th></tr></thead>
            <tbody>
            {{#rows}}
            <tr><td>{{name}}</td><td>{{number}}</td><td>{{since}}</td>
              <td>
                {{^isAdministrator}}
                <form method="post" action="{{addAdmin}}"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="accountId" value="{{accountID}}"><button type="submit" class="secondary">设为管理员</button></form>
                {{/isAdministrator}}
                <form method="post" action="{{endAction}}"><input type="hidden" name="_csrf" value="{{csrf}}">
                  <input name="reason" placeholder="解除原因（如已离职）" maxlength="200" required>
                  <button type="submit" class="danger">解除绑定</button></form>
              </td></tr>
            {{/rows}}
            </tbody>
          </table>
          {{/isEmpty}}
          {{> list-next}}
          {{/staff}}
        </section>
        """

    static let rotate = """
        <section class="card">
          <h1>更换单位确认码</h1>
          <p>更换后，旧确认码立即失效；尚未绑定的人员需要使用新确认码。确定更换吗？</p>
          <form method="post" action="{{action}}">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <button type="submit" id="confirm-rotate">确定更换</button>
            <a class="button secondary" href="{{back}}">取消</a>
          </form>
        </section>
        """
}
