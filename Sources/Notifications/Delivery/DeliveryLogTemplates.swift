/// The delivery log's template.
enum DeliveryLogTemplates {
    static let deliveries = """
        <h1>消息投递记录</h1>
        <form method="get" action="{{action}}" class="filters card">
          <label>账号编号 <input name="account" value="{{account}}" placeholder="账号 UUID"></label>
          <button type="submit">查询</button>
        </form>
        {{^searched}}<p class="muted">输入账号编号，查看其站内消息经微信订阅消息、短信的投递情况（只读）。站内消息本身总会送达。</p>{{/searched}}
        {{#invalid}}<p class="error">账号编号格式不正确。</p>{{/invalid}}
        {{#isEmpty}}<p class="muted">该账号没有投递记录。</p>{{/isEmpty}}
        {{#hasRows}}
        <table class="list">
          <thead><tr><th>时间</th><th>消息</th><th>类型</th><th>渠道</th><th>状态</th><th>尝试次数</th><th>发送时间</th><th>下次尝试</th><th>原因</th></tr></thead>
          <tbody>{{#rows}}<tr><td>{{createdAt}}</td><td>{{title}}</td><td>{{kind}}</td><td>{{channel}}</td><td>{{status}}</td><td>{{attempts}}</td><td>{{sentAt}}</td><td>{{nextAttemptAt}}</td><td>{{lastError}}</td></tr>{{/rows}}</tbody>
        </table>
        {{/hasRows}}
        """
}
