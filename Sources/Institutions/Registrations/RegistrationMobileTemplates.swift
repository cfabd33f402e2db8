/// The template of 机构注册 on the candidates' pages.
enum RegistrationMobileTemplates {
    static let all = ["register": register, "choice": choice]

    static let register = """
        <h1>机构注册</h1>
        {{#notice}}<p class="notice" id="register-notice" role="status">{{notice}}</p>{{/notice}}
        {{#summary}}<p class="errors" id="register-error" role="alert">{{summary}}</p>{{/summary}}
        <p class="muted">单位在平台上搜索不到时，由单位负责人填写以下信息并上传医疗机构执业许可证，平台审核通过后，注册人即成为该单位的管理员。</p>
        <form method="post" action="{{action}}" enctype="multipart/form-data" class="card" novalidate>
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <input type="hidden" name="licenceAttachmentId" value="{{licenceAttachmentId}}">
          {{#fields}}
          <label for="{{name}}"{{#required}} class="required"{{/required}}>{{label}}</label>
          <input id="{{name}}" name="{{name}}" value="{{value}}"{{#inputMode}} inputmode="{{inputMode}}"{{/inputMode}} maxlength="{{maxLength}}"{{#required}} required{{/required}}{{#error}} aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}>
          {{#hint}}<p class="hint">{{hint}}</p>{{/hint}}
          {{#error}}<span class="field-error" id="{{name}}-error">{{error}}</span>{{/error}}
          {{/fields}}
          {{#category}}{{> choice}}{{/category}}
          {{#region}}{{> choice}}{{/region}}
          <label for="licence" class="required">医疗机构执业许可证</label>
          {{#hasLicence}}<p class="hint" id="licence-kept">已上传，如需更换请重新选择。</p>{{/hasLicence}}
          <input id="licence" name="licence" type="file" accept="image/*,application/pdf" capture="environment"{{#licenceError}} aria-invalid="true" aria-describedby="licenceAttachmentId-error"{{/licenceError}}>
          {{#licenceError}}<span class="field-error" id="licenceAttachmentId-error">{{licenceError}}</span>{{/licenceError}}
          <button type="submit" id="submit-registration">提交注册</button>
        </form>
        {{#hasMine}}
        <section class="card" id="my-registrations">
          <h2>我的注册申请</h2>
          <ul class="menu">{{#mine}}<li><div><strong>{{name}}</strong> <span class="status {{statusClass}}">{{status}}</span><br><span class="muted">提交于 {{submittedAt}}</span>{{#reason}}<br><span class="error">驳回原因：{{reason}}</span>{{/reason}}</div></li>{{/mine}}</ul>
        </section>
        {{/hasMine}}
        """

    /// A `<select>` with its label and problem (`RegistrationMobileModel.Choice`).
    static let choice = """
        <label for="{{name}}" class="required">{{label}}</label>
        <select id="{{name}}" name="{{name}}" required{{#error}} aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}>
          <option value="">请选择</option>
          {{#options}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}
        </select>
        {{#error}}<span class="field-error" id="{{name}}-error">{{error}}</span>{{/error}}
        """
}
