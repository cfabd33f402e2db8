/// The templates of 个人信息 on the candidates' pages (`/m/profile`).
enum ProfileMobileTemplates {
    static let all = ["profile": profile]

    static let profile = """
        <h1>个人信息</h1>
        {{#notice}}<p class="notice" id="profile-notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="errors" id="page-error" role="alert">{{error}}</p>{{/error}}
        <section class="card">
          <h2>基本信息</h2>
          <dl class="fields">
            <dt>手机号</dt><dd id="profile-phone">{{phone}}</dd>
            <dt>实名认证</dt><dd><span class="status {{verificationStyle}}" id="profile-verification">{{verificationStatus}}</span></dd>
            {{#realName}}<dt>姓名</dt><dd id="profile-name">{{realName}}</dd>{{/realName}}
            {{#document}}<dt>证件</dt><dd>{{document}}</dd>{{/document}}
            <dt>性别</dt><dd id="profile-gender">{{gender}}</dd>
          </dl>
          {{^realName}}<p class="hint">姓名、证件和性别来自实名认证。<a href="{{verificationLink}}">前往认证</a></p>{{/realName}}
        </section>
        <form method="post" action="{{action}}" class="card" novalidate>
          <h2>可修改的信息</h2>
          <input type="hidden" name="_csrf" value="{{csrf}}">
          {{#genderForm}}
          <fieldset{{#genderError}} aria-describedby="gender-error"{{/genderError}}>
            <legend>性别（证件未载明，仅可填写一次）</legend>
            {{#choices}}<label class="choice" for="gender-{{code}}"><input type="radio" id="gender-{{code}}" name="gender" value="{{code}}"{{#selected}} checked{{/selected}}> {{label}}</label>{{/choices}}
            {{#genderError}}<span class="field-error" id="gender-error">{{genderError}}</span>{{/genderError}}
          </fieldset>
          {{/genderForm}}
          <label for="ethnicity">民族</label>
          <select id="ethnicity" name="ethnicity"{{#ethnicityError}} aria-invalid="true" aria-describedby="ethnicity-error"{{/ethnicityError}}>
            {{#ethnicities}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/ethnicities}}
          </select>
          {{#ethnicityError}}<span class="field-error" id="ethnicity-error">{{ethnicityError}}</span>{{/ethnicityError}}
          <label for="email">电子邮箱</label>
          <input id="email" name="email" type="email" inputmode="email" autocomplete="email" maxlength="254" value="{{email}}"{{#emailError}} aria-invalid="true" aria-describedby="email-error"{{/emailError}}>
          {{#emailError}}<span class="field-error" id="email-error">{{emailError}}</span>{{/emailError}}
          <button type="submit" id="profile-save">保存</button>
        </form>
        """
}
