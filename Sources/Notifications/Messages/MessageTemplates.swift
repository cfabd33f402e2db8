/// The templates of 消息 in the console.
enum MessageTemplates {
    static let all = ["list": list]

    static let list = """
        <h1>消息</h1>
        {{#error}}<p class="error" id="action-error">{{error}}</p>{{/error}}
        <p>未读 <strong id="unread-total">{{unreadCount}}</strong> 条</p>
        {{#hasUnread}}
        <form method="post" action="{{readAllAction}}">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <p><button type="submit" id="read-all" class="secondary">全部标为已读</button></p>
        </form>
        {{/hasUnread}}
        {{#list}}
        {{> list-empty}}
        {{^isEmpty}}
        <table class="list" id="messages">
          <thead><tr><th>时间</th><th>标题</th><th>内容</th><th></th></tr></thead>
          <tbody>{{#rows}}<tr class="{{#unread}}unread{{/unread}}{{^unread}}read{{/unread}}">
            <td>{{time}}</td>
            <td>{{#unread}}<strong>{{/unread}}{{#href}}<a href="{{href}}">{{title}}</a>{{/href}}{{^href}}{{title}}{{/href}}{{#unread}}</strong>{{/unread}}</td>
            <td>{{text}}</td>
            <td>{{#unread}}<form method="post" action="{{readAction}}"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="secondary">标为已读</button></form>{{/unread}}{{^unread}}已读{{/unread}}</td>
          </tr>{{/rows}}</tbody>
        </table>
        {{/isEmpty}}
        {{> list-next}}
        {{/list}}
        """
}
