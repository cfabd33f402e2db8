/// The templates of the candidates' sign-in page (`/m`).
enum MobileSignInTemplates {
    static let all = ["signIn": signIn]

    static let signIn = """
        <section class="card signin">
          <h1>考生登录</h1>
          <p class="muted">湖北卫生人才综合服务平台考生端。请输入手机号，获取短信验证码后登录；首次登录将自动注册。</p>
          {{#notice}}<p class="notice" id="signin-notice" role="status">{{notice}}</p>{{/notice}}
          {{^codeSent}}
          <form method="post" action="{{sendCodeAction}}" novalidate>
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="phone" class="required">手机号</label>
            <input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel" maxlength="11" value="{{phone}}" required{{#phoneError}} aria-invalid="true" aria-describedby="phone-error"{{/phoneError}}>
            {{#phoneError}}<span class="field-error" id="phone-error">{{phoneError}}</span>{{/phoneError}}
            <button type="submit" id="send-code">获取验证码</button>
          </form>
          {{/codeSent}}
          {{#codeSent}}
          <form method="post" action="{{signInAction}}" novalidate>
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="phone" class="required">手机号</label>
            <input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel" maxlength="11" value="{{phone}}" required{{#phoneError}} aria-invalid="true" aria-describedby="phone-error"{{/phoneError}}>
            {{#phoneError}}<span class="field-error" id="phone-error">{{phoneError}}</span>{{/phoneError}}
            <label for="code" class="required">短信验证码</label>
            <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required{{#codeError}} aria-invalid="true" aria-describedby="code-error"{{/codeError}}>
            {{#codeError}}<span class="field-error" id="code-error">{{codeError}}</span>{{/codeError}}
            <button type="submit" id="sign-in">登录</button>
          </form>
          <form method="post" action="{{sendCodeAction}}">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <input type="hidden" name="phone" value="{{phone}}">
            <button type="submit" class="secondary" id="resend-code">重新获取验证码</button>
          </form>
          {{/codeSent}}
        </section>
        """
}
