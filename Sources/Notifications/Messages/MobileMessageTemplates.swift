/// The templates of 授权访问消息 on the candidates' pages.
enum MobileMessageTemplates {
    static let all = ["list": list]

    /// Each message is a card; opening one marks it read (a form, so it works without script).
    static let list = """
        <h1>授权访问消息</h1>
        {{#error}}<p class="errors" id="action-error" role="alert">{{error}}</p>{{/error}}
        <p>未读 <strong id="unread-total">{{unreadCount}}</strong> 条 · <a href="{{settingsHref}}" id="message-settings">消息设置</a></p>
        {{#hasUnread}}
        <form method="post" action="{{readAllAction}}">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <button type="submit" id="read-all" class="secondary">全部标为已读</button>
        </form>
        {{/hasUnread}}
        {{#list}}
        {{> list-empty}}
        {{^isEmpty}}
        <ul class="list" id="messages">
          {{#rows}}<li class="{{#unread}}unread{{/unread}}{{^unread}}read{{/unread}}" id="message-{{id}}">
            <h2>{{#unread}}<span class="status waiting">未读</span> {{/unread}}{{title}}</h2>
            <p class="muted">{{time}}</p>
            <p>{{text}}</p>
            {{#unread}}
            <form method="post" action="{{readAction}}" class="actions">
              <input type="hidden" name="_csrf" value="{{csrf}}">
              {{#target}}<button type="submit" name="open" value="1">查看</button>{{/target}}
              <button type="submit" class="secondary">标为已读</button>
            </form>
            {{/unread}}
            {{^unread}}{{#target}}<p><a class="button secondary" href="{{target}}">查看</a></p>{{/target}}{{/unread}}
          </li>{{/rows}}
        </ul>
        {{/isEmpty}}
        {{> list-next}}
        {{/list}}
        """
}
