/// The template of 消息设置.
enum PreferenceMobileTemplates {
    static let all = ["settings": settings]

    static let settings = """
        <h1>消息设置</h1>
        {{#notice}}<p class="notice" id="settings-notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="errors" id="settings-error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="{{action}}" class="card">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <fieldset>
            <legend>通过微信和短信提醒我</legend>
            <p class="hint">所有消息都会出现在“授权访问消息”中；这里选择哪些还要通过微信或短信通知您。退回和允许修改关系到申报期限，不能关闭。</p>
            {{#kinds}}
            <label class="choice" for="kind-{{code}}"><input type="checkbox" id="kind-{{code}}" name="on" value="{{code}}"{{#enabled}} checked{{/enabled}}{{#essential}} disabled{{/essential}}> {{label}}{{#essential}}（不可关闭）{{/essential}}</label>
            {{/kinds}}
          </fieldset>
          <button type="submit" id="save-settings">保存</button>
        </form>
        """
}
