/// The templates of 实名认证 on the candidates' pages (`/m/verification`).
enum VerificationMobileTemplates {
    static let all = ["verification": page, "verificationInfo": info, "verificationPhoto": photo]

    /// The status first, always; then the steps and the step the candidate is at.
    static let page = """
        <section class="card" id="verification-status">
          <h1>实名认证</h1>
          <p>认证状态：<span class="status {{statusStyle}}" id="status">{{statusLabel}}</span></p>
          {{#attemptsLeft}}<p class="hint" id="attempts-left">{{attemptsLeft}}</p>{{/attemptsLeft}}
          {{#rejectReason}}<p class="errors" id="reject-reason">审核未通过原因：{{rejectReason}}。请修改后重新认证。</p>{{/rejectReason}}
        </section>
        <ol class="steps" aria-label="认证步骤">
          {{#steps}}<li class="{{style}}"{{#current}} aria-current="step"{{/current}}>{{label}}</li>{{/steps}}
        </ol>
        {{#error}}<p class="errors" id="page-error" role="alert">{{error}}</p>{{/error}}

        {{#info}}{{> verificationInfo}}{{/info}}

        {{#scan}}
        <section class="card">
          <h2>证件扫描</h2>
          <dl class="fields">
            <dt>姓名</dt><dd id="scan-name">{{realName}}</dd>
            <dt>证件类型</dt><dd>{{documentType}}</dd>
            <dt>证件号码</dt><dd>{{documentNumberMasked}}</dd>
          </dl>
          <p><a href="{{edit}}" id="edit-info">修改认证信息</a></p>
          {{#suggestManual}}<p class="errors" id="suggest-manual">扫描失败次数过多，请选择人工审核。</p>{{/suggestManual}}
          {{^suggestManual}}
          <p class="hint">请将证件平放，四角完整、字迹清晰、无反光后拍摄；拍照后可查看照片，不清晰请重拍。照片为 JPG 或 PNG，每张不超过 2 MB。</p>
          <form method="post" action="{{action}}" enctype="multipart/form-data" novalidate>
            <input type="hidden" name="_csrf" value="{{csrf}}">
            {{#front}}{{> verificationPhoto}}{{/front}}
            {{#back}}{{> verificationPhoto}}{{/back}}
            <button type="submit" id="scan-submit">{{#manual}}提交人工审核{{/manual}}{{^manual}}提交核验{{/manual}}</button>
          </form>
          {{/suggestManual}}
        </section>
        {{#switchToManual}}
        <section class="card" id="manual-review">
          <h2>人工审核</h2>
          <p class="hint">{{#suggestManual}}自动核验的次数已用完。{{/suggestManual}}{{^suggestManual}}如自动核验多次失败，{{/suggestManual}}可改为人工审核：重新上传证件照片后由管理员审核。</p>
          <form method="post" action="{{action}}">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <input type="hidden" name="realName" value="{{realName}}">
            <input type="hidden" name="documentType" value="{{documentType}}">
            <input type="hidden" name="documentNumber" value="{{documentNumber}}">
            <input type="hidden" name="method" value="manual">
            <button type="submit" class="{{^suggestManual}}secondary{{/suggestManual}}" id="switch-manual">改为人工审核</button>
          </form>
        </section>
        {{/switchToManual}}
        {{/scan}}

        {{#underReview}}
        <section class="card" id="under-review">
          <h2>审核中</h2>
          <p>您的认证信息已提交，请等待管理员审核。审核通过后实名状态将变更为“已认证”，结果会通过消息通知您。</p>
          <dl class="fields">
            <dt>姓名</dt><dd>{{realName}}</dd>
            <dt>证件类型</dt><dd>{{documentType}}</dd>
            <dt>证件号码</dt><dd>{{documentNumberMasked}}</dd>
            <dt>认证方式</dt><dd>{{method}}</dd>
          </dl>
        </section>
        {{/underReview}}

        {{#verified}}
        <section class="card" id="verified">
          <h2>认证成功</h2>
          <p class="notice">您已完成实名认证。</p>
          <dl class="fields">
            <dt>姓名</dt><dd id="verified-name">{{realName}}</dd>
            <dt>证件类型</dt><dd>{{documentType}}</dd>
            <dt>证件号码</dt><dd>{{documentNumberMasked}}</dd>
            <dt>认证方式</dt><dd>{{method}}</dd>
          </dl>
        </section>
        {{/verified}}

        {{#withdrawAction}}
        <form method="post" action="{{withdrawAction}}">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <button type="submit" class="danger" id="withdraw">撤回认证</button>
          <p class="hint">撤回后可重新填写认证信息，或更换认证方式。</p>
        </form>
        {{/withdrawAction}}
        """

    /// 信息填写: name, document type, number, method; each problem next to its field.
    static let info = """
        <section class="card">
          <h2>信息填写</h2>
          <p class="hint">请填写与证件一致的真实姓名和证件号码。港澳台或外籍考生请选择与国家医学考试网报名相同的证件类型和号码。</p>
          <form method="post" action="{{action}}" novalidate>
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="realName" class="required">真实姓名</label>
            <input id="realName" name="realName" autocomplete="name" maxlength="50" value="{{realName}}" required{{#realNameError}} aria-invalid="true" aria-describedby="realName-error"{{/realNameError}}>
            {{#realNameError}}<span class="field-error" id="realName-error">{{realNameError}}</span>{{/realNameError}}
            <label for="documentType" class="required">证件类型</label>
            <select id="documentType" name="documentType" required{{#documentTypeError}} aria-invalid="true" aria-describedby="documentType-error"{{/documentTypeError}}>
              {{#types}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/types}}
            </select>
            {{#documentTypeError}}<span class="field-error" id="documentType-error">{{documentTypeError}}</span>{{/documentTypeError}}
            <label for="documentNumber" class="required">证件号码</label>
            <input id="documentNumber" name="documentNumber" autocomplete="off" maxlength="40" value="{{documentNumber}}" required{{#documentNumberError}} aria-invalid="true" aria-describedby="documentNumber-error"{{/documentNumberError}}>
            {{#documentNumberError}}<span class="field-error" id="documentNumber-error">{{documentNumberError}}</span>{{/documentNumberError}}
            <fieldset{{#methodError}} aria-describedby="method-error"{{/methodError}}>
              <legend class="required">认证方式</legend>
              {{#methods}}
              <label class="choice" for="method-{{code}}"><input type="radio" id="method-{{code}}" name="method" value="{{code}}"{{#selected}} checked{{/selected}}> {{label}}</label>
              <p class="hint">{{hint}}</p>
              {{/methods}}
              {{#methodError}}<span class="field-error" id="method-error">{{methodError}}</span>{{/methodError}}
            </fieldset>
            <button type="submit" id="info-submit">下一步：证件扫描</button>
          </form>
          {{#cancel}}<p><a class="button secondary" href="{{cancel}}" id="cancel-edit">不修改，返回证件扫描</a></p>{{/cancel}}
        </section>
        """

    /// One side of the document: the camera input, the photo kept from the last try, its problem.
    static let photo = """
        <label for="{{field}}" class="required">{{label}}</label>
        {{#keptHref}}
        <figure class="photo"><img src="{{keptHref}}" alt="已上传的{{label}}"><figcaption class="hint">已上传；如需重拍请重新选择</figcaption></figure>
        <input type="hidden" name="{{field}}Id" value="{{keptID}}">
        {{/keptHref}}
        <input type="file" id="{{field}}" name="{{field}}" accept="image/*" capture="environment"{{#photoError}} aria-invalid="true" aria-describedby="{{field}}-error"{{/photoError}}>
        {{#photoError}}<span class="field-error" id="{{field}}-error">{{photoError}}</span>{{/photoError}}
        """
}
