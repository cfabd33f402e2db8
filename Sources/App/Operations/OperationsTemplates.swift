/// The operations pages' templates.
enum OperationsTemplates {
    static let exports = """
        <h1>数据导出</h1>
        <p class="muted">每个导出视图可整体下载为 CSV（UTF-8，含 BOM，可用 Excel 打开）；有年度列的视图可按年度筛选。每次下载都记入审计日志。</p>
        <table class="list"><thead><tr><th>视图</th><th>下载</th></tr></thead>
        <tbody>{{#views}}<tr><td>{{name}}</td><td><a href="{{href}}">全部</a>
          <form method="get" action="{{href}}" class="inline"><input name="year" type="number" min="2000" max="2999" placeholder="年度"><button type="submit" class="secondary">按年度</button></form></td></tr>{{/views}}</tbody>
        </table>
        """

    static let audit = """
        <h1>审计日志</h1>
        <form method="get" action="{{action}}" class="filters card">
          <label>对象类型 <input name="type" value="{{type}}" placeholder="如 trial_application"></label>
          <label>对象编号 <input name="id" value="{{id}}"></label>
          <label>操作人账号 <input name="actor" value="{{actor}}"></label>
          <button type="submit">查询</button>
        </form>
        {{^searched}}<p class="muted">请按对象或操作人查询（只读）。</p>{{/searched}}
        {{#list}}
        {{> list-empty}}
        {{^isEmpty}}
        <table class="list">
          <thead><tr><th>时间</th><th>操作</th><th>对象</th><th>操作人</th><th>状态变化</th><th>详情</th><th>请求编号</th></tr></thead>
          <tbody>{{#rows}}<tr><td>{{at}}</td><td>{{action}}</td><td>{{entity}}</td><td>{{actor}}</td><td>{{change}}</td><td>{{details}}</td><td>{{requestID}}</td></tr>{{/rows}}</tbody>
        </table>
        {{/isEmpty}}
        {{> list-next}}
        {{/list}}
        """
}
