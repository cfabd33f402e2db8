/// The templates of the console's sign-in and home pages.
enum SignInTemplates {
    static let all = ["signIn": signIn, "home": home]

    static let signIn = """
        <section class="card signin">
          <h1>登录管理端</h1>
          <p class="muted">供单位管理员和平台管理员使用。请输入在平台登记的手机号，获取短信验证码后登录。</p>
          {{#notice}}<p class="notice">{{notice}}</p>{{/notice}}
          {{#error}}<p class="error" id="signin-error">{{error}}</p>{{/error}}
          {{^codeSent}}
          <form method="post" action="{{sendCodeAction}}" class="stacked">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="phone">手机号</label>
            <input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel" maxlength="11" value="{{phone}}" required>
            <p><button type="submit" id="send-code">获取验证码</button></p>
          </form>
          {{/codeSent}}
          {{#codeSent}}
          <form method="post" action="{{signInAction}}" class="stacked">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="phone">手机号</label>
            <input id="phone" name="phone" type="tel" inputmode="numeric" maxlength="11" value="{{phone}}" required>
            <label for="code">短信验证码</label>
            <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required>
            <p><button type="submit" id="sign-in">登录</button></p>
          </form>
          <form method="post" action="{{sendCodeAction}}">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <input type="hidden" name="phone" value="{{phone}}">
            <button type="submit" class="secondary">重新获取验证码</button>
          </form>
          {{/codeSent}}
        </section>
        """

    static let home = """
        <h1>管理端首页</h1>
        {{#hasUnits}}
        <section>
          <h2>我管理的单位</h2>
          <ul class="units">
          {{#units}}<li><a href="{{href}}">{{name}}</a></li>{{/units}}
          </ul>
        </section>
        {{/hasUnits}}
        {{#platform}}
        <section>
          <h2>平台管理</h2>
          <ul>
            {{#platformLinks}}<li><a href="{{href}}">{{label}}</a></li>{{/platformLinks}}
          </ul>
        </section>
        {{/platform}}
        """
}
